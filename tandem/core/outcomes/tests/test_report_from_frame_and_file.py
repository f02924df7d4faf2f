"""The same rows give the same report from a file and from a DataFrame (the database path)."""

from pathlib import Path

from tandem.core.outcomes.long_table import check_frame, read_long_file
from tandem.core.outcomes.nhs import OutcomeReport, outcome_columns, outcome_report
from tandem.core.outcomes.synthetic import generate


def test_it_gives_the_same_report_from_a_file_and_from_a_frame(tmp_path: Path) -> None:
    long = generate(500, seed=21).long
    long = long.assign(instrument=long["instrument"].astype(str), score=long["score"].astype(float))
    path = tmp_path / "scores.csv"
    long.sample(frac=1.0, random_state=1).to_csv(path, index=False)
    from_file, _ = read_long_file(path)
    arrays, ignored = check_frame(long)
    assert ignored == 0
    from_frame = OutcomeReport.from_columns(outcome_columns(arrays))
    assert outcome_report(from_file) == from_frame == outcome_report(long)
