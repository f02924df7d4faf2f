"""Sentences the core writes for people to read, kept translatable without Django.

The core says things to therapists and clients (an alert, a not-on-track reason), but imports no
Django, so it cannot call gettext. It returns a :class:`Said` instead: a whole English sentence
with named ``{places}`` and the values that go in them. ``str(said)`` is the English sentence,
exactly as the core has always written it (the JSON API, the command line and the tests read
that). A page renders it in the reader's language with :meth:`Said.render`, which
``tandem.web.words.say`` calls with Django's gettext, ngettext and number formatting.

Rules for a template (they are what a translator sees):

* a whole sentence, never a fragment to be glued to another: "a rise of" and "a fall of", "more
  than" and "at least" are separate whole templates, since other languages inflect each
  differently;
* numbers, lists and data (an instrument's label such as "PHQ-9") go in places; a place may
  hold another :class:`Said` (a clause or a word that needs translating in turn);
* where a count changes the words ("1 session", "3 sessions"), the sentence carries a plural
  template and the place of the count (``plural=(template, "count")``).

Every template is written inside :func:`gettext_noop`, or a singular and plural pair inside
:func:`ngettext`, so Django's ``makemessages`` finds them with no custom command: those are the
names xgettext extracts by (``gettext_noop`` is one Django passes; ``ngettext`` is one of
xgettext's own for Python, taking its first two arguments as a plural pair).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, Protocol, TypeAlias

# How a list's items are joined: "and" ("6 and 7"), "comma" ("3, 4, 3") or "semicolon" (clauses).
Joining = Literal["and", "comma", "semicolon"]

_ENGLISH_JOINS: dict[str, str] = {"and": " and ", "comma": ", ", "semicolon": "; "}


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation and return it unchanged (translated when shown)."""
    return message


def ngettext(singular: str, plural: str) -> tuple[str, str]:
    """Mark a sentence whose words change with a count: the singular and plural templates,
    returned unchanged (chosen and translated when shown). Not Django's ngettext, which
    translates: this one only carries the name xgettext extracts a plural pair by."""
    return singular, plural


Number = int | float | Decimal


@dataclass(frozen=True)
class Listed:
    """Values shown as one list, joined the way ``how`` says (in the reader's language)."""

    items: tuple[Value, ...]
    how: Joining = "and"


# A value for a place: a number (an int as it is; a float as ``:g`` writes it; a Decimal with
# exactly the digits it holds, for a figure shown to a fixed number of decimals), a plain string
# that is data and never translated (an instrument's label), another sentence, or a list.
Value: TypeAlias = "Number | str | Said | Listed"


class Translate(Protocol):
    """Turns an English template into the reader's language: ``plural`` and ``count`` are given
    when the template has a plural form (ngettext's three arguments)."""

    def __call__(self, template: str, plural: str | None = None, count: int = 1) -> str: ...


def _english(template: str, plural: str | None = None, count: int = 1) -> str:
    return template if plural is None or count == 1 else plural


def english_number(value: Number) -> str:
    """A number as the core's English sentences write it."""
    if isinstance(value, Decimal | int):
        return str(value)
    return f"{value:g}"


def english_join(items: Sequence[str], how: Joining) -> str:
    return _ENGLISH_JOINS[how].join(items)


@dataclass(frozen=True)
class Said:
    """A whole sentence (or a clause, or a word) in English with named places, and their values.

    ``plural``: (the plural template, the name of the place holding the count) when the count
    changes the words; :attr:`template` is then the singular.
    """

    template: str
    values: Mapping[str, Value] = field(default_factory=dict)
    plural: tuple[str, str] | None = None

    def __post_init__(self) -> None:
        if self.plural is not None and not isinstance(self.values.get(self.plural[1]), int):
            raise ValueError(f"the count {self.plural[1]!r} must be a whole number")

    def __str__(self) -> str:
        return self.render(_english, english_number, english_join)

    def render(
        self,
        translate: Translate,
        number: Callable[[Number], str],
        join: Callable[[Sequence[str], Joining], str],
    ) -> str:
        """The sentence in the language ``translate`` gives, with numbers written by ``number``
        and lists joined by ``join``; nested sentences are rendered the same way."""
        if self.plural is None:
            template = translate(self.template)
        else:
            other, key = self.plural
            count = self.values[key]
            assert isinstance(count, int)
            template = translate(self.template, other, count)

        def shown(value: Value) -> str:
            if isinstance(value, Said):
                return value.render(translate, number, join)
            if isinstance(value, Listed):
                return join([shown(v) for v in value.items], value.how)
            if isinstance(value, str):
                return value
            return number(value)

        return template.format_map({k: shown(v) for k, v in self.values.items()})


def places(template: str) -> set[str]:
    """The names of the places in ``template`` (for checking a translation keeps them all)."""
    from string import Formatter

    return {name for _, name, _, _ in Formatter().parse(template) if name is not None}
