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

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext, ngettext

from tandem.core.words import Joining, Number, Said, join

register = template.Library()

NO_BREAK_SPACE = "\u00a0"
# An initial: one or two letters, with or without its full stop ("G.", "Mc", "J").
_INITIAL = r"[^\W\d_]{1,2}\.?"
_BEFORE_LAST_INITIAL = re.compile(rf"\s+(?={_INITIAL}$)")
_AFTER_FIRST_INITIAL = re.compile(rf"^({_INITIAL})\s+")


def _translate(template: str, plural: str | None = None, count: int = 1) -> str:
    return gettext(template) if plural is None else ngettext(template, plural, count)


def _number(value: Number) -> str:
    # The same digits as the English (a float as ``:g`` writes it), with the locale's separator.
    if isinstance(value, float):
        value = Decimal(f"{value:g}")
    return number_format(value)


def joined(items: Sequence[str], how: Joining) -> str:
    """``items`` (each already in the active language) joined as the language joins them: "and"
    ("6 y 7"), "comma", or "semicolon" for the independent clauses of one sentence."""
    return join(items, how, _translate)


@register.filter
def kept_together(name: Any) -> str:
    """A person's short name as it is shown, with the space next to an initial one a line never
    breaks at ("Bilal G.", "R. Okafor"): on a phone, "Bilal" at the end of one line and "G." at the
    start of the next read as two things. Only around an initial, so a long name still wraps
    between its words. For showing only: the name as stored (searched, typed to confirm an
    erasure, sent by the API) keeps its ordinary spaces."""
    text = "" if name is None else str(name)
    text = _BEFORE_LAST_INITIAL.sub(NO_BREAK_SPACE, text)
    return _AFTER_FIRST_INITIAL.sub(rf"\1{NO_BREAK_SPACE}", text)


def plain_spaces(text: str) -> str:
    """``text`` with each no-break space an ordinary one: a name copied from a page (where
    :func:`kept_together` put one), to compare with the name as stored."""
    return text.replace(NO_BREAK_SPACE, " ")


def say(said: Said) -> str:
    """``said`` in the active language."""
    return said.render(_translate, _number, joined, get_language())


@register.filter(name="say")
def say_filter(value: Any) -> str:
    """A sentence from the core in the reader's language: a :class:`Said`, or anything carrying
    one as ``.said`` (an alert); anything else (a sentence already written) as it is."""
    said = value if isinstance(value, Said) else getattr(value, "said", None)
    if isinstance(said, Said):
        return say(said)
    return value if isinstance(value, str) else str(value)
