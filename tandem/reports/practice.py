"""The practice report's figures, computed: the practice's scores and episodes as data frames,
the core's report over them, and the payload a snapshot keeps (:func:`compute_report_payload`,
run by the worker and registered with :mod:`tandem.measures.snapshots` at start-up).

Three queries whatever the practice size: outcome scores, client partnership scores, episodes.
Every rate, interval, adjustment and suppression comes from ``tandem.core.outcomes.reports``.
The report is practice-wide aggregates only (no client is named), for practice leads and
supervisors; any cell resting on fewer than ``MIN_CELL`` episodes is suppressed by the core.

The rest of the report lives beside it: :mod:`.practice_trend` (the figures by month and their
chart), :mod:`.practice_context` (the page's context rebuilt from a payload),
:mod:`.practice_freshness` (which snapshot to show, and whether a newer one is coming) and
:mod:`.practice_page` (the page, its rendered body kept in the cache).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import numpy as np
from django.utils import timezone

from tandem.care.models import Episode
from tandem.core.outcomes import reports as core_reports
from tandem.core.outcomes.follow_up import FollowedEpisode, relapse_rate
from tandem.core.outcomes.long_table import INSTRUMENTS, long_arrays
from tandem.core.outcomes.nhs import OutcomeReport, outcome_columns
from tandem.followup.models import FollowUp
from tandem.measures import registry
from tandem.measures.models import Response
from tandem.reports.practice_trend import trend_figures

# The end reason that counts as a drop-out: an unplanned ending by the client.
DROPPED_OUT = "withdrew"


def closed_through(today: date) -> date:
    """The last day the report covers: the end of the last complete month.

    A report that moved every day could be subtracted from the next day's to read the outcome
    of the one episode that ended in between, whatever the small-number suppression. Closed at
    month ends, two reports in the same month are the same report, and what changes from one
    month to the next is that month's endings (docs/outcomes.md, "What two reports reveal")."""
    return today.replace(day=1) - timedelta(days=1)


def _frames(practice_id: int, through: date) -> tuple[Any, Any, Any, dict[int, date | None]]:
    """The practice as it stood at the end of ``through``: sessions held by then, and an
    episode counts as ended only if it had ended by then."""
    import pandas as pd

    # One pass over the practice's responses for both the outcome scores and the partnership.
    rows = pd.DataFrame.from_records(
        list(
            Response.objects.filter(
                episode__client__practice_id=practice_id,
                instrument_id__in=(*INSTRUMENTS, registry.SESSION_SCALE),
                total__isnull=False,
                session__isnull=False,
                session__date__lte=through,
            ).values_list("episode_id", "session__number", "instrument_id", "total")
        ),
        columns=["episode_id", "session", "instrument", "score"],
    ).astype({"episode_id": "int64", "session": "int64", "score": "float64"})
    is_partnership = rows["instrument"] == registry.SESSION_SCALE
    scores = rows[~is_partnership].reset_index(drop=True)
    partnership = rows.loc[is_partnership, ["episode_id", "session", "score"]].reset_index(
        drop=True
    )
    episode_rows = [
        (pk, t, s == Episode.ENDED and e is not None and e <= through, e, reason, problem)
        for pk, t, s, e, reason, problem in Episode.objects.filter(
            client__practice_id=practice_id, started_on__lte=through
        ).values_list("id", "therapist_id", "status", "ended_on", "end_reason", "problem")
    ]
    episodes = pd.DataFrame(
        [
            (pk, t, ended, ended and reason == DROPPED_OUT, problem)
            for pk, t, ended, _, reason, problem in episode_rows
        ],
        columns=["episode_id", "therapist_id", "ended", "dropped_out", "problem"],
    )
    ended_on = {pk: e if ended else None for pk, _, ended, e, _, _ in episode_rows}
    return scores, partnership, episodes, ended_on


def _course_counts(scores: Any, episodes: Any) -> dict[str, Any]:
    """Finished and paired episodes of the practice (the headline counts), and the anxiety
    measures the paired episodes were judged on (for the unverified-threshold note)."""
    if not len(scores):
        return {"finished": 0, "paired": 0, "measures": []}
    extra = episodes.set_index("episode_id")
    frame = scores.assign(
        ended=scores["episode_id"].map(extra["ended"]).fillna(False).astype(bool),
        problem=scores["episode_id"].map(extra["problem"]).fillna("none").astype(str),
    )
    columns = outcome_columns(long_arrays(frame))
    report = OutcomeReport.from_columns(columns)
    paired = np.asarray(columns["paired"], dtype=bool)
    codes = np.unique(np.asarray(columns["anxiety_measure"])[paired]).tolist()
    measures = [INSTRUMENTS[c] for c in codes]
    return {"finished": report.finished, "paired": report.paired, "measures": measures}


def _recovered(scores: Any, episodes: Any) -> dict[int, str]:
    """The practice's episodes recovered at the end (tandem.core.outcomes.nhs), each with the
    anxiety measure it was judged on."""
    if not len(scores):
        return {}
    extra = episodes.set_index("episode_id")
    frame = scores.assign(
        ended=scores["episode_id"].map(extra["ended"]).fillna(False).astype(bool),
        problem=scores["episode_id"].map(extra["problem"]).fillna("none").astype(str),
    )
    columns = outcome_columns(long_arrays(frame))
    ids = np.asarray(columns["episode_id"])
    recovered = np.asarray(columns["recovered"], dtype=bool)
    measures = np.asarray(columns["anxiety_measure"])
    return {int(ids[i]): INSTRUMENTS[int(measures[i])] for i in np.flatnonzero(recovered)}


def relapse_figure(scores: Any, episodes: Any, through: date) -> dict[str, Any]:
    """Relapse at follow-up (tandem.core.outcomes.follow_up, where its definition and source
    are): of the episodes recovered at the end, how many were a case again on the paired
    measures at a follow-up check-in answered by the end of ``through``; suppressed under the
    report's small-number limit."""
    recovered = _recovered(scores, episodes)
    answered: dict[int, dict[str, float]] = defaultdict(dict)
    episode_of: dict[int, int] = {}
    for follow_up_id, episode_id, instrument_id, total in FollowUp.responses.through.objects.filter(
        followup__episode_id__in=list(recovered),
        followup__answered_at__date__lte=through,
        response__total__isnull=False,
    ).values_list(
        "followup_id", "followup__episode_id", "response__instrument_id", "response__total"
    ):
        answered[follow_up_id][instrument_id] = float(total)
        episode_of[follow_up_id] = episode_id
    pairs: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for follow_up_id, found in sorted(answered.items()):
        episode_id = episode_of[follow_up_id]
        anxiety = recovered[episode_id]
        if "phq9" in found and anxiety in found:
            pairs[episode_id].append((found["phq9"], found[anxiety]))
    followed = [FollowedEpisode(recovered[e], tuple(p)) for e, p in pairs.items()]
    return relapse_rate(followed).to_dict()


def compute_report_payload(practice_id: int, today: date | None = None) -> dict[str, Any]:
    """Everything the practice report shows, as plain JSON: the expensive part (every score of
    the practice, the rupture flags over every rated session, the core's report), done by the
    worker and kept as a snapshot."""
    today = today or timezone.localdate()
    through = closed_through(today)
    scores, partnership, episodes, ended_on = _frames(practice_id, through)
    sessions = core_reports.rupture_flags(partnership) if len(partnership) else None
    report = (
        core_reports.practice_report(scores, episodes, sessions, practice_name="practice")
        if len(scores)
        else None
    )
    ended = int(episodes["ended"].sum()) if len(episodes) else 0
    counts = _course_counts(scores, episodes)
    return {
        "today": today.isoformat(),
        "through": through.isoformat(),
        "episodes": len(episodes),
        "ended": ended,
        # NHS Talking Therapies: only ended episodes are outcomes; finished = ended with two or
        # more scored sessions; paired = finished with both measures of the pair at two or more
        # sessions (tandem.core.outcomes.nhs). Every episode of the practice is counted, scored
        # or not.
        "not_ended": len(episodes) - ended,
        "finished": counts["finished"],
        "paired": counts["paired"],
        # The anxiety measures the rates rest on; any with an unverified threshold is named on
        # the page (tandem.core.outcomes.nhs_measures.unverified_thresholds).
        "measures": counts["measures"],
        "report": report.to_dict() if report is not None else None,
        "trend": (
            trend_figures(scores, episodes, ended_on, through) if report is not None else None
        ),
        "relapse": relapse_figure(scores, episodes, through),
    }
