"""The page "How well do our alerts work?": the alert replay over the practice's own ended
episodes (tandem.core.outcomes.replay), kept as a practice snapshot that the worker refreshes
like the practice report's figures. Figures only: no client, no sentence."""

from __future__ import annotations

from typing import Any

from tandem.measures import snapshots
from tandem.measures.alert_replay import compute_replay_payload
from tandem.measures.models import PracticeSnapshot
from tandem.measures.tasks import request_recompute

# Below this many ended episodes with an outcome the page says the figures cannot be trusted
# yet: the same minimum the practice report applies to a cell (tandem.core.outcomes.reports).
FEW_EPISODES = 10

LABELS = {
    "risk_item_blank": "A risk question left blank",
    "deterioration": "Reliable deterioration",
    "not_on_track": "Not on track",
    "rupture": "Rupture in the partnership",
    "repair": "Rupture repaired",
    "gap": "Therapist and client see it differently",
    "reliance_rising": "Reliance rising",
    "feeling_better_not_getting_better": "Feeling better, not getting better",
    "low_engagement": "Little practice between sessions",
    "ready_to_graduate": "Ready to talk about a planned ending",
}


def _percent(x: float | None) -> str:
    return "—" if x is None else f"{round(100 * x)}%"


def alert_replay_page(practice_id: int) -> dict[str, Any]:
    kind = PracticeSnapshot.ALERT_REPLAY
    snapshot = snapshots.read(practice_id, kind)
    updating = False
    if snapshot is None:
        snapshot = snapshots.compute_and_store(practice_id, kind, compute_replay_payload)
    elif snapshot.data_version != snapshots.data_version():
        updating = request_recompute(practice_id, kind) or (
            snapshot.requested_at is not None and snapshot.requested_at > snapshot.computed_at
        )
    validation = snapshot.payload.get("validation") or {}
    rows = []
    for name, row in (validation.get("kinds") or {}).items():
        if not row["episodes_flagged"] and not row["alerts_per_episode"]:
            continue
        worse, stuck = row["reliable_deterioration"], row["no_reliable_improvement"]
        rows.append(
            {
                "kind": name,
                "label": LABELS.get(name, name),
                "flagged": row["episodes_flagged"],
                "per_episode": f"{row['alerts_per_episode']:.2f}",
                "worse": {k: _percent(worse[k]) for k in ("sensitivity", "specificity", "ppv")},
                "worse_lead": worse["lead_time_sessions"],
                "stuck": {k: _percent(stuck[k]) for k in ("sensitivity", "specificity", "ppv")},
                "stuck_lead": stuck["lead_time_sessions"],
            }
        )
    return {
        "validation": validation,
        "rows": rows,
        "few": validation.get("with_outcome", 0) < FEW_EPISODES,
        "few_episodes": FEW_EPISODES,
        "computed_at": snapshot.computed_at,
        "updating": updating,
    }
