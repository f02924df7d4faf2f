"""Which episodes count as finished, and which scores are first and last."""

from tandem.core.outcomes.nhs import episode_outcomes, outcome_report
from tandem.core.outcomes.tests.helpers import episode, long_frame, outcome_of


def test_it_does_not_count_an_episode_with_one_session_only_as_finished() -> None:
    row = outcome_of(phq9=[20], gad7=[15])
    assert not row["finished"]
    assert not row["case_at_start"]
    report = outcome_report(long_frame(episode("e1", [20], [15])))
    assert report.episodes == 1
    assert report.finished == 0
    assert report.recovery_rate is None
    assert report.reliable_improvement_rate is None


def test_it_counts_an_ended_episode_with_gad7_missing_as_finished_but_unpaired() -> None:
    row = outcome_of(phq9=[20, 5, 4], gad7=[])
    assert row["finished"]
    assert not row["paired"]
    assert not row["recovered"]
    assert not row["reliable_improvement"]
    report = outcome_report(long_frame(episode("e1", [20, 5, 4], [])))
    assert (report.episodes, report.finished, report.paired) == (1, 1, 0)
    assert report.reliable_improvement_rate is None


def test_it_needs_gad7_at_two_distinct_sessions_for_paired_scores() -> None:
    assert not outcome_of(phq9=[20, 5], gad7=[15])["paired"]
    assert outcome_of(phq9=[20, 5], gad7=[15])["finished"]
    assert outcome_of(phq9=[20, 5], gad7=[15, 3])["paired"]


def test_it_takes_first_and_last_by_session_number_not_by_row_order() -> None:
    rows = [
        ("e1", 3, "phq9", 4),
        ("e1", 1, "phq9", 20),
        ("e1", 2, "phq9", 12),
        ("e1", 2, "gad7", 9),
        ("e1", 1, "gad7", 15),
        ("e1", 3, "gad7", 3),
    ]
    row = dict(episode_outcomes(long_frame(rows)).iloc[0])
    assert (row["phq9_first"], row["phq9_last"]) == (20, 4)
    assert (row["gad7_first"], row["gad7_last"]) == (15, 3)
    assert row["phq9_sessions"] == 3


def test_it_uses_gaps_in_session_numbers_as_they_are() -> None:
    rows = [
        ("e1", 1, "phq9", 18),
        ("e1", 7, "phq9", 6),
        ("e1", 2, "gad7", 12),
        ("e1", 9, "gad7", 5),
    ]
    row = dict(episode_outcomes(long_frame(rows)).iloc[0])
    assert row["finished"]
    assert row["reliable_recovery"]


def test_it_ignores_other_instruments() -> None:
    rows = [*episode("e1", [14, 8], [9, 5]), ("e1", 1, "partnership", 7.5), ("e2", 1, "srs", 30)]
    report = outcome_report(long_frame(rows))
    assert report.episodes == 1
    assert report.finished == 1
