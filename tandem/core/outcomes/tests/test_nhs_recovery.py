"""Caseness, recovery and reliable recovery (NHS Talking Therapies manual)."""

from tandem.core.outcomes.nhs import outcome_report
from tandem.core.outcomes.tests.helpers import episode, long_frame, outcome_of


def test_it_counts_phq9_10_or_gad7_8_as_caseness_and_9_or_7_not() -> None:
    assert outcome_of(phq9=[10, 10], gad7=[0, 0])["case_at_start"]
    assert outcome_of(phq9=[0, 0], gad7=[8, 8])["case_at_start"]
    assert not outcome_of(phq9=[9, 9], gad7=[7, 7])["case_at_start"]


def test_it_counts_recovery_when_below_both_cutoffs_at_the_last_score() -> None:
    row = outcome_of(phq9=[12, 9], gad7=[9, 7])
    assert row["recovered"]
    assert not row["reliable_improvement"]  # 3 and 2 points are not reliable
    assert not row["reliable_recovery"]


def test_it_does_not_count_recovery_when_one_measure_is_still_a_case() -> None:
    assert not outcome_of(phq9=[18, 4], gad7=[12, 8])["recovered"]
    assert not outcome_of(phq9=[18, 10], gad7=[12, 2])["recovered"]


def test_it_does_not_count_recovery_for_someone_who_was_not_a_case() -> None:
    row = outcome_of(phq9=[9, 2], gad7=[7, 1])
    assert not row["recovered"]
    assert not row["reliable_recovery"]


def test_it_counts_reliable_recovery_when_recovered_and_reliably_improved() -> None:
    row = outcome_of(phq9=[16, 9], gad7=[10, 6])
    assert row["recovered"] and row["reliable_improvement"] and row["reliable_recovery"]


def test_it_divides_recovery_by_cases_and_improvement_by_finished_episodes() -> None:
    rows = [
        *episode("case_recovers", [16, 9], [10, 6]),
        *episode("case_stays", [16, 15], [10, 10]),
        *episode("not_a_case_improves", [9, 2], [7, 1]),
        *episode("unfinished", [20], [15]),
    ]
    report = outcome_report(long_frame(rows))
    assert report.episodes == 4
    assert report.finished == 3
    assert report.at_caseness == 2
    assert report.recovery_rate == 1 / 2
    assert report.reliable_improvement == 2
    assert report.reliable_improvement_rate == 2 / 3
    assert report.reliable_recovery_rate == 1 / 2
    assert report.reliable_deterioration_rate == 0.0
