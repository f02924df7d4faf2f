"""The practice report as plain data: the core's report over the practice, shaped for the page.

Three queries whatever the practice size: outcome scores, client partnership scores, episodes.
Every rate, interval, adjustment and suppression comes from ``tandem.core.outcomes.reports``.
The report is practice-wide aggregates only (no client is named), for practice leads and
supervisors; any cell resting on fewer than ``MIN_CELL`` episodes is suppressed by the core.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tandem.accounts.models import User
from tandem.care.models import Episode
from tandem.core.outcomes import reports as core_reports
from tandem.measures import registry
from tandem.measures.models import Response
from tandem.reports import charts

MONTHS = 12
CACHE_SECONDS = 60 * 60
QUARTERS = 8


def _frames(practice_id: int) -> tuple[Any, Any, Any, dict[int, date | None]]:
    import pandas as pd

    scores = pd.DataFrame.from_records(
        list(
            Response.objects.filter(
                episode__client__practice_id=practice_id,
                instrument_id__in=("phq9", "gad7"),
                total__isnull=False,
                session__isnull=False,
            ).values_list("episode_id", "session__number", "instrument_id", "total")
        ),
        columns=["episode_id", "session", "instrument", "score"],
    ).astype({"episode_id": "int64", "session": "int64", "score": "float64"})
    partnership = pd.DataFrame.from_records(
        list(
            Response.objects.filter(
                episode__client__practice_id=practice_id,
                instrument_id=registry.SESSION_SCALE,
                total__isnull=False,
                session__isnull=False,
            ).values_list("episode_id", "session__number", "total")
        ),
        columns=["episode_id", "session", "score"],
    )
    episode_rows = list(
        Episode.objects.filter(client__practice_id=practice_id).values_list(
            "id", "therapist_id", "status", "ended_on"
        )
    )
    episodes = pd.DataFrame(
        [(pk, t, s == Episode.ENDED) for pk, t, s, _ in episode_rows],
        columns=["episode_id", "therapist_id", "ended"],
    )
    ended_on = {pk: e for pk, _, _, e in episode_rows}
    return scores, partnership, episodes, ended_on


def _pct(rate: core_reports.Rate) -> str:
    return "suppressed" if rate.suppressed or rate.value is None else f"{round(rate.value * 100)}%"


def _months_back(today: date, count: int) -> list[date]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _data_version(practice_id: int) -> tuple[int, int, int]:
    """Changes whenever a score, an episode or an episode's status changes (three indexed
    aggregates, cheap at any size): the key under which a computed report is kept."""
    from django.db.models import Max

    from tandem.care.models import EpisodeEvent

    return (
        Response.objects.aggregate(m=Max("id"))["m"] or 0,
        Episode.objects.aggregate(m=Max("id"))["m"] or 0,
        EpisodeEvent.objects.aggregate(m=Max("id"))["m"] or 0,
    )


def practice_report_data(user: Any, today: date | None = None) -> dict[str, Any]:
    """The report's data, computed once per change in the practice's data and day (the rupture
    flags over every rated session are the expensive part), then served from the cache."""
    from django.core.cache import cache
    from django.utils import timezone

    today = today or timezone.localdate()
    version = _data_version(user.practice_id)
    key = f"tandem:practice-report:{user.practice_id}:{today:%Y%m%d}:" + ":".join(map(str, version))
    cached = cache.get(key)
    if cached is not None:
        return dict(cached)
    context = _compute(user, today)
    cache.set(key, context, CACHE_SECONDS)
    return dict(context)


def _compute(user: Any, today: date) -> dict[str, Any]:
    scores, partnership, episodes, ended_on = _frames(user.practice_id)
    sessions = core_reports.rupture_flags(partnership) if len(partnership) else None
    if len(scores):
        report = core_reports.practice_report(
            scores, episodes, sessions, practice_name=user.practice.name
        )
    else:
        report = None
    names = dict(
        User.objects.filter(practice_id=user.practice_id, is_therapist=True).values_list(
            "id", "full_name"
        )
    )
    context: dict[str, Any] = {
        "report": report,
        "episodes": len(episodes),
        "ended": int(episodes["ended"].sum()) if len(episodes) else 0,
        "min_cell": core_reports.MIN_CELL,
        "therapists": [],
        "charts": [],
    }
    if report is None:
        return context
    p = report.practice
    context["headline"] = [
        (
            "Recovery",
            p.recovery,
            "finished episodes that started as a case ended below caseness",
        ),
        ("Reliable improvement", p.reliable_improvement, "finished episodes improved reliably"),
        ("Reliable recovery", p.reliable_recovery, "cases recovered and improved reliably"),
        (
            "Reliable deterioration",
            p.reliable_deterioration,
            "finished episodes got reliably worse",
        ),
        ("Drop-out", p.dropout, "ended episodes ended before finishing a course"),
        ("Sessions with a partnership dip", p.rupture_sessions, "client-rated sessions had a dip"),
    ]
    rows = []
    for t in report.therapists:
        name = names.get(int(float(t.name)), "Former therapist") if t.name else "—"
        rows.append({"name": name, "report": t})
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
        summary = (
            f"{len(shown)} of {len(rows)} therapists have enough episodes to compare. "
            f"Adjusted for intake severity, {better} had clients end reliably lower than expected "
            f"and {worse} higher; the rest are within chance of the practice's expected course."
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
    trend = _trend(scores, ended_on, today)
    if trend is not None:
        context["charts"].insert(0, trend)
    else:
        context["trend_note"] = (
            f"Trends by month appear once months have at least {core_reports.MIN_CELL} ended "
            f"episodes each ({context['ended']} have ended so far)."
        )
    return context


def _period_start(day: date, months: int) -> date:
    month = (day.month - 1) // months * months + 1
    return date(day.year, month, 1)


def _trend(scores: Any, ended_on: dict[int, date | None], today: date) -> charts.Chart | None:
    """Recovery and reliable improvement of the episodes that ended in each month (or quarter,
    when months are too small to show), the last year or two; None when nothing can be shown."""
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
            r = (
                core_reports.practice_report(sub, practice_name=word).practice
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
            i: (p.strftime("%b") if months == 1 else f"Q{(p.month - 1) // 3 + 1} {p:%y}")
            for p, i in index.items()
        }
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
            x_names=names,
            series=[
                charts.Series("Recovery", recovery, "primary"),
                charts.Series("Reliable improvement", improvement, "secondary"),
            ],
        )
        chart.columns.append("Ended episodes")
        for row, n in zip(chart.rows, counts, strict=False):
            row.append(n)
        return chart
    return None
