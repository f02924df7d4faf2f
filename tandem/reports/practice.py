"""The practice report as plain data: the core's report over the practice, shaped for the page.

Three queries whatever the practice size: outcome scores, client partnership scores, episodes.
Every rate, interval, adjustment and suppression comes from ``tandem.core.outcomes.reports``.
The report is practice-wide aggregates only (no client is named), for practice leads and
supervisors; any cell resting on fewer than ``MIN_CELL`` episodes is suppressed by the core.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from tandem.accounts.models import User
from tandem.care.models import Episode
from tandem.core.outcomes import comparison as cmp
from tandem.core.outcomes import nhs_measures
from tandem.core.outcomes import reports as core_reports
from tandem.core.outcomes.long_table import INSTRUMENTS, long_arrays
from tandem.core.outcomes.nhs import OutcomeReport, outcome_columns
from tandem.measures import registry, snapshots
from tandem.measures.models import PracticeSnapshot, Response
from tandem.measures.tasks import request_recompute
from tandem.reports import charts

MONTHS = 12
QUARTERS = 8
# The end reason that counts as a drop-out: an unplanned ending by the client.
DROPPED_OUT = "withdrew"
# A rendered report is kept at most this long (a renamed therapist shows by then at the latest).
CACHE_SECONDS = 60 * 60


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


def _pct(rate: core_reports.Rate) -> str:
    return "suppressed" if rate.suppressed or rate.value is None else f"{round(rate.value * 100)}%"


def _months_back(today: date, count: int) -> list[date]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


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
        "trend": _trend(scores, episodes, ended_on, through) if report is not None else None,
    }


def current_snapshot(practice_id: int, today: date) -> tuple[PracticeSnapshot, bool]:
    """The practice's latest report snapshot, and whether a newer one is being computed.

    A snapshot computed from older data, or on an earlier day, is still returned at once, and a
    recomputation is queued for the worker. With no snapshot yet (a new practice) the report is
    computed here and kept. A task backend that runs tasks straight away (the test runner's)
    leaves the fresh figures in place before this returns.
    """
    kind = PracticeSnapshot.PRACTICE_REPORT
    snapshot = snapshots.read(practice_id, kind, with_payload=False)
    if snapshot is None:
        computed = snapshots.compute_and_store(
            practice_id, kind, lambda pk: compute_report_payload(pk, today)
        )
        return computed, False
    if (
        timezone.localtime(snapshot.computed_at).date() == today
        and snapshot.data_version == snapshots.data_version()
    ):
        return snapshot, False
    request_recompute(practice_id, kind)
    snapshot = snapshots.read(practice_id, kind, with_payload=False) or snapshot
    updating = snapshot.requested_at is not None and snapshot.requested_at > snapshot.computed_at
    return snapshot, updating


def _status(snapshot: PracticeSnapshot, updating: bool, today: date) -> dict[str, Any]:
    return {
        "computed_at": snapshot.computed_at,
        "same_day": timezone.localtime(snapshot.computed_at).date() == today,
        "updating": updating,
    }


def practice_report_data(user: Any, today: date | None = None) -> dict[str, Any]:
    """The report as plain data, from the practice's latest snapshot, with its ``status``."""
    today = today or timezone.localdate()
    snapshot, updating = current_snapshot(user.practice_id, today)
    context = report_context(snapshot.payload, user.practice_id)
    context["status"] = _status(snapshot, updating, today)
    return context


def practice_report_page(user: Any, today: date | None = None) -> dict[str, Any]:
    """The page's context: the status line and the report's body, rendered once per snapshot in
    each process and then kept (a practice of 1,000 therapists makes a long table and chart, and
    rendering them costs more than anything else on the page)."""
    today = today or timezone.localdate()
    snapshot, updating = current_snapshot(user.practice_id, today)
    key = f"tandem:practice-report:{snapshot.pk}:{snapshot.computed_at.timestamp()}"
    kept = cache.get(key)
    if kept is None:
        context = report_context(snapshot.payload, user.practice_id)
        kept = {
            "body": render_to_string("reports/practice_report_body.html", context),
            "episodes": context["episodes"],
        }
        cache.set(key, kept, CACHE_SECONDS)
    return {
        "body": mark_safe(kept["body"]),  # noqa: S308 - our own template's output
        "episodes": kept["episodes"],
        "status": _status(snapshot, updating, today),
    }


def report_context(payload: dict[str, Any], practice_id: int) -> dict[str, Any]:
    """The page's context from a snapshot's payload (cheap: no score is read again)."""
    data = payload.get("report")
    report = core_reports.PracticeReport.from_dict(data) if data else None
    context: dict[str, Any] = {
        "report": report,
        "episodes": payload["episodes"],
        # Snapshots made before reports closed at month ends lack it (None: not said).
        "through": date.fromisoformat(payload["through"]) if payload.get("through") else None,
        "ended": payload["ended"],
        # Snapshots computed before these counts existed lack them (None: not shown).
        "not_ended": payload.get("not_ended"),
        "finished": payload.get("finished"),
        "paired": payload.get("paired"),
        "min_cell": core_reports.MIN_CELL,
        "threshold_notes": nhs_measures.unverified_thresholds(payload.get("measures") or []),
        "therapists": [],
        "charts": [],
    }
    if report is None:
        return context
    names = dict(
        User.objects.filter(practice_id=practice_id, is_therapist=True).values_list(
            "id", "full_name"
        )
    )
    p = report.practice
    context["headline"] = [
        (
            "Recovery",
            p.recovery,
            "paired episodes that started as a case ended below caseness",
        ),
        ("Reliable improvement", p.reliable_improvement, "paired episodes improved reliably"),
        ("Reliable recovery", p.reliable_recovery, "cases recovered and improved reliably"),
        (
            "Reliable deterioration",
            p.reliable_deterioration,
            "paired episodes got reliably worse",
        ),
        ("Drop-out", p.dropout, "ended episodes ended by the client withdrawing"),
        ("Sessions with a partnership dip", p.rupture_sessions, "client-rated sessions had a dip"),
    ]
    rows = []
    for t in report.therapists:
        name = names.get(int(float(t.name)), "Former therapist") if t.name else "—"
        rows.append({"name": name, "report": t, "cells": _rate_cells(t)})
    rows.sort(key=lambda r: (r["report"].suppressed, r["name"]))
    context["therapists"] = rows
    # Therapist comparison: residualised change in PHQ-9 points, with its 95% interval.
    shown = [r for r in rows if not r["report"].adjusted_change.suppressed]
    span = max(
        [
            abs(v)
            for r in shown
            for v in (r["report"].adjusted_change.low or 0, r["report"].adjusted_change.high or 0)
        ]
        + [4.0]
    )
    intervals = [
        charts.Interval(
            r["name"],
            r["report"].adjusted_change.value,
            r["report"].adjusted_change.low,
            r["report"].adjusted_change.high,
            note=f"fewer than {core_reports.MIN_CELL} episodes",
        )
        for r in rows
    ]
    if intervals:
        better = sum(1 for r in shown if (r["report"].adjusted_change.high or 0) < 0)
        worse = sum(1 for r in shown if (r["report"].adjusted_change.low or 0) > 0)
        # No "reliably": that word belongs to reliable change of one client's scores.
        summary = (
            f"{len(shown)} of {len(rows)} therapists have enough episodes to compare. "
            f"Adjusted for intake severity, {better} had an interval wholly below the expected "
            f"course (clients ended lower) and {worse} wholly above it; the rest are within "
            "chance of the practice's expected course."
            if shown
            # "0 had an interval wholly below…" about nobody read as a finding.
            else f"None of the {len(rows)} therapists has {core_reports.MIN_CELL} or more "
            "finished episodes yet, so none is compared."
        )
        context["charts"].append(
            charts.interval_chart(
                id="chart-therapists",
                title="Therapist comparison: PHQ-9 at the end, compared with what intake predicted",
                summary=summary,
                rows=intervals,
                x_min=-span,
                x_max=span,
                percent=False,
                reference=0,
                reference_label="As expected",
                value_label="Average difference",
                x_label="PHQ-9 points against expected (below 0: better)",
            )
        )
    if report.comparison is not None:
        _add_comparison(context, report.comparison, names)
    trend = payload.get("trend")
    if trend is not None:
        context["charts"].insert(0, _trend_chart(trend))
    else:
        context["trend_note"] = (
            f"Trends by month appear once months have at least {core_reports.MIN_CELL} ended "
            f"episodes each ({context['ended']} have ended so far)."
        )
    return context


RATE_COLUMNS = (
    "recovery",
    "reliable_improvement",
    "reliable_deterioration",
    "dropout",
    "rupture_sessions",
)


def _rate_cells(report: core_reports.GroupReport) -> list[dict[str, Any]]:
    """Each rate of a therapist's row with its Wilson (1927) 95% interval, or hidden."""
    cells = []
    for name in RATE_COLUMNS:
        rate: core_reports.Rate = getattr(report, name)
        if rate.suppressed or rate.value is None or rate.denominator is None:
            cells.append({"hidden": True})
            continue
        low, high = cmp.wilson_interval(int(rate.count or 0), int(rate.denominator))
        cells.append(
            {
                "hidden": False,
                "pct": round(rate.value * 100),
                "low": round(low * 100),
                "high": round(high * 100),
                "of": f"{rate.count} of {rate.denominator}",
            }
        )
    return cells


def _pct_words(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


def _add_comparison(
    context: dict[str, Any], comparison: cmp.Comparison, names: dict[int, str]
) -> None:
    """The fair comparison's table and funnel plot (tandem.core.outcomes.comparison)."""
    p = comparison.practice_rate
    rows = []
    points = []
    for t in comparison.therapists:
        name = names.get(int(float(t.name)), "Former therapist") if t.name else "—"
        rows.append({"name": name, "t": t})
        if not t.suppressed and t.adjusted is not None and t.n is not None:
            points.append(charts.FunnelPoint(name, t.n, t.adjusted, t.position or "within"))
    rows.sort(key=lambda r: (r["t"].suppressed, r["name"]))
    for row in rows:
        row["where"] = charts.POSITION_WORDS.get(row["t"].position or "", "—")
        # No estimate, or one from a snapshot made before estimates of no width were refused.
        t = row["t"]
        row["estimate"] = t.shrunk is not None and t.shrunk_low != t.shrunk_high
    context["comparison"] = {
        "rows": rows,
        "practice_rate": p,
        "practice_n": comparison.practice_n,
        "practice_observed": comparison.practice_observed,
        # A snapshot made before the reason was kept says "partial" with no precision.
        "shrinkage": "partial"
        if comparison.precision is not None
        else comparison.shrinkage.replace("partial", "no_spread"),
        "min_groups": cmp.MIN_GROUPS_FOR_SHRINKAGE,
    }
    if p is None or not points:
        return
    above = sum(1 for pt in points if pt.position in ("above", "far_above"))
    below = sum(1 for pt in points if pt.position in ("below", "far_below"))
    far = sum(1 for pt in points if pt.position.startswith("far_"))
    summary = (
        f"{len(points)} therapists shown against the practice rate of reliable improvement "
        f"({round(p * 100)}%, counting drop-outs at their last score), each adjusted for their "
        f"clients' intake severity. {above} lie above the 95% limits and {below} below; "
        f"the other {len(points) - above - below} are within the range chance alone allows for "
        f"their number of episodes. {far} of those outside lie beyond the 99.8% limits, "
        "which chance alone crosses about once in 500."
    )
    context["charts"].append(
        charts.funnel_chart(
            id="chart-funnel",
            title="Funnel plot: reliable improvement by therapist, adjusted for intake severity",
            summary=summary,
            points=points,
            centre=p,
            limits=lambda n, z: cmp.funnel_limits(p, max(n, 1.0), z),
            value_label="Reliable improvement (adjusted)",
        )
    )


def _period_start(day: date, months: int) -> date:
    month = (day.month - 1) // months * months + 1
    return date(day.year, month, 1)


def _trend(
    scores: Any, episodes: Any, ended_on: dict[int, date | None], today: date
) -> dict[str, Any] | None:
    """Recovery and reliable improvement of the episodes that ended in each month (or quarter,
    when months are too small to show), the last year or two, as plain data for
    :func:`_trend_chart`; None when nothing can be shown.

    Each period's figures come from the same core report as the headline, with the same episode
    table (ended, problem descriptor, so the same anxiety measure): a period's rates are the
    headline's definition applied to the episodes that ended in it (tested)."""
    for months, count, word in ((1, MONTHS, "month"), (3, QUARTERS, "quarter")):
        periods: list[date] = []
        start = _period_start(today, months)
        for _ in range(count):
            periods.append(start)
            back = start.month - months
            start = date(start.year - (back < 1), (back - 1) % 12 + 1, 1)
        periods.reverse()
        index = {p: i + 1 for i, p in enumerate(periods)}
        by_period: dict[int, list[int]] = {}
        for pk, day in ended_on.items():
            key = index.get(_period_start(day, months)) if day is not None else None
            if key:
                by_period.setdefault(key, []).append(pk)
        recovery: list[tuple[int, float | None]] = []
        improvement: list[tuple[int, float | None]] = []
        counts = []
        for i in range(1, count + 1):
            ids = by_period.get(i, [])
            counts.append(len(ids))
            sub = scores[scores["episode_id"].isin(ids)]
            # Without therapist_id: a period needs the practice's figures only.
            own = episodes.loc[
                episodes["episode_id"].isin(ids), ["episode_id", "ended", "problem", "dropped_out"]
            ]
            r = (
                core_reports.practice_report(sub, own, practice_name=word).practice
                if len(ids) >= core_reports.MIN_CELL and len(sub)
                else None
            )
            recovery.append(
                (i, None if r is None or r.recovery.value is None else r.recovery.value * 100)
            )
            improvement.append(
                (
                    i,
                    None
                    if r is None or r.reliable_improvement.value is None
                    else r.reliable_improvement.value * 100,
                )
            )
        shown = sum(1 for _, v in recovery if v is not None)
        if shown * 2 < count and months == 1:
            continue
        if shown == 0:
            return None
        names = {
            str(i): (p.strftime("%b") if months == 1 else f"Q{(p.month - 1) // 3 + 1} {p:%y}")
            for p, i in index.items()
        }
        return {
            "word": word,
            "count": count,
            "shown": shown,
            "names": names,
            "recovery": recovery,
            "improvement": improvement,
            "counts": counts,
        }
    return None


def _trend_chart(trend: dict[str, Any]) -> charts.Chart:
    word, count, shown = trend["word"], trend["count"], trend["shown"]
    chart = charts.line_chart(
        id="chart-months",
        title=f"Recovery and reliable improvement by {word} of ending",
        summary=(
            f"{shown} of the last {count} {word}s had at least {core_reports.MIN_CELL} ended "
            f"episodes to show; {word}s with fewer are left blank."
        ),
        y_label="%",
        y_min=0,
        y_max=100,
        x_label=f"{word.capitalize()} ended",
        x_names={int(i): name for i, name in trend["names"].items()},
        series=[
            charts.Series("Recovery", [tuple(p) for p in trend["recovery"]], "primary"),
            charts.Series(
                "Reliable improvement", [tuple(p) for p in trend["improvement"]], "secondary"
            ),
        ],
    )
    chart.columns.append("Ended episodes")
    for row, n in zip(chart.rows, trend["counts"], strict=False):
        row.append(n)
    return chart
