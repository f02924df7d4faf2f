"""Answers from forms and the API: coerced carefully, refused in plain words."""

from __future__ import annotations

import pytest

from tandem.core.instruments import (
    Instrument,
    InvalidAnswers,
    Registry,
    score,
    validate_answers,
)
from tandem.core.instruments.scoring import coerce_answer


def full_phq9(**changes: object) -> dict[str, object]:
    return {f"q{n}": 0 for n in range(1, 10)} | changes


def test_it_accepts_numbers_sent_as_form_strings(phq9: Instrument) -> None:
    answers = full_phq9(q1="3", q2=" 2 ", q3=1.0)
    assert validate_answers(phq9, answers) == {}
    assert score(phq9, answers).total == 6


@pytest.mark.parametrize("bad", ["two", "2.5", 2.5, 4, -1, True, [1]])
def test_it_refuses_a_choice_that_is_not_one_of_the_answers(phq9: Instrument, bad: object) -> None:
    assert validate_answers(phq9, full_phq9(q1=bad)) == {"q1": "Please choose one of the answers"}


@pytest.mark.parametrize("bad", [11, -1, "12"])
def test_it_refuses_a_scale_answer_outside_its_ends(builtins: Registry, bad: object) -> None:
    answers = {"heard": bad, "focus": 5, "fit": 5, "together": 5, "takeaway": 5}
    assert validate_answers(builtins["partnership"], answers) == {
        "heard": "must be between 0 and 10"
    }


def test_it_refuses_a_scale_answer_that_is_not_a_whole_number(builtins: Registry) -> None:
    answers = {"heard": "lots", "focus": 5, "fit": 5, "together": 5, "takeaway": 5}
    assert validate_answers(builtins["partnership"], answers) == {
        "heard": "must be a whole number between 0 and 10"
    }


def test_it_names_an_unknown_question(phq9: Instrument) -> None:
    assert validate_answers(phq9, full_phq9(q10=1)) == {"q10": "unknown question q10"}


@pytest.mark.parametrize(("raw", "value"), [("yes", 1), ("No", 0), ("on", 1), (True, 1), (0, 0)])
def test_it_reads_yes_and_no_answers(builtins: Registry, raw: object, value: int) -> None:
    reflection = builtins["reflection"]
    assert validate_answers(reflection, {"presence": 5, "disclosed": raw}) == {}
    assert coerce_answer(reflection.item("disclosed"), raw) == (value, None)


def test_it_refuses_a_yes_no_answer_it_cannot_read(builtins: Registry) -> None:
    errors = validate_answers(builtins["reflection"], {"presence": 5, "disclosed": "maybe"})
    assert errors == {"disclosed": "Please answer yes or no"}


def test_it_refuses_a_text_answer_that_is_not_text(builtins: Registry) -> None:
    errors = validate_answers(
        builtins["reflection"], {"presence": 5, "disclosed": "no", "learned": 42}
    )
    assert errors == {"learned": "Please write your answer as text"}


def test_it_refuses_an_overlong_text_answer(builtins: Registry) -> None:
    errors = validate_answers(
        builtins["reflection"], {"presence": 5, "disclosed": "no", "learned": "x" * 10_001}
    )
    assert errors == {"learned": "Please keep this under 10,000 characters"}


def test_it_refuses_to_score_answers_it_cannot_read(phq9: Instrument) -> None:
    with pytest.raises(InvalidAnswers) as raised:
        score(phq9, full_phq9(q1="two"))
    assert raised.value.errors == {"q1": "Please choose one of the answers"}
