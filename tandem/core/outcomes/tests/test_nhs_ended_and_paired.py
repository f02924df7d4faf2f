"""Only ended episodes are outcomes; PHQ-9 is paired with the anxiety measure for the problem
(issue 15, items 1-3), at the edges."""

from pathlib import Path

import pandas as pd
import pytest

from tandem.core.outcomes.errors import OutcomeInputError
from tandem.core.outcomes.long_table import read_long_arrays
from tandem.core.outcomes.nhs import episode_outcomes, outcome_columns, outcome_report

COLUMNS = ["episode_id", "session", "instrument", "score", "ended", "problem"]


def frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


def scores(episode: str, ended: bool, problem: str, **measures: list[float]) -> list[tuple]:
    return [
        (episode, session, name, value, ended, problem)
        for name, values in measures.items()
        for session, value in enumerate(values, start=1)
    ]


def test_it_leaves_an_open_episode_out_of_every_rate_but_counts_it() -> None:
    rows = scores("open", False, "none", phq9=[20, 4], gad7=[15, 2])
    rows += scores("done", True, "none", phq9=[20, 14], gad7=[15, 14])
    report = outcome_report(frame(rows))
    assert (report.episodes, report.not_ended, report.finished, report.paired) == (2, 1, 1, 1)
    assert report.recovered == 0  # the open episode's 20 -> 4 is not an outcome
    assert report.recovery_rate == 0.0


def test_it_counts_an_ended_episode_without_paired_scores_as_finished_unpaired() -> None:
    report = outcome_report(frame(scores("a", True, "none", phq9=[20, 10, 4], gad7=[15])))
    assert (report.finished, report.paired, report.at_caseness) == (1, 0, 0)
    assert report.recovery_rate is None and report.reliable_improvement_rate is None


def test_it_needs_two_sessions_to_finish_even_when_ended() -> None:
    report = outcome_report(frame(scores("a", True, "none", phq9=[20], gad7=[15])))
    assert (report.episodes, report.not_ended, report.finished) == (1, 0, 0)


def test_it_judges_social_anxiety_on_the_spin_not_the_gad7() -> None:
    # GAD-7 stays a case (12 -> 10) but the SPIN falls below its 19 (30 -> 10): on the pair
    # PHQ-9 + SPIN the client recovered, reliably (SPIN -20 >= 10).
    rows = scores("a", True, "social_anxiety", phq9=[8, 3], gad7=[12, 10], spin=[30, 10])
    row = dict(episode_outcomes(frame(rows)).iloc[0])
    assert row["anxiety_measure"] == "spin"
    assert row["recovered"] and row["reliable_recovery"]
    # The same scores without the descriptor are judged on the GAD-7: still a case.
    plain = [(*r[:5], "none") for r in rows]
    assert not dict(episode_outcomes(frame(plain)).iloc[0])["recovered"]


def test_it_falls_back_to_the_gad7_when_the_spin_has_one_score() -> None:
    rows = scores("a", True, "social_anxiety", phq9=[12, 3], gad7=[12, 4], spin=[30])
    row = dict(episode_outcomes(frame(rows)).iloc[0])
    assert row["anxiety_measure"] == "gad7"
    assert row["paired"] and row["recovered"]


def test_it_counts_a_mobility_inventory_mean_at_its_thresholds_inclusively() -> None:
    # MI 3.03 -> 2.30: a fall of exactly 0.73 (reliable) but 2.30 is still a case (>= 2.3).
    rows = scores("a", True, "agoraphobia", phq9=[9, 9], gad7=[3, 3], mi=[3.03, 2.30])
    row = dict(episode_outcomes(frame(rows)).iloc[0])
    assert row["anxiety_measure"] == "mi"
    assert row["reliable_improvement"] and row["case_at_end"] and not row["recovered"]
    rows = scores("a", True, "agoraphobia", phq9=[9, 9], gad7=[3, 3], mi=[3.01, 2.29])
    row = dict(episode_outcomes(frame(rows)).iloc[0])
    assert not row["reliable_improvement"] and row["recovered"]


def test_it_takes_the_iesr_for_ptsd_when_there_is_no_pcl5() -> None:
    rows = scores("a", True, "ptsd", phq9=[9, 9], gad7=[3, 3], iesr=[40, 30])
    row = dict(episode_outcomes(frame(rows)).iloc[0])
    assert row["anxiety_measure"] == "iesr"
    assert row["reliable_improvement"] and row["recovered"]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scores.csv"
    path.write_text(text)
    return path


def refused(path: Path) -> OutcomeInputError:
    with pytest.raises(OutcomeInputError) as caught:
        read_long_arrays(path)
    return caught.value


def test_it_refuses_an_episode_whose_ended_differs_between_rows(tmp_path: Path) -> None:
    text = "episode_id,session,instrument,score,ended\na,1,phq9,9,1\nb,1,phq9,3,0\na,2,phq9,8,0\n"
    error = refused(write(tmp_path, text))
    assert error.line == 4
    assert "ended" in error.message and "line 2" in error.message


def test_it_refuses_an_unknown_problem_with_its_line(tmp_path: Path) -> None:
    text = "episode_id,session,instrument,score,problem\na,1,phq9,9,ptsd\na,2,phq9,8,phobia\n"
    error = refused(write(tmp_path, text))
    assert error.line == 3
    assert "phobia" in error.message and "social_anxiety" in error.message


def test_it_refuses_an_ended_value_that_is_not_yes_or_no(tmp_path: Path) -> None:
    error = refused(
        write(tmp_path, "episode_id,session,instrument,score,ended\na,1,phq9,9,maybe\n")
    )
    assert error.line == 2 and "maybe" in error.message


def test_it_accepts_true_and_false_and_a_decimal_mi_but_not_a_decimal_phq9(tmp_path: Path) -> None:
    ok = "episode_id,session,instrument,score,ended\na,1,phq9,9,TRUE\na,1,mi,2.35,true\n"
    columns = outcome_columns(read_long_arrays(write(tmp_path, ok))[0])
    assert bool(columns["ended"][0])
    error = refused(write(tmp_path, ok + "a,2,phq9,8.5,true\n"))
    assert error.line == 4 and "PHQ-9" in error.message and "8.5" in error.message


def test_it_refuses_an_adsm_score_outside_its_range(tmp_path: Path) -> None:
    error = refused(write(tmp_path, "episode_id,session,instrument,score\na,1,spin,69\n"))
    assert error.line == 2 and "SPIN" in error.message and "0-68" in error.message
