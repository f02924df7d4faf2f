"""Missing answers: tolerated and prorated where a published rule allows it, never guessed."""

from __future__ import annotations

from tandem.core.instruments import Instrument, Registry, score, validate_answers


def phq9_answers(value: int, leave_out: int) -> dict[str, object]:
    return {f"q{n}": value for n in range(1, 10 - leave_out)}


def test_it_prorates_a_phq9_with_one_answer_missing(phq9: Instrument) -> None:
    answers = {f"q{n}": 1 for n in range(1, 9)} | {"q1": 2}  # eight answers summing to 9
    result = score(phq9, answers)
    # 9 / 8 answered x 9 items = 10.125, rounded to the nearest whole number.
    assert result.total == 10
    assert result.prorated and not result.complete
    assert (result.answered, result.missing) == (8, 1)


def test_it_rounds_a_prorated_half_up_not_to_even(phq9: Instrument) -> None:
    answers = {"q1": 1, "q2": 1, "q3": 1, "q4": 1, "q5": 0, "q6": 0, "q7": 0, "q8": 0}
    # 4 / 8 answered x 9 = 4.5: half rounds up to 5 (Python's round() would give 4).
    assert score(phq9, answers).total == 5


def test_it_rounds_a_prorated_fraction_down_below_the_half(phq9: Instrument) -> None:
    answers = {"q1": 3, "q2": 3, "q3": 3, "q4": 3, "q5": 3, "q6": 0, "q7": 0, "q8": 2}
    # 17 / 8 x 9 = 19.125 -> 19
    assert score(phq9, answers).total == 19


def test_it_prorates_a_phq9_with_two_answers_missing(phq9: Instrument) -> None:
    result = score(phq9, phq9_answers(3, leave_out=2))
    assert result.total == 27
    assert result.prorated


def test_it_refuses_to_total_a_phq9_with_three_answers_missing(phq9: Instrument) -> None:
    result = score(phq9, phq9_answers(3, leave_out=3))
    assert result.total is None
    assert result.severity is None and result.is_case is None
    assert (result.answered, result.missing) == (6, 3)
    assert not result.complete and not result.prorated


def test_it_tolerates_no_missing_answer_on_the_gad7(gad7: Instrument) -> None:
    answers = {f"q{n}": 2 for n in range(1, 7)}
    assert score(gad7, answers).total is None
    assert validate_answers(gad7, answers) == {"q7": "Please answer this question"}


def test_it_accepts_a_phq9_form_with_two_gaps(phq9: Instrument) -> None:
    assert validate_answers(phq9, phq9_answers(1, leave_out=2)) == {}


def test_it_asks_for_every_missing_answer_beyond_the_tolerance(phq9: Instrument) -> None:
    errors = validate_answers(phq9, phq9_answers(1, leave_out=3))
    assert errors == {f"q{n}": "Please answer this question" for n in (7, 8, 9)}


def test_it_treats_blank_form_fields_as_missing(phq9: Instrument) -> None:
    answers = phq9_answers(1, leave_out=0) | {"q9": "  ", "difficulty": ""}
    result = score(phq9, answers)
    assert result.missing == 1 and result.total == 9


def test_it_does_not_score_a_mean_with_a_missing_answer_when_none_is_allowed(
    builtins: Registry,
) -> None:
    partnership = builtins["partnership"]
    result = score(partnership, {"heard": 9, "focus": 9, "fit": 9, "together": 9})
    assert result.total is None
    assert result.missing == 1


def test_it_lets_the_practice_log_skip_how_it_went_when_not_practised(
    builtins: Registry,
) -> None:
    log = builtins["practice_log"]
    assert validate_answers(log, {"practised": "no"}) == {}
    assert score(log, {"practised": "no"}).total is None


def test_it_requires_a_required_unscored_answer(builtins: Registry) -> None:
    errors = validate_answers(builtins["reflection"], {"presence": 7})
    assert errors == {"disclosed": "Please answer this question"}
