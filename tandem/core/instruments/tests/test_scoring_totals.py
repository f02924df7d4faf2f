"""Totals at their boundaries: sums, means, reversed items and subscales."""

from __future__ import annotations

import pytest

from tandem.core.instruments import Instrument, Registry, score


def all_answers(instrument: Instrument, value: int) -> dict[str, object]:
    return {item.id: value for item in instrument.scored_items}


def test_it_scores_all_zeros_on_the_phq9_as_zero(phq9: Instrument) -> None:
    result = score(phq9, all_answers(phq9, 0))
    assert result.total == 0
    assert result.complete and not result.prorated
    assert (result.answered, result.missing) == (9, 0)


def test_it_scores_all_threes_on_the_phq9_as_twenty_seven(phq9: Instrument) -> None:
    assert score(phq9, all_answers(phq9, 3)).total == 27


def test_it_scores_all_threes_on_the_gad7_as_twenty_one(gad7: Instrument) -> None:
    assert score(gad7, all_answers(gad7, 3)).total == 21


def test_it_adds_up_a_mixed_phq9(phq9: Instrument) -> None:
    values = [0, 1, 2, 3, 0, 1, 2, 3, 0]
    answers = {f"q{n}": value for n, value in enumerate(values, start=1)}
    result = score(phq9, answers)
    assert result.total == 12
    assert result.item_scores["q4"] == 3


def test_it_leaves_the_unscored_difficulty_question_out_of_the_total(phq9: Instrument) -> None:
    answers = {**all_answers(phq9, 1), "difficulty": 3}
    assert score(phq9, answers).total == 9


def test_it_averages_a_mean_scored_scale(builtins: Registry) -> None:
    partnership = builtins["partnership"]
    answers = {"heard": 10, "focus": 8, "fit": 6, "together": 4, "takeaway": 2}
    result = score(partnership, {**answers, "next_time": "More time on the plan"})
    assert result.total == pytest.approx(6.0)
    assert result.complete


@pytest.mark.parametrize("value", [0, 10])
def test_it_keeps_a_mean_within_the_scale_ends(builtins: Registry, value: int) -> None:
    partnership = builtins["partnership"]
    assert score(partnership, all_answers(partnership, value)).total == value


def test_it_counts_a_reversed_item_from_the_other_end(builtins: Registry) -> None:
    selfcare = builtins["selfcare"]
    answers = {"rested": 4, "supported": 4, "switch_off": 4, "enjoyment": 4, "strain": 4}
    result = score(selfcare, answers)
    # Strain answered 4 ("completely") counts as 0: (max 4 + min 0) - 4.
    assert result.item_scores["strain"] == 0
    assert result.total == pytest.approx(16 / 5)


def test_it_gives_the_best_selfcare_score_when_strain_is_absent(builtins: Registry) -> None:
    selfcare = builtins["selfcare"]
    answers = {"rested": 4, "supported": 4, "switch_off": 4, "enjoyment": 4, "strain": 0}
    assert score(selfcare, answers).total == 4


def test_it_scores_growth_subscales_separately(builtins: Registry) -> None:
    growth = builtins["growth"]
    answers = all_answers(growth, 2) | {"limits": 4, "containment": 4, "intimacy": 0}
    result = score(growth, answers)
    assert result.subscales["steadiness"] == 4
    assert result.subscales["openness"] == pytest.approx(4 / 3)
    assert result.subscales["agency"] == 2
    assert result.total == pytest.approx((2 * 7 + 4 + 4 + 0) / 10)


def test_it_scores_the_practice_log_from_how_it_went_only(builtins: Registry) -> None:
    log = builtins["practice_log"]
    result = score(log, {"practised": "yes", "how_it_went": "7", "what_happened": "It helped"})
    assert result.total == 7


def test_it_gives_no_total_for_an_unscored_reflection(builtins: Registry) -> None:
    result = score(builtins["reflection"], {"presence": 8, "disclosed": "no"})
    assert result.total is None
    assert result.complete
    assert result.severity is None and result.is_case is None
