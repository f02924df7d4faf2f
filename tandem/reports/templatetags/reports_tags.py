"""Template tags that put the dashboards' charts into other apps' pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.template import Context
from django.urls import reverse
from django.utils.translation import ngettext

from tandem.care.models import Client, Episode
from tandem.core.outcomes.bands import MIN_PER_CELL
from tandem.reports.charts import number
from tandem.reports.charts import sparkline as _sparkline
from tandem.reports.picture import picture_charts

register = template.Library()


@register.inclusion_tag("reports/picture_section.html", takes_context=True)
def client_charts(context: Context, client: Client, episode: Episode | None) -> dict[str, Any]:
    """The client picture's charts for the viewer (the page itself authorised and audited)."""
    if episode is None:
        return {"charts": [], "alerts": []}
    request = context["request"]
    out = picture_charts(request.user, episode, client.display_name)
    out["min_per_cell"] = MIN_PER_CELL
    out["report_url"] = reverse("progress_report", args=[episode.pk])
    return out


@register.simple_tag
def sparkline(values: list[float], instrument_id: str = "phq9") -> str:
    """The caseload's trend of the primary measure, on the instrument's whole range, with a faint
    line at its clinical cutoff."""
    from django.utils.safestring import mark_safe

    from tandem.measures import registry

    instrument = registry.get(instrument_id)
    rng = getattr(instrument, "range", None)
    title = getattr(instrument, "short_title", instrument_id)
    label = ngettext(
        "%(measure)s trend over %(count)s score, from %(first)s to %(last)s",
        "%(measure)s trend over %(count)s scores, from %(first)s to %(last)s",
        len(values),
    ) % {
        "measure": title,
        "count": len(values),
        "first": number(values[0]),
        "last": number(values[-1]),
    }
    svg = _sparkline(
        values,
        y_min=float(rng.min) if rng else 0.0,
        y_max=float(rng.max) if rng else max(values),
        label=label,
        reference=getattr(instrument, "cutoff", None),
    )
    # Built by charts.sparkline with every text escaped.
    return mark_safe(svg)  # noqa: S308


@register.simple_tag
def trend(values: list[float], instrument_id: str = "phq9") -> str:
    """The caseload cell for the primary measure: the sparkline (two scores or more) and the first
    and latest score ("14 → 9"), or a dash when there is none yet. Built here rather than in an
    included template: a caseload has a hundred rows or more, and an include per row costs more
    than the rest of the row."""
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    from tandem.web.templatetags.tandem_tags import arrow, score

    if not values:
        return "—"
    line = sparkline(values, instrument_id) if len(values) > 1 else ""
    ends = (
        score(values[0])
        if len(values) == 1
        else f"{score(values[0])} {arrow('forward')} {score(values[-1])}"
    )
    return format_html(
        '<div class="trend">{}<span class="nums">{}</span></div>', mark_safe(line), ends
    )  # noqa: S308
