"""Reliable improvement / deterioration at their exact edges (NHS Talking Therapies manual)."""

from tandem.core.outcomes.tests.helpers import outcome_of


def test_it_counts_a_phq9_drop_of_exactly_6_as_reliable_improvement() -> None:
    row = outcome_of(phq9=[16, 10], gad7=[9, 9])
    assert row["reliable_improvement"]
    assert not row["reliable_deterioration"]


def test_it_does_not_count_a_phq9_drop_of_exactly_5() -> None:
    row = outcome_of(phq9=[16, 11], gad7=[9, 9])
    assert not row["reliable_improvement"]
    assert not row["reliable_deterioration"]


def test_it_counts_a_gad7_drop_of_exactly_4_but_not_3() -> None:
    assert outcome_of(phq9=[12, 12], gad7=[12, 8])["reliable_improvement"]
    assert not outcome_of(phq9=[12, 12], gad7=[12, 9])["reliable_improvement"]


def test_it_counts_a_rise_of_exactly_6_or_4_as_reliable_deterioration() -> None:
    assert outcome_of(phq9=[10, 16], gad7=[9, 9])["reliable_deterioration"]
    assert outcome_of(phq9=[10, 10], gad7=[9, 13])["reliable_deterioration"]
    assert not outcome_of(phq9=[10, 15], gad7=[9, 12])["reliable_deterioration"]


def test_it_counts_reliable_change_in_both_directions_as_neither() -> None:
    row = outcome_of(phq9=[20, 12], gad7=[5, 10])
    assert not row["reliable_improvement"]
    assert not row["reliable_deterioration"]
    assert not row["reliable_recovery"]


def test_it_needs_only_one_measure_to_improve_when_the_other_does_not_rise_reliably() -> None:
    row = outcome_of(phq9=[20, 13], gad7=[10, 13])  # GAD-7 up 3: not reliable
    assert row["reliable_improvement"]
