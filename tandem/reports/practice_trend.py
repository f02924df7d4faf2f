"""The practice report's trend: recovery and reliable improvement of the episodes that ended in
each month (or quarter), computed with the payload (:func:`trend_figures`) and drawn on the page
(:func:`trend_chart`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tandem.core.outcomes import reports as core_reports
from tandem.reports import charts

MONTHS = 12
QUARTERS = 8


def _period_start(day: date, months: int) -> date:
    month = (day.month - 1) // months * months + 1
    return date(day.year, month, 1)


def trend_figures(
    scores: Any, episodes: Any, ended_on: dict[int, date | None], today: date
) -> dict[str, Any] | None:
    """Recovery and reliable improvement of the episodes that ended in each month (or quarter,
    when months are too small to show), the last year or two, as plain data for
    :func:`trend_chart`; None when nothing can be shown.

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


def trend_chart(trend: dict[str, Any]) -> charts.Chart:
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
