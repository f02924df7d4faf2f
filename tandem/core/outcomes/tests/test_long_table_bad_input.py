"""A bad file is refused with its line number and what is wrong (header = line 1)."""

from pathlib import Path

import pandas as pd
import pytest

from tandem.core.outcomes.errors import OutcomeInputError
from tandem.core.outcomes.long_table import read_long_file

HEADER = "episode_id,session,instrument,score\n"
GOOD = "a,1,phq9,14\na,1,gad7,9\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scores.csv"
    path.write_text(text)
    return path


def refused(path: Path) -> OutcomeInputError:
    with pytest.raises(OutcomeInputError) as caught:
        read_long_file(path)
    return caught.value


def test_it_names_a_missing_column_on_the_header_line(tmp_path: Path) -> None:
    error = refused(write(tmp_path, "episode_id,session,score\na,1,14\n"))
    assert error.line == 1
    assert "instrument" in error.message


def test_it_refuses_a_phq9_score_of_28(tmp_path: Path) -> None:
    error = refused(write(tmp_path, HEADER + GOOD + "a,2,phq9,28\n"))
    assert (error.line, error.unit) == (4, "line")
    assert "PHQ-9" in error.message and "28" in error.message and "0-27" in error.message


def test_it_refuses_a_gad7_score_of_22_but_accepts_21_and_27_on_phq9(tmp_path: Path) -> None:
    read_long_file(write(tmp_path, HEADER + "a,1,phq9,27\na,1,gad7,21\n"))
    error = refused(write(tmp_path, HEADER + "a,1,phq9,27\na,1,gad7,22\n"))
    assert error.line == 3
    assert "GAD-7" in error.message


def test_it_refuses_a_negative_score(tmp_path: Path) -> None:
    assert refused(write(tmp_path, HEADER + GOOD + "a,2,gad7,-1\n")).line == 4


def test_it_refuses_a_non_integer_session(tmp_path: Path) -> None:
    error = refused(write(tmp_path, HEADER + GOOD + "a,2.5,phq9,10\n"))
    assert error.line == 4
    assert "2.5" in error.message and "session" in error.message


def test_it_refuses_a_session_that_is_not_a_number(tmp_path: Path) -> None:
    error = refused(write(tmp_path, HEADER + "a,first,phq9,10\n"))
    assert error.line == 2
    assert "first" in error.message


def test_it_refuses_the_same_episode_session_and_instrument_twice(tmp_path: Path) -> None:
    error = refused(write(tmp_path, HEADER + GOOD + "b,1,phq9,3\na,1,phq9,15\n"))
    assert error.line == 5
    assert "line 2" in error.message  # where the first one is


def test_it_finds_a_duplicate_in_a_file_sorted_by_episode(tmp_path: Path) -> None:
    error = refused(write(tmp_path, HEADER + GOOD + "a,1,gad7,9\n"))
    assert error.line == 4


def test_it_reports_the_earliest_bad_line_when_there_are_several(tmp_path: Path) -> None:
    text = HEADER + GOOD + "a,2,phq9,99\na,x,gad7,3\n"
    assert refused(write(tmp_path, text)).line == 4


def test_it_skips_other_instruments_without_checking_their_scores(tmp_path: Path) -> None:
    frame, ignored = read_long_file(write(tmp_path, HEADER + GOOD + "a,1,partnership,7.4\n"))
    assert ignored == 1
    assert len(frame) == 2


def test_it_accepts_whole_numbers_written_as_decimals(tmp_path: Path) -> None:
    frame, _ = read_long_file(write(tmp_path, HEADER + "a,1.0,phq9,14.0\na,1,gad7,9\n"))
    assert frame["score"].tolist() == [14, 9]


def test_it_reports_parquet_problems_by_row(tmp_path: Path) -> None:
    path = tmp_path / "scores.parquet"
    pd.DataFrame(
        {
            "episode_id": [1, 1, 1],
            "session": [1, 1, 2],
            "instrument": ["phq9", "gad7", "phq9"],
            "score": [10, 30, 5],
        }
    ).to_parquet(path)
    with pytest.raises(OutcomeInputError) as caught:
        read_long_file(path)
    assert (caught.value.unit, caught.value.line) == ("row", 2)
    assert str(caught.value).startswith("row 2: ")


def test_it_checks_a_dataframe_by_row_number() -> None:
    from tandem.core.outcomes.long_table import check_frame

    frame = pd.DataFrame(
        {
            "episode_id": [1, 1, 1],
            "session": [1, 1, 1],
            "instrument": ["phq9", "gad7", "phq9"],
            "score": [10.0, 5.0, 12.0],
        }
    )
    with pytest.raises(OutcomeInputError) as caught:
        check_frame(frame)
    assert str(caught.value).startswith("row 3: ")
