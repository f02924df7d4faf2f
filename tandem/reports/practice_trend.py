"""The practice report's trend: recovery and reliable improvement of the episodes that ended in
each month (or quarter), computed with the payload (:func:`trend_figures`) and drawn on the page
(:func:`trend_chart`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
        for _step in range(count):
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
        # The periods' first days, named when shown (in the reader's language); "names" stays
        # for snapshots read by code from before the periods were kept.
        names = {
            str(i): (p.strftime("%b") if months == 1 else f"Q{(p.month - 1) // 3 + 1} {p:%y}")
            for p, i in index.items()
        }
        return {
            "word": word,
            "count": count,
            "shown": shown,
            "names": names,
            "periods": {str(i): p.isoformat() for p, i in index.items()},
            "recovery": recovery,
            "improvement": improvement,
            "counts": counts,
        }
    return None


def _period_name(first_day: date, word: str) -> str:
    """A month as its short name ("Jan", "ene"), a quarter as "Q1 25" (in Spanish "T1 25")."""
    if word == "month":
        return date_format(first_day, "M")
    return _("Q%(quarter)s %(year)s") % {
        "quarter": (first_day.month - 1) // 3 + 1,
        "year": f"{first_day:%y}",
    }


def trend_chart(trend: dict[str, Any]) -> charts.Chart:
    word, count, shown = trend["word"], trend["count"], trend["shown"]
    values = {"shown": shown, "count": count, "min": core_reports.MIN_CELL}
    # Whole sentences for months and for quarters: other languages inflect the two differently.
    if word == "month":
        title = _("Recovery and reliable improvement by month of ending")
        summary = ngettext(
            "%(shown)s of the last %(count)s month had at least %(min)s ended episodes to show; "
            "months with fewer are left blank.",
            "%(shown)s of the last %(count)s months had at least %(min)s ended episodes to show; "
            "months with fewer are left blank.",
            count,
        )
        x_label = _("Month ended")
    else:
        title = _("Recovery and reliable improvement by quarter of ending")
        summary = ngettext(
            "%(shown)s of the last %(count)s quarter had at least %(min)s ended episodes to "
            "show; quarters with fewer are left blank.",
            "%(shown)s of the last %(count)s quarters had at least %(min)s ended episodes to "
            "show; quarters with fewer are left blank.",
            count,
        )
        x_label = _("Quarter ended")
    if "periods" in trend:
        x_names = {
            int(i): _period_name(date.fromisoformat(day), word)
            for i, day in trend["periods"].items()
        }
    else:
        x_names = {int(i): name for i, name in trend["names"].items()}
    chart = charts.line_chart(
        id="chart-months",
        title=title,
        summary=summary % values,
        y_label="%",
        y_min=0,
        y_max=100,
        x_label=x_label,
        x_names=x_names,
        series=[
            charts.Series(_("Recovery"), [tuple(p) for p in trend["recovery"]], "primary"),
            charts.Series(
                _("Reliable improvement"), [tuple(p) for p in trend["improvement"]], "secondary"
            ),
        ],
    )
    chart.columns.append(_("Ended episodes"))
    for row, n in zip(chart.rows, trend["counts"], strict=False):
        row.append(n)
    return chart
