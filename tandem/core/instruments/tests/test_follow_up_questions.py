"""A follow-up question asked only after a given answer (``asked_if``): answering it when the
earlier answer rules it out is refused on the follow-up, in plain words (issue 17.17)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tandem.core.instruments import Instrument, InstrumentError, load_instrument, validate_answers

from .conftest import minimal

MAINLY_MINE, NOT_APPLICABLE = 2, 4


def test_it_refuses_for_whose_benefit_after_sharing_nothing(builtins) -> None:
    reflection: Instrument = builtins["reflection"]
    errors = validate_answers(
        reflection, {"presence": 6, "disclosed": "0", "disclosure_benefit": MAINLY_MINE}
    )
    assert errors == {
        "disclosure_benefit": "You answered “No” to “Did I share something about my own "
        "life?”: leave this blank (or choose “Not applicable”)."
    }


@pytest.mark.parametrize(
    "answers",
    [
        {"disclosed": "0"},
        {"disclosed": "0", "disclosure_benefit": NOT_APPLICABLE},
        {"disclosed": "1", "disclosure_benefit": MAINLY_MINE},
        {"disclosed": "1"},
    ],
)
def test_it_accepts_answers_that_agree(builtins, answers) -> None:
    assert validate_answers(builtins["reflection"], {"presence": 6, **answers}) == {}


def _follow_up(**asked_if: object) -> dict:
    data = minimal()
    data["items"][1].update(required=False, asked_if=asked_if)
    return data


def test_a_file_names_what_is_wrong_with_its_rule(write_yaml: Callable[..., Path]) -> None:
    with pytest.raises(InstrumentError) as raised:
        load_instrument(write_yaml(_follow_up(item="zz", answer=1, otherwise=[7])))
    assert raised.value.errors == [
        "mini.yaml: items[1].asked_if.item: no earlier item has the id 'zz'",
        "mini.yaml: items[1].asked_if.otherwise: 7 is not one of this item's answers",
    ]
    data = _follow_up(item="a", answer=9)
    data["items"][1]["required"] = True
    with pytest.raises(InstrumentError) as raised:
        load_instrument(write_yaml(data))
    assert raised.value.errors == [
        "mini.yaml: items[1].asked_if.answer: 9 is not an answer to that item",
        "mini.yaml: items[1].asked_if: a question asked only sometimes must have required: false",
    ]


def test_a_follow_up_without_exceptions_must_be_left_blank(write_yaml) -> None:
    mini = load_instrument(write_yaml(_follow_up(item="a", answer=2)))
    assert validate_answers(mini, {"a": 2, "b": 1}) == {}
    assert validate_answers(mini, {"a": 0, "b": 1}) == {
        "b": "You answered “No” to “First”: leave this blank."
    }
