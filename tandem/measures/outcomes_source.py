"""Scores from the database in the long form the outcomes core reads.

Columns: ``episode_id, session, instrument, score, ended, problem`` — the same contract as a file
given to ``tandem outcomes FILE``, so the report from the database and from an export are the
same. ``ended`` is the episode's status (only ended episodes are outcomes) and ``problem`` its
problem descriptor (which picks the anxiety measure paired with the PHQ-9).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tandem.care.models import Episode
from tandem.core.outcomes.long_table import INSTRUMENTS
from tandem.measures.models import Response

OUTCOME_INSTRUMENTS = INSTRUMENTS
COLUMNS = ["episode_id", "session", "instrument", "score", "ended", "problem"]


def frame_from_rows(rows: list[tuple[Any, ...]]) -> Any:
    """A long frame from (episode id, session number, instrument, total, episode status,
    problem) rows."""
    frame = pd.DataFrame.from_records(rows, columns=COLUMNS)
    frame["ended"] = frame["ended"] == Episode.ENDED
    return frame.astype({"episode_id": "int64", "session": "int64", "score": "float64"})


def long_frame(
    practice_slug: str | None = None, instruments: tuple[str, ...] = OUTCOME_INSTRUMENTS
) -> Any:
    """One row per scored response at a numbered session (unscored or session-less ones are left out)."""
    rows = Response.objects.filter(
        instrument_id__in=instruments, total__isnull=False, session__isnull=False
    )
    if practice_slug:
        rows = rows.filter(episode__client__practice__slug=practice_slug)
    values = rows.values_list(
        "episode_id",
        "session__number",
        "instrument_id",
        "total",
        "episode__status",
        "episode__problem",
    )
    return frame_from_rows(list(values.iterator(chunk_size=20_000)))
