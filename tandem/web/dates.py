"""Dates as Tandem writes them, one way everywhere: "3 Dec", with the year when it is not this
year ("3 Dec 2025"), and the time after a comma ("3 Dec, 14:05"). Templates use the ``day`` and
``when`` filters (built in to every template, tandem.web.templatetags.dates); messages written in
Python call these functions."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


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
    text = f"{value.day} {value:%b}"
    if year or value.year != this_year:
        text += f" {value.year}"
    return f"{value:%a} {text}" if weekday else text


def when(value: datetime | None, *, seconds: bool = False, today: date | None = None) -> str:
    """``3 Dec, 14:05`` (``3 Dec 2025, 14:05`` in another year)."""
    if value is None:
        return ""
    local = _local(value)
    clock = f"{local:%H:%M:%S}" if seconds else f"{local:%H:%M}"
    return f"{day(local, today=today)}, {clock}"
