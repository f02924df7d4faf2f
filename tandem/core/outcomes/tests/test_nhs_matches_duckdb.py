"""The vectorised report agrees with the same rules written as one SQL query (DuckDB)."""

from pathlib import Path

import duckdb

from bench.bench_outcomes import QUERY
from tandem.core.outcomes.nhs import outcome_report, read_long_file
from tandem.core.outcomes.synthetic import generate


def test_it_gives_the_same_counts_as_an_analysts_sql_query(tmp_path: Path) -> None:
    data = generate(3000, seed=7)
    path = tmp_path / "scores.csv"
    data.long.assign(instrument=data.long["instrument"].astype(str)).sample(
        frac=1.0, random_state=3
    ).to_csv(path, index=False)
    frame, _ = read_long_file(path)
    mine = outcome_report(frame).to_dict()
    sql = QUERY.format(path=path)
    relation = duckdb.sql(sql)
    (row,) = relation.fetchall()
    theirs = dict(zip(relation.columns, row, strict=True))
    assert {k: mine[k] for k in theirs} == theirs
