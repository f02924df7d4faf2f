"""The core's sentences in the reader's language: ``say(said)`` and the ``{{ alert|say }}`` filter.

The clinical core imports no Django, so it hands its sentences over as
:class:`tandem.core.words.Said` (an English template with named places). This module renders one
with the active language: the template through gettext (ngettext where a count changes the
words), numbers through the locale (a decimal comma in Spanish), lists joined with the
language's own "and". Pages use it; the JSON API and the command line keep the English
(``str(said)``), a stable text for integrations and scripts.

A builtin template library (settings ``TEMPLATES``), so every template can write
``{{ alert|say }}`` without loading it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext, pgettext

from tandem.core.words import Joining, Number, Said

register = template.Library()


def _translate(template: str, plural: str | None = None, count: int = 1) -> str:
    return gettext(template) if plural is None else ngettext(template, plural, count)


def _number(value: Number) -> str:
    # The same digits as the English (a float as ``:g`` writes it), with the locale's separator.
    if isinstance(value, float):
        value = Decimal(f"{value:g}")
    return number_format(value)


def _join(items: Sequence[str], how: Joining) -> str:
    if how == "and":
        between = pgettext("between the items of a list, as in '3 and 4'", " and ")
    elif how == "comma":
        # Spanish writes decimals with a comma, so its list of numbers is joined by "; ".
        between = pgettext("between the numbers of a list, as in '2, 1.5, 2'", ", ")
    else:
        between = pgettext("between the clauses of a sentence", "; ")
    return between.join(items)


def say(said: Said) -> str:
    """``said`` in the active language."""
    return said.render(_translate, _number, _join)


@register.filter(name="say")
def say_filter(value: Any) -> str:
    """A sentence from the core in the reader's language: a :class:`Said`, or anything carrying
    one as ``.said`` (an alert); anything else (a sentence already written) as it is."""
    said = value if isinstance(value, Said) else getattr(value, "said", None)
    if isinstance(said, Said):
        return say(said)
    return value if isinstance(value, str) else str(value)
