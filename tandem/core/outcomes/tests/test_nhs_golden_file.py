"""A small file worked out by hand (see the comments on each episode)."""

from pathlib import Path

from tandem.core.outcomes.long_table import read_long_file
from tandem.core.outcomes.nhs import outcome_report

GOLDEN = """episode_id,session,instrument,score
A,1,phq9,18
A,1,gad7,14
A,2,phq9,12
A,3,phq9,7
A,3,gad7,6
B,1,phq9,11
B,1,gad7,9
B,4,phq9,17
B,4,gad7,9
C,1,phq9,8
C,1,gad7,5
C,2,phq9,2
C,2,gad7,1
D,1,phq9,15
D,1,gad7,12
E,1,phq9,20
E,1,gad7,4
E,2,phq9,10
E,2,gad7,10
F,2,gad7,13
F,1,gad7,16
F,2,phq9,9
F,1,phq9,12
F,1,core10,20
"""
# A: case (18/14) -> 7/6: not a case; PHQ -11, GAD -8: reliable improvement, recovery,
#    reliable recovery.
# B: case (11/9) -> 17/9: PHQ +6: reliable deterioration; still a case.
# C: not a case (8/5) -> 2/1: PHQ -6 reliable improvement; no recovery (was not a case).
# D: one session only: not finished.
# E: case (20) -> 10/10: PHQ -10 but GAD +6: both directions, so neither; still a case.
# F: case (12/16) -> 9/13 (rows out of order): not a case? GAD 13 >= 8, still a case;
#    PHQ -3, GAD -3: no reliable change.
EXPECTED = {
    "episodes": 6,
    "not_ended": 0,  # no ended column: every episode is taken as ended
    "finished": 5,
    "paired": 5,  # every finished episode has PHQ-9 and GAD-7 at two sessions
    "at_caseness": 4,  # A, B, E, F
    "recovered": 1,  # A
    "recovery_rate": 1 / 4,
    "reliable_improvement": 2,  # A, C
    "reliable_improvement_rate": 2 / 5,
    "reliable_deterioration": 1,  # B
    "reliable_deterioration_rate": 1 / 5,
    "reliable_recovery": 1,  # A
    "reliable_recovery_rate": 1 / 4,
}


def test_it_matches_the_hand_worked_figures(tmp_path: Path) -> None:
    path = tmp_path / "golden.csv"
    path.write_text(GOLDEN)
    frame, ignored = read_long_file(path)
    assert ignored == 1
    assert outcome_report(frame).to_dict() == EXPECTED


def test_it_gives_the_same_figures_from_parquet(tmp_path: Path) -> None:
    import pandas as pd

    csv = tmp_path / "golden.csv"
    csv.write_text(GOLDEN)
    parquet = tmp_path / "golden.parquet"
    pd.read_csv(csv).to_parquet(parquet)
    frame, _ = read_long_file(parquet)
    assert outcome_report(frame).to_dict() == EXPECTED
