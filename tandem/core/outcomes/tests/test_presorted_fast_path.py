"""The fast path for files already in episode/session order gives the general path's numbers,
and hands anything else (including every bad file) back to the general path."""

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.core.outcomes import presorted
from tandem.core.outcomes.errors import OutcomeInputError
from tandem.core.outcomes.nhs import (
    OutcomeReport,
    outcome_columns,
    outcome_report,
    outcomes_from_scores,
)
from tandem.core.outcomes.presorted import EpisodeScores, episode_scores
from tandem.core.outcomes.reader import check_table, read_long_arrays, read_outcome_columns
from tandem.core.outcomes.synthetic import generate

INSTRUMENTS = {"phq9": 0, "gad7": 1, "partnership": -1}


def arrays(rows: list[tuple[int, int, str, int]]) -> tuple[Any, ...]:
    frame = pd.DataFrame(rows, columns=["episode_id", "session", "instrument", "score"])
    return (
        frame["episode_id"].to_numpy(np.int64),
        frame["session"].to_numpy(np.int16),
        frame["instrument"].map(INSTRUMENTS).to_numpy(np.int8),
        frame["score"].to_numpy(np.int8),
    )


def general(rows: list[tuple[int, int, str, int]]) -> dict[str, Any]:
    """The general path's report, or the error it raises, for the same rows."""
    table = pa.Table.from_pandas(
        pd.DataFrame(rows, columns=["episode_id", "session", "instrument", "score"]),
        preserve_index=False,
    )
    long, ignored = check_table(table, first_row=1, unit="row")
    return {"report": OutcomeReport.from_columns(outcome_columns(long)), "ignored": ignored}


def fast(scores: EpisodeScores) -> dict[str, Any]:
    report = OutcomeReport.from_columns(outcomes_from_scores(scores.episode_ids, *scores.measures))
    return {"report": report, "ignored": scores.ignored}


@st.composite
def row_lists(draw: st.DrawFn) -> list[tuple[int, int, str, int]]:
    """Mostly well-ordered rows, sometimes with the mistakes the fast path must hand back."""
    rows = []
    for episode in range(1, draw(st.integers(1, 10)) + 1):
        for session in sorted(draw(st.lists(st.integers(1, 6), unique=True, max_size=5))):
            for instrument in draw(st.permutations(["phq9", "gad7", "partnership"])):
                if draw(st.integers(0, 3)) > 0:
                    top = 27 if instrument == "phq9" else 21
                    rows.append((episode, session, instrument, draw(st.integers(0, top))))
    mistake = draw(st.sampled_from(["none", "none", "shuffle", "repeat", "range", "session"]))
    if rows and mistake == "shuffle":
        rows = draw(st.permutations(rows))
    elif rows and mistake == "repeat":
        at = draw(st.integers(0, len(rows) - 1))
        rows.insert(at + 1, rows[at])
    elif rows and mistake == "range":
        at = draw(st.integers(0, len(rows) - 1))
        rows[at] = (*rows[at][:3], draw(st.sampled_from([-1, 22, 28, 100])))
    elif rows and mistake == "session":
        at = draw(st.integers(0, len(rows) - 1))
        rows[at] = (rows[at][0], 0, *rows[at][2:])
    return rows


@settings(max_examples=300, deadline=None)
@given(row_lists(), st.integers(1, 3))
def test_it_agrees_with_the_general_path_or_hands_the_rows_back(
    rows: list[tuple[int, int, str, int]], threads: int
) -> None:
    if not rows:
        return
    try:
        expected: dict[str, Any] | None = general(rows)
    except OutcomeInputError:
        expected = None
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(presorted, "PARALLEL_ROWS", 4)  # cut even small tables into parts
        scores = episode_scores(*arrays(rows), threads=threads)
    if expected is None:
        assert scores is None  # a bad file always goes to the general path for its message
    elif scores is not None:
        assert fast(scores) == expected


def test_it_takes_the_fast_path_for_an_ordered_export() -> None:
    long = generate(300, seed=4).long
    rows = list(long.assign(instrument=long["instrument"].astype(str)).itertuples(index=False))
    scores = episode_scores(*arrays(rows))
    assert scores is not None
    assert fast(scores) == general(rows)


@pytest.mark.parametrize(
    "rows",
    [
        [(1, 2, "phq9", 10), (1, 1, "phq9", 12)],  # sessions out of order
        [(2, 1, "phq9", 10), (1, 1, "phq9", 12)],  # ids descending
        [(1, 1, "phq9", 10), (2, 1, "phq9", 12), (1, 2, "phq9", 9)],  # episode 1 split in two
        [(1, 1, "phq9", 10), (1, 1, "phq9", 12)],  # the same score twice
        [(1, 1, "gad7", 22)],  # GAD-7 above 21
        [(1, 0, "phq9", 5)],  # session 0
        [(1, 1, "partnership", 5)],  # nothing to count
    ],
)
def test_it_hands_back_what_it_cannot_vouch_for(rows: list[tuple[int, int, str, int]]) -> None:
    assert episode_scores(*arrays(rows)) is None


def test_it_cuts_a_large_table_only_between_episodes() -> None:
    long = generate(2_000, seed=5).long
    rows = list(long.assign(instrument=long["instrument"].astype(str)).itertuples(index=False))
    one = episode_scores(*arrays(rows), threads=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(presorted, "PARALLEL_ROWS", 1_000)
        three = episode_scores(*arrays(rows), threads=3)
    assert one is not None and three is not None
    assert fast(one) == fast(three)
    assert np.array_equal(one.episode_ids, three.episode_ids)
    for a, b in zip(one.measures, three.measures, strict=True):
        assert np.array_equal(a.first, b.first, equal_nan=True)
        assert np.array_equal(a.last, b.last, equal_nan=True)
        assert np.array_equal(a.sessions, b.sessions)


def test_a_file_gives_the_same_columns_by_either_path(tmp_path: Path) -> None:
    long = generate(400, seed=6).long
    path = tmp_path / "scores.csv"
    long.to_csv(path, index=False)
    columns, ignored = read_outcome_columns(path)
    long_arrays, ignored_general = read_long_arrays(path)
    expected = outcome_columns(long_arrays)
    assert ignored == ignored_general == 0
    assert set(columns) == set(expected)
    for name, values in expected.items():
        assert np.array_equal(np.asarray(columns[name]), np.asarray(values), equal_nan=True)


def test_a_bad_file_still_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "scores.csv"
    path.write_text("episode_id,session,instrument,score\n1,1,phq9,14\n1,1,gad7,9\n1,2,gad7,23\n")
    with pytest.raises(OutcomeInputError) as caught:
        read_outcome_columns(path)
    assert str(caught.value).startswith("line 4: ") and "GAD-7" in caught.value.message


def test_other_spellings_and_instruments_give_the_same_numbers(tmp_path: Path) -> None:
    long = generate(300, seed=7).long
    plain = tmp_path / "plain.csv"
    long.to_csv(plain, index=False)
    spelled = tmp_path / "spelled.csv"
    names = long["instrument"].astype(str).map({"phq9": "PHQ-9", "gad7": "GAD-7"})
    extra = long.head(5).assign(instrument="partnership")
    pd.concat([long.assign(instrument=names), extra]).sort_values(
        ["episode_id", "session"], kind="stable"
    ).to_csv(spelled, index=False)
    ours, ignored = read_outcome_columns(spelled)
    expected, _ = read_outcome_columns(plain)
    assert ignored == 5
    assert OutcomeReport.from_columns(ours) == OutcomeReport.from_columns(expected)


def test_a_file_with_whole_number_ids_matches_the_dataframe_report(tmp_path: Path) -> None:
    long = generate(500, seed=8).long
    path = tmp_path / "scores.csv"
    long.to_csv(path, index=False)
    columns, ignored = read_outcome_columns(path)
    assert ignored == 0
    assert OutcomeReport.from_columns(columns) == outcome_report(long)


def test_names_that_only_add_up_to_four_bytes_each_are_not_measures(tmp_path: Path) -> None:
    path = tmp_path / "scores.csv"
    path.write_text('episode_id,session,instrument,score\n1,1,phq9gad7,5\n1,2,"",6\n')
    columns, ignored = read_outcome_columns(path)
    assert ignored == 2
    assert OutcomeReport.from_columns(columns).episodes == 0
