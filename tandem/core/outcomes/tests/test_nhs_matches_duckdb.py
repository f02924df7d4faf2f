"""The vectorised report agrees with the same rules written as one SQL query (DuckDB), on files
in the full contract: ended and problem columns, every ADSM, text or whole-number ids, rows in
export order or shuffled."""

from pathlib import Path

import duckdb
import pytest

from bench.bench_outcomes import COUNT_KEYS, QUERY, write_contract_file
from tandem.core.outcomes.long_table import read_long_arrays
from tandem.core.outcomes.nhs import OutcomeReport, outcome_columns


@pytest.mark.parametrize(("text_ids", "shuffled"), [(False, False), (True, False), (True, True)])
def test_it_gives_the_same_counts_as_an_analysts_sql_query(
    tmp_path: Path, text_ids: bool, shuffled: bool
) -> None:
    path = tmp_path / "scores.csv"
    write_contract_file(path, 3000, seed=7, text_ids=text_ids, shuffled=shuffled)
    arrays, ignored = read_long_arrays(path)
    mine = OutcomeReport.from_columns(outcome_columns(arrays)).to_dict()
    relation = duckdb.sql(QUERY.format(path=path))
    (row,) = relation.fetchall()
    theirs = dict(zip(relation.columns, row, strict=True))
    assert list(theirs) == list(COUNT_KEYS)
    assert {k: mine[k] for k in theirs} == theirs
    assert ignored > 0
    assert 0 < mine["not_ended"] < mine["episodes"]
    assert 0 < mine["paired"] < mine["finished"]
