"""The alert replay over a practice's own ended episodes (tandem.core.outcomes.replay), and the
page "How well do our alerts work?".

One query gathers the scores; the core replays them with the practice's bands, as the caseload
would have seen each session. The page's figures are kept as a practice snapshot that the worker
refreshes like the practice report's; ``tandem alerts --from-db`` replays at once. Figures only:
no client, no sentence.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tandem.care.models import Episode
from tandem.core.outcomes import replay
from tandem.measures import analytics, snapshots
from tandem.measures.models import PracticeSnapshot, Response
from tandem.measures.tasks import request_recompute


def practice_long_frame(practice_id: int) -> Any:
    """The long table of the practice's ended episodes: the symptom measures (PHQ-9, GAD-7 and
    the disorder-specific ones), the relationship scales (session means) and each episode's
    problem descriptor, as the replay reads them."""
    import pandas as pd

    from tandem.core.outcomes.nhs_measures import ADSM_IDS

    wanted = (*analytics.MEASURES, *ADSM_IDS, *replay.RELATIONSHIP)
    rows = (
        Response.objects.filter(
            episode__client__practice_id=practice_id,
            episode__status=Episode.ENDED,
            instrument_id__in=wanted,
            private=False,
            total__isnull=False,
            session__isnull=False,
        )
        .order_by("episode_id", "session__number", "submitted_at")
        .values_list("episode_id", "session__number", "instrument_id", "total", "episode__problem")
    )
    frame = pd.DataFrame(
        list(rows), columns=["episode_id", "session", "instrument", "score", "problem"]
    ).astype({"session": "int64", "score": "float64"})
    frame["problem"] = frame["problem"].fillna("none").replace("", "none").astype(str)
    return frame


def replay_practice(practice_id: int, bands: bool = True) -> replay.Replay:
    """Every ended episode of the practice replayed with its bands (``bands=False``: the fixed
    rule alone)."""
    meta = analytics.instrument_meta()
    learned = analytics.all_practice_bands(practice_id) if bands else None
    return replay.replay(practice_long_frame(practice_id), meta, analytics.MEASURES, learned)


def compute_replay_payload(practice_id: int) -> dict[str, Any]:
    """What the practice page shows: the validation figures only (no episode, no sentence)."""
    return {"validation": replay_practice(practice_id).validation}


# Below this many ended episodes with an outcome the page says the figures cannot be trusted
# yet: the same minimum the practice report applies to a cell (tandem.core.outcomes.reports).
FEW_EPISODES = 10

LABELS = {
    "risk_item_blank": _("A risk question left blank"),
    "deterioration": _("Reliable deterioration"),
    "not_on_track": _("Not on track"),
    "rupture": _("Rupture in the partnership"),
    "repair": _("Rupture repaired"),
    "gap": _("Therapist and client see it differently"),
    "reliance_rising": _("Reliance rising"),
    "feeling_better_not_getting_better": _("Feeling better, not getting better"),
    "low_engagement": _("Little practice between sessions"),
    "ready_to_graduate": _("Ready to talk about a planned ending"),
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
                "per_episode": row["alerts_per_episode"],
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
