"""The ``day`` and ``when`` filters, built in to every template (see tandem.web.dates).

{{ session.date|day }}              3 Dec  (3 Dec 2025 in another year)
{{ session.date|day:"weekday" }}    Tue 3 Dec
{{ report_date|day:"year" }}        3 Dec 2026 (a printed document keeps its year)
{{ event.at|when }}                 3 Dec, 14:05
{{ event.at|when:"seconds" }}       3 Dec, 14:05:09
"""

from __future__ import annotations

from typing import Any

from django import template

from tandem.web import dates

register = template.Library()


@register.filter(expects_localtime=True)
def day(value: Any, options: str = "") -> str:
    if value in (None, ""):
        return ""
    return dates.day(value, weekday="weekday" in options, year="year" in options)


@register.filter(expects_localtime=True)
def when(value: Any, options: str = "") -> str:
    if value in (None, ""):
        return ""
    return dates.when(value, seconds="seconds" in options)
