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
