"""Small builders for long tables used across the outcome tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd


def long_frame(rows: Sequence[tuple[Any, int, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["episode_id", "session", "instrument", "score"])


def episode(
    episode_id: Any, phq9: Sequence[float] = (), gad7: Sequence[float] = ()
) -> list[tuple[Any, int, str, float]]:
    """Rows for one episode: the n-th score of each list is given at session n."""
    rows = [(episode_id, i + 1, "phq9", s) for i, s in enumerate(phq9)]
    rows += [(episode_id, i + 1, "gad7", s) for i, s in enumerate(gad7)]
    return rows


def outcome_of(phq9: Sequence[float], gad7: Sequence[float]) -> dict[str, Any]:
    """The episode_outcomes row (as a dict) of a single episode."""
    from tandem.core.outcomes.nhs import episode_outcomes

    table = episode_outcomes(long_frame(episode("e1", phq9, gad7)))
    assert len(table) == 1
    return dict(table.iloc[0])
