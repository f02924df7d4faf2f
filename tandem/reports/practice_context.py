"""The practice report page's context, rebuilt from a snapshot's payload (cheap: no score is read
again): the core's report back from its JSON, the therapists named, their rates with intervals,
the comparison's table and the charts."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.accounts.models import User
from tandem.core.outcomes import comparison as cmp
from tandem.core.outcomes import nhs_measures
from tandem.core.outcomes import reports as core_reports
from tandem.reports import charts
from tandem.reports.practice_trend import trend_chart
from tandem.web.words import kept_together


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
    # As the page shows them (tables, charts' labels and their numbers): kept together.
    names = {
        pk: kept_together(full_name)
        for pk, full_name in User.objects.filter(
            practice_id=practice_id, is_therapist=True
        ).values_list("id", "full_name")
    }
    p = report.practice
    # Each figure's name and its "N of M …" line, whole (the count and the total in the sentence),
    # by the count: Spanish says "1 de 25 episodios emparejados empeoró" but "2 … empeoraron".
    headline = [
        (
            _("Recovery"),
            p.recovery,
            ngettext(
                "%(count)s of %(total)s paired episodes that started as a case ended below "
                "caseness",
                "%(count)s of %(total)s paired episodes that started as a case ended below "
                "caseness",
                p.recovery.count or 0,
            ),
        ),
        (
            _("Reliable improvement"),
            p.reliable_improvement,
            ngettext(
                "%(count)s of %(total)s paired episodes improved reliably",
                "%(count)s of %(total)s paired episodes improved reliably",
                p.reliable_improvement.count or 0,
            ),
        ),
        (
            _("Reliable recovery"),
            p.reliable_recovery,
            ngettext(
                "%(count)s of %(total)s cases recovered and improved reliably",
                "%(count)s of %(total)s cases recovered and improved reliably",
                p.reliable_recovery.count or 0,
            ),
        ),
        (
            _("Reliable deterioration"),
            p.reliable_deterioration,
            ngettext(
                "%(count)s of %(total)s paired episodes got reliably worse",
                "%(count)s of %(total)s paired episodes got reliably worse",
                p.reliable_deterioration.count or 0,
            ),
        ),
        (
            _("Drop-out"),
            p.dropout,
            ngettext(
                "%(count)s of %(total)s ended episodes ended by the client withdrawing",
                "%(count)s of %(total)s ended episodes ended by the client withdrawing",
                p.dropout.count or 0,
            ),
        ),
        (
            _("Sessions with a partnership dip"),
            p.rupture_sessions,
            ngettext(
                "%(count)s of %(total)s client-rated sessions had a dip",
                "%(count)s of %(total)s client-rated sessions had a dip",
                p.rupture_sessions.count or 0,
            ),
        ),
    ]
    if payload.get("relapse") is not None:
        # Snapshots computed before follow-ups existed lack it (not shown).
        relapse = core_reports.Rate.from_dict(payload["relapse"])
        headline.append(
            (
                _("Relapse at follow-up"),
                relapse,
                ngettext(
                    "%(count)s of %(total)s recovered episodes were a case again at a follow-up "
                    "check-in",
                    "%(count)s of %(total)s recovered episodes were a case again at a follow-up "
                    "check-in",
                    relapse.count or 0,
                ),
            )
        )
    context["headline"] = [
        (label, rate, of % {"count": rate.count, "total": rate.denominator})
        for label, rate, of in headline
    ]
    rows = []
    former = _("Former therapist")
    for t in report.therapists:
        name = names.get(int(float(t.name)), former) if t.name else "—"
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
            note=_("fewer than %(count)s episodes") % {"count": core_reports.MIN_CELL},
        )
        for r in rows
    ]
    if intervals:
        better = sum(1 for r in shown if (r["report"].adjusted_change.high or 0) < 0)
        worse = sum(1 for r in shown if (r["report"].adjusted_change.low or 0) > 0)
        # No "reliably": that word belongs to reliable change of one client's scores.
        summary = (
            ngettext(
                "%(shown)s of %(total)s therapist has enough episodes to compare.",
                "%(shown)s of %(total)s therapists have enough episodes to compare.",
                len(rows),
            )
            % {"shown": len(shown), "total": len(rows)}
            + " "
            + _(
                "Adjusted for intake severity, %(better)s had an interval wholly below the "
                "expected course (clients ended lower) and %(worse)s wholly above it; the rest "
                "are within chance of the practice's expected course."
            )
            % {"better": better, "worse": worse}
            if shown
            # "0 had an interval wholly below…" about nobody read as a finding.
            else ngettext(
                "None of the %(total)s therapist has %(min)s or more finished episodes yet, so "
                "none is compared.",
                "None of the %(total)s therapists has %(min)s or more finished episodes yet, so "
                "none is compared.",
                len(rows),
            )
            % {"total": len(rows), "min": core_reports.MIN_CELL}
        )
        context["charts"].append(
            charts.interval_chart(
                id="chart-therapists",
                title=_(
                    "Therapist comparison: PHQ-9 at the end, compared with what intake predicted"
                ),
                summary=summary,
                rows=intervals,
                x_min=-span,
                x_max=span,
                percent=False,
                reference=0,
                reference_label=_("As expected"),
                value_label=_("Average difference"),
                x_label=_("PHQ-9 points against expected (below 0: better)"),
            )
        )
    if report.comparison is not None:
        _add_comparison(context, report.comparison, names)
    trend = payload.get("trend")
    if trend is not None:
        context["charts"].insert(0, trend_chart(trend))
    else:
        context["trend_note"] = ngettext(
            "Trends by month appear once months have at least %(min)s ended episodes each "
            "(%(ended)s has ended so far).",
            "Trends by month appear once months have at least %(min)s ended episodes each "
            "(%(ended)s have ended so far).",
            context["ended"],
        ) % {"min": core_reports.MIN_CELL, "ended": context["ended"]}
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
                "of": _("%(count)s of %(total)s")
                % {"count": rate.count, "total": rate.denominator},
            }
        )
    return cells


def _add_comparison(
    context: dict[str, Any], comparison: cmp.Comparison, names: dict[int, str]
) -> None:
    """The fair comparison's table and funnel plot (tandem.core.outcomes.comparison)."""
    p = comparison.practice_rate
    rows = []
    points = []
    for t in comparison.therapists:
        name = names.get(int(float(t.name)), _("Former therapist")) if t.name else "—"
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
    summary = _(
        "%(shown)s therapists shown against the practice rate of reliable improvement "
        "(%(rate)s, counting drop-outs at their last score), each adjusted for their clients' "
        "intake severity. %(above)s lie above the 95%% limits and %(below)s below; the other "
        "%(within)s are within the range chance alone allows for their number of episodes. "
        "%(far)s of those outside lie beyond the 99.8%% limits, which chance alone crosses about "
        "once in 500."
    ) % {
        "shown": len(points),
        "rate": charts.percent(p),
        "above": above,
        "below": below,
        "within": len(points) - above - below,
        "far": far,
    }
    context["charts"].append(
        charts.funnel_chart(
            id="chart-funnel",
            title=_("Funnel plot: reliable improvement by therapist, adjusted for intake severity"),
            summary=summary,
            points=points,
            centre=p,
            limits=lambda n, z: cmp.funnel_limits(p, max(n, 1.0), z),
            value_label=_("Reliable improvement (adjusted)"),
        )
    )
