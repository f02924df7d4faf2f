"""Said: a whole sentence with named places, English by default, rendered in any language."""

from decimal import Decimal

import pytest

from tandem.core.words import Listed, Said, english_join, english_number, ngettext, places


def test_it_writes_english_with_numbers_as_the_core_always_has() -> None:
    said = Said("{label} went from {first} to {last}", {"label": "PHQ-9", "first": 14, "last": 6.5})
    assert str(said) == "PHQ-9 went from 14 to 6.5"
    # A Decimal keeps the digits it was given: a figure shown to one decimal stays "1.0".
    assert str(Said("rose by {rise}", {"rise": Decimal("1.0")})) == "rose by 1.0"
    assert english_number(6.0) == "6" and english_number(Decimal("2.5")) == "2.5"


def test_it_joins_lists_and_nests_sentences() -> None:
    inner = Said("{label} is {score}", {"label": "GAD-7", "score": 3})
    said = Said(
        "growth was {growth}; by {sizes}; {others}",
        {
            "growth": Listed((3.2, 3.5)),
            "sizes": Listed((2, 1.5, 2), "comma"),
            "others": Listed((inner, inner), "semicolon"),
        },
    )
    assert str(said) == "growth was 3.2 and 3.5; by 2, 1.5, 2; GAD-7 is 3; GAD-7 is 3"
    assert english_join(["a"], "and") == "a"


def test_a_count_chooses_the_singular_or_the_plural() -> None:
    # Not literal arguments, so makemessages does not take a test's words for the product's.
    pair = ("the last {count} session", "the last {count} sessions")
    one, many = ngettext(*pair)
    assert str(Said(one, {"count": 1}, plural=(many, "count"))) == "the last 1 session"
    assert str(Said(one, {"count": 3}, plural=(many, "count"))) == "the last 3 sessions"
    with pytest.raises(ValueError, match="whole number"):
        Said(one, {"count": 1.5}, plural=(many, "count"))


def test_render_hands_every_template_to_the_translator() -> None:
    seen: list[tuple[str, str | None, int]] = []

    def translate(template: str, plural: str | None = None, count: int = 1) -> str:
        seen.append((template, plural, count))
        return f"«{plural if count != 1 and plural else template}»"

    one, many = ngettext(*("{n} week", "{n} weeks"))
    said = Said(
        "{what}, {when}",
        {"what": Said("x {v}", {"v": 1.5}), "when": Said(one, {"n": 2}, plural=(many, "n"))},
    )
    text = said.render(
        translate, lambda n: str(n).replace(".", ","), lambda items, how: " y ".join(items)
    )
    assert text == "««x 1,5», «2 weeks»»"
    assert ("{n} week", "{n} weeks", 2) in seen and ("x {v}", None, 1) in seen


def test_places_names_each_place_once() -> None:
    assert places("{a} and {b}, {a}") == {"a", "b"}
    assert places("no places") == set()
