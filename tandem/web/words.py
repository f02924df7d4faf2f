"""The core's sentences in the reader's language: ``say(said)`` and the ``{{ alert|say }}`` filter.

The clinical core imports no Django, so it hands its sentences over as
:class:`tandem.core.words.Said` (an English template with named places). This module renders one
with the active language: the template through gettext (ngettext where a count changes the
words), numbers through the locale (a decimal comma in Spanish), lists joined with the
language's own "and", and data in several languages (``Words``: a risk question's topic) in the
reader's. Pages use it; the JSON API and the command line keep the English
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
from django.utils.translation import get_language, gettext, ngettext

from tandem.core.words import Joining, Number, Said, join

register = template.Library()


def _translate(template: str, plural: str | None = None, count: int = 1) -> str:
    return gettext(template) if plural is None else ngettext(template, plural, count)


def _number(value: Number) -> str:
    # The same digits as the English (a float as ``:g`` writes it), with the locale's separator.
    if isinstance(value, float):
        value = Decimal(f"{value:g}")
    return number_format(value)


def _join(items: Sequence[str], how: Joining) -> str:
    return join(items, how, _translate)


def joined(items: Sequence[str], how: Joining) -> str:
    """``items`` (each already in the active language) joined as the language joins them: "and"
    ("6 y 7"), "comma", or "semicolon" for the independent clauses of one sentence."""
    return _join(items, how)


def say(said: Said) -> str:
    """``said`` in the active language."""
    return said.render(_translate, _number, _join, get_language())


@register.filter(name="say")
def say_filter(value: Any) -> str:
    """A sentence from the core in the reader's language: a :class:`Said`, or anything carrying
    one as ``.said`` (an alert); anything else (a sentence already written) as it is."""
    said = value if isinstance(value, Said) else getattr(value, "said", None)
    if isinstance(said, Said):
        return say(said)
    return value if isinstance(value, str) else str(value)
