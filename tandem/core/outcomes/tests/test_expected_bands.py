"""Expected recovery bands learned from finished episodes."""

import numpy as np
import pandas as pd

from tandem.core.outcomes.bands import MIN_PER_CELL, learn_bands


def cohort(n: int, intake: int, at_session_2: list[int]) -> list[tuple[str, int, str, int]]:
    rows = []
    for i in range(n):
        rows.append((f"{intake}-{i}", 1, "phq9", intake))
        rows.append((f"{intake}-{i}", 2, "phq9", at_session_2[i % len(at_session_2)]))
    return rows


def frame(rows: list[tuple[str, int, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["episode_id", "session", "instrument", "score"])


def test_it_learns_the_percentiles_of_similar_clients_at_each_session() -> None:
    scores = [s % 28 for s in range(40)]
    bands = learn_bands(frame(cohort(40, 16, scores)))
    cell = bands.cell(17, 2)  # 17 is in the same 15-19 group as 16
    assert cell is not None
    assert cell.n == 40
    assert cell.p75 == np.percentile(scores, 75)
    assert cell.p10 == np.percentile(scores, 10)


def test_it_needs_at_least_the_minimum_per_cell() -> None:
    bands = learn_bands(frame(cohort(MIN_PER_CELL - 1, 12, [8])))
    assert bands.cell(12, 2) is None
    bands = learn_bands(frame(cohort(MIN_PER_CELL, 12, [8])))
    assert bands.cell(12, 2) is not None


def test_it_keeps_groups_apart() -> None:
    bands = learn_bands(frame(cohort(40, 12, [8]) + cohort(40, 22, [20])))
    moderate, severe = bands.cell(12, 2), bands.cell(22, 2)
    assert moderate is not None and severe is not None
    assert (moderate.p50, severe.p50) == (8, 20)
    assert bands.cell(3, 2) is None  # nobody started in the minimal range


def test_it_uses_the_last_learned_session_for_later_sessions() -> None:
    bands = learn_bands(frame(cohort(40, 12, [8])))
    cell = bands.cell(12, 9)
    assert cell is not None and cell.session == 2


def test_it_leaves_out_episodes_with_one_session() -> None:
    rows = cohort(40, 12, [8]) + [(f"single-{i}", 1, "phq9", 12) for i in range(50)]
    bands = learn_bands(frame(rows))
    assert int(bands.n[2, 1]) == 40
