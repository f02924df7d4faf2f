"""Properties of the report over any valid long table (hypothesis)."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.core.outcomes.nhs import outcome_report


@st.composite
def long_tables(draw: st.DrawFn) -> pd.DataFrame:
    rows = []
    for episode in range(draw(st.integers(0, 12))):
        ended = draw(st.booleans())
        problem = draw(st.sampled_from(["none", "social_anxiety", "ptsd", "agoraphobia"]))
        sessions = draw(st.lists(st.integers(1, 8), unique=True, max_size=5))
        for session in sessions:
            for name, high, decimal in (
                ("phq9", 27, False), ("gad7", 21, False), ("spin", 68, False),
                ("iesr", 88, False), ("mi", 5, True),
            ):  # fmt: skip
                if draw(st.integers(0, 9)) > 2:
                    score = (
                        draw(st.integers(100, 500)) / 100 if decimal else draw(st.integers(0, high))
                    )
                    rows.append((f"e{episode}", session, name, score, ended, problem))
    columns = ["episode_id", "session", "instrument", "score", "ended", "problem"]
    return pd.DataFrame(rows, columns=columns)


@settings(max_examples=150, deadline=None)
@given(long_tables())
def test_it_keeps_every_count_within_its_denominator(table: pd.DataFrame) -> None:
    r = outcome_report(table)
    assert r.episodes == table["episode_id"].nunique()
    assert 0 <= r.recovered <= r.at_caseness <= r.paired <= r.finished
    assert r.finished + r.not_ended <= r.episodes
    assert r.not_ended == table.loc[~table["ended"], "episode_id"].nunique()
    assert r.reliable_recovery <= min(r.recovered, r.reliable_improvement)
    assert r.reliable_improvement + r.reliable_deterioration <= r.paired
    for rate, count, base in [
        (r.recovery_rate, r.recovered, r.at_caseness),
        (r.reliable_recovery_rate, r.reliable_recovery, r.at_caseness),
        (r.reliable_improvement_rate, r.reliable_improvement, r.paired),
        (r.reliable_deterioration_rate, r.reliable_deterioration, r.paired),
    ]:
        assert (rate is None) == (base == 0)
        if rate is not None:
            assert rate == count / base


@settings(max_examples=150, deadline=None)
@given(long_tables(), st.integers(0, 2**32 - 1))
def test_it_gives_the_same_report_whatever_the_row_order(table: pd.DataFrame, seed: int) -> None:
    shuffled = table.sample(frac=1.0, random_state=np.random.RandomState(seed))
    assert outcome_report(shuffled).to_dict() == outcome_report(table).to_dict()
