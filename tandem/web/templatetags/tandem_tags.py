from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def score(value: Any) -> str:
    """A score as a person reads it: whole numbers without '.0', means to one decimal."""
    if value is None or value == "":
        return "—"
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:.1f}"


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def total(response: Any) -> str:
    """A response's total as `score` writes it, except that an instrument scored as a mean keeps
    its decimal ('5.0'): in a column of means, '5' beside '5.2' read as another kind of number."""
    if response is None or response.total is None:
        return "—"
    from tandem.measures import registry

    instrument = registry.get(response.instrument_id)
    if instrument is not None and instrument.scoring.method == "mean":
        return f"{float(response.total):.1f}"
    return score(response.total)


@register.filter
def out_of(response: Any) -> str:
    """'out of 10' for a response whose instrument has a range starting at 0, else its range
    ('1–5'): a bare 'Score: 7' does not say whether 7 is high."""
    from tandem.measures import registry

    instrument = registry.get(response.instrument_id)
    if instrument is None or instrument.range is None:
        return ""
    low, high = score(instrument.range.min), score(instrument.range.max)
    return f"out of {high}" if low == "0" else f"on a scale of {low} to {high}"
