"""Dates as Tandem writes them, one way everywhere: "3 Dec", with the year when it is not this
year ("3 Dec 2025"), and the time after a comma ("3 Dec, 14:05"). Templates use the ``day`` and
``when`` filters (built in to every template, tandem.web.templatetags.dates); messages written in
Python call these functions.

In the active language: each shape is a format for Django's ``date`` filter, marked for
translation under the context "date format" (docs/i18n.md), so Spanish writes "3 dic" and
"mar 3 dic"; the month and day names are Django's own translations."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import dateformat, timezone
from django.utils.translation import pgettext


def _local(value: date | datetime) -> date | datetime:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def day(
    value: date | datetime | None,
    *,
    weekday: bool = False,
    year: bool = False,
    today: date | None = None,
) -> str:
    """``3 Dec``; ``3 Dec 2025`` in another year (or with ``year``); ``Tue 3 Dec`` with
    ``weekday``."""
    if value is None:
        return ""
    value = _local(value)
    this_year = (today or timezone.localdate()).year
    with_year = year or value.year != this_year
    if weekday and with_year:
        shape = pgettext("date format", "D j M Y")
    elif weekday:
        shape = pgettext("date format", "D j M")
    elif with_year:
        shape = pgettext("date format", "j M Y")
    else:
        shape = pgettext("date format", "j M")
    return dateformat.format(value, shape)


def when(value: datetime | None, *, seconds: bool = False, today: date | None = None) -> str:
    """``3 Dec, 14:05`` (``3 Dec 2025, 14:05`` in another year)."""
    if value is None:
        return ""
    local = _local(value)
    clock = f"{local:%H:%M:%S}" if seconds else f"{local:%H:%M}"
    return pgettext("a date, then a time", "%(day)s, %(time)s") % {
        "day": day(local, today=today),
        "time": clock,
    }
