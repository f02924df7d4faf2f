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
xgettext's own for Python, taking its first two arguments as a plural pair). Their translations
are in ``tandem/core/locale/<lang>/LC_MESSAGES/django.po`` (and the compiled ``.mo``): data files
beside the code that writes the sentences, read by Django only, so the core still imports none
(``tandem.core`` is in ``INSTALLED_APPS`` only so that Django finds them; docs/i18n.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, Protocol, TypeAlias

# How a list's items are joined: "and" ("6 and 7"), "comma" ("3, 4, 3") or "semicolon" (clauses).
Joining = Literal["and", "comma", "semicolon"]


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation and return it unchanged (translated when shown)."""
    return message


def ngettext(singular: str, plural: str) -> tuple[str, str]:
    """Mark a sentence whose words change with a count: the singular and plural templates,
    returned unchanged (chosen and translated when shown). Not Django's ngettext, which
    translates: this one only carries the name xgettext extracts a plural pair by."""
    return singular, plural


# Two items of a list put together; longer lists are put together two at a time ("a and b and
# c", as the English has always written them). Templates too, since languages join differently:
# Spanish "6 y 7", and with its decimal comma "2; 1,5; 2" for a list of numbers.
JOINS: dict[str, str] = {
    # Translators: two items of a list, as in "3.2 and 3.5".
    "and": gettext_noop("{first} and {second}"),
    # Translators: two numbers of a list, as in "2, 1.5"; with a decimal comma, use "; ".
    "comma": gettext_noop("{first}, {second}"),
    # Translators: two clauses of a sentence, as in "GAD-7 is 3 (below 8); PCL-5 is 20".
    "semicolon": gettext_noop("{first}; {second}"),
}


Number = int | float | Decimal


@dataclass(frozen=True)
class Listed:
    """Values shown as one list, joined the way ``how`` says (in the reader's language)."""

    items: tuple[Value, ...]
    how: Joining = "and"


@dataclass(frozen=True)
class Words:
    """Data that comes in several languages, such as a risk question's topic from its instrument
    file with the file's translations of it: shown in the reader's language when there, else as
    ``text``. Never looked up in a catalogue (it is the file's, not Tandem's)."""

    text: str
    # (language tag, the words in it), as the file gives them.
    translations: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        return self.text

    def in_language(self, language: str | None) -> str:
        """The words in ``language`` ("es-MX" finds "es"), else :attr:`text`."""
        if not language:
            return self.text
        wanted = language.lower()
        for exact in (True, False):
            for tag, words in self.translations:
                tag = tag.lower()
                if tag == wanted or (not exact and tag.split("-")[0] == wanted.split("-")[0]):
                    return words
        return self.text


# A value for a place: a number (an int as it is; a float as ``:g`` writes it; a Decimal with
# exactly the digits it holds, for a figure shown to a fixed number of decimals), a plain string
# that is data and never translated (an instrument's label), data in several languages
# (``Words``), another sentence, or a list.
Value: TypeAlias = "Number | str | Words | Said | Listed"


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


def join(items: Sequence[str], how: Joining, translate: Translate) -> str:
    """``items`` as one list, two at a time through the :data:`JOINS` template ``translate``
    gives."""
    if not items:
        return ""
    template = translate(JOINS[how])
    out = items[0]
    for item in items[1:]:
        out = template.format(first=out, second=item)
    return out


def english_join(items: Sequence[str], how: Joining) -> str:
    return join(items, how, _english)


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
        language: str | None = None,
    ) -> str:
        """The sentence in the language ``translate`` gives, with numbers written by ``number``
        and lists joined by ``join``; nested sentences are rendered the same way, and
        :class:`Words` in ``language`` (their own text when None)."""
        if self.plural is None:
            template = translate(self.template)
        else:
            other, key = self.plural
            count = self.values[key]
            assert isinstance(count, int)
            template = translate(self.template, other, count)

        def shown(value: Value) -> str:
            if isinstance(value, Said):
                return value.render(translate, number, join, language)
            if isinstance(value, Listed):
                return join([shown(v) for v in value.items], value.how)
            if isinstance(value, Words):
                return value.in_language(language)
            if isinstance(value, str):
                return value
            return number(value)

        return template.format_map({k: shown(v) for k, v in self.values.items()})


def places(template: str) -> set[str]:
    """The names of the places in ``template`` (for checking a translation keeps them all)."""
    from string import Formatter

    return {name for _, name, _, _ in Formatter().parse(template) if name is not None}
