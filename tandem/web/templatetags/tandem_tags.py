from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

register = template.Library()

# Unicode turns brackets round on a right-to-left page but not arrows: "← Back" would point away
# from where the reader came from. (left to right, right to left)
ARROWS = {"back": ("←", "→"), "forward": ("→", "←")}


def _decimal(number: float, places: int) -> str:
    """``number`` to ``places`` decimals with the reader's decimal separator ("15,5" in Spanish):
    text for people to read, never for an attribute a program reads (docs/i18n.md)."""
    return number_format(Decimal(f"{number:.{places}f}"), places)


@register.filter
def score(value: Any) -> str:
    """A score as a person reads it: whole numbers without '.0', means to one decimal, with the
    reader's decimal separator."""
    if value is None or value == "":
        return "—"
    number = float(value)
    return str(int(number)) if number.is_integer() else _decimal(number, 1)


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
        return _decimal(float(response.total), 1)
    return score(response.total)


@register.filter
def out_of(response: Any) -> str:
    """'out of 10' for a response whose instrument has a range starting at 0, else its range
    ('on a scale of 1 to 5'): a bare 'Score: 7' does not say whether 7 is high."""
    from tandem.measures import registry

    instrument = registry.get(response.instrument_id)
    if instrument is None or instrument.range is None:
        return ""
    low, high = score(instrument.range.min), score(instrument.range.max)
    if low == "0":
        # Translators: follows a score, as in "Score: 12 out of 27".
        return _("out of %(high)s") % {"high": high}
    # Translators: follows a score, as in "Score: 3 on a scale of 1 to 5".
    return _("on a scale of %(low)s to %(high)s") % {"low": low, "high": high}


@register.simple_tag
def arrow(way: str) -> str:
    """An arrow pointing ``way`` ("back": to where lines start; "forward": onwards, as from a
    first score to the latest) the right way round for the active language's direction: ``{%
    arrow "back" %} Newer``. An arrow inside a translated message is the translator's to turn."""
    ltr, rtl = ARROWS[way]
    return rtl if get_language_bidi() else ltr
