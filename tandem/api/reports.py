"""The outcome report for the API, in one of two scopes.

``mine``: NHS Talking Therapies headline outcomes over exactly the episodes the caller may see
clinically, computed on each request (a caseload is small).

``practice``: the whole practice's figures, read from the practice report's kept snapshot (the
one the web practice report reads), so the API and the page agree and a large practice is not
recomputed per request. Suppression comes with the snapshot: the core's report already hides
every figure resting on fewer than ``MIN_CELL`` episodes.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.utils import timezone

from tandem.accounts.models import User
from tandem.core.outcomes import reports as core_reports
from tandem.core.outcomes.nhs import outcome_report
from tandem.measures.outcomes_source import OUTCOME_INSTRUMENTS, frame_from_rows
from tandem.policy import can_view_practice_report, querysets
from tandem.reports.practice_freshness import current_snapshot

Scope = Literal["mine", "practice"]
MINE: Scope = "mine"
PRACTICE: Scope = "practice"

# The practice figures the page shows, in the order it shows them.
PRACTICE_RATES = (
    "recovery",
    "reliable_improvement",
    "reliable_recovery",
    "reliable_deterioration",
    "dropout",
    "rupture_sessions",
)


def default_scope(user: User) -> Scope:
    """``practice`` for someone who may see the practice report and holds no clinical role (so
    ``mine`` would always be empty for them); ``mine`` for everyone else. Decided by roles, not
    by data, so a caller's default does not change as their caseload does."""
    clinical = user.is_therapist or user.is_supervisor
    return PRACTICE if can_view_practice_report(user) and not clinical else MINE


def scores_frame(user: User) -> Any:
    """The long form (episode_id, session, instrument, score, ended, problem) of the caller's
    visible scores, as ``tandem outcomes`` reads it."""
    rows = querysets.responses(user).filter(
        instrument_id__in=OUTCOME_INSTRUMENTS, total__isnull=False, session__isnull=False
    )
    values = rows.values_list(
        "episode_id",
        "session__number",
        "instrument_id",
        "total",
        "episode__status",
        "episode__problem",
    )
    return frame_from_rows(list(values))


def outcome_report_for(user: User) -> dict[str, Any]:
    """Scope ``mine``: the headline outcomes over the episodes the caller may see."""
    return {"scope": MINE, **outcome_report(scores_frame(user)).to_dict()}


def practice_outcomes_for(user: User, today: date | None = None) -> dict[str, Any]:
    """Scope ``practice``: the caller's practice's figures from its latest snapshot, with how
    fresh they are. A stale snapshot is answered at once and a recomputation queued, as on the
    page; only a practice with no snapshot yet is computed here."""
    today = today or timezone.localdate()
    snapshot, updating = current_snapshot(user.practice_id, today)
    return practice_outcomes(snapshot.payload, snapshot.computed_at, updating)


def practice_outcomes(payload: dict[str, Any], computed_at: Any, updating: bool) -> dict[str, Any]:
    """The practice-level figures of a practice report snapshot's payload, as plain data."""
    data = payload.get("report")
    group = core_reports.PracticeReport.from_dict(data).practice if data else None
    suppressed_rate = core_reports.Rate(None, None, None, True).to_dict()
    figures: dict[str, Any] = {
        name: getattr(group, name).to_dict() if group else suppressed_rate
        for name in PRACTICE_RATES
    }
    figures["effect_size"] = (
        group.effect_size.to_dict()
        if group
        else core_reports.Estimate(None, None, None, None, True).to_dict()
    )
    return {
        "scope": PRACTICE,
        "computed_at": computed_at,
        "updating": updating,
        "min_cell": int(data["min_cell"]) if data else core_reports.MIN_CELL,
        "through": payload.get("through"),
        "practice_episodes": payload["episodes"],
        "ended_episodes": payload["ended"],
        "not_ended_episodes": payload.get("not_ended"),
        "finished_episodes": payload.get("finished"),
        "paired_episodes": payload.get("paired"),
        # No scores at all is fewer than min_cell too: the core's rule, applied to an empty report.
        "episodes": group.episodes if group else None,
        "suppressed": group.suppressed if group else True,
        **figures,
    }
