"""Scores from the database in the long form the outcomes core reads.

Columns: ``episode_id, session, instrument, score`` — the same contract as a file given to
``tandem outcomes FILE``, so the report from the database and from an export are the same.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tandem.measures.models import Response

OUTCOME_INSTRUMENTS = ("phq9", "gad7")


def long_frame(
    practice_slug: str | None = None, instruments: tuple[str, ...] = OUTCOME_INSTRUMENTS
) -> Any:
    """One row per scored response at a numbered session (unscored or session-less ones are left out)."""
    rows = Response.objects.filter(
        instrument_id__in=instruments, total__isnull=False, session__isnull=False
    )
    if practice_slug:
        rows = rows.filter(episode__client__practice__slug=practice_slug)
    values = rows.values_list("episode_id", "session__number", "instrument_id", "total")
    frame = pd.DataFrame.from_records(
        list(values.iterator(chunk_size=20_000)),
        columns=["episode_id", "session", "instrument", "score"],
    )
    return frame.astype({"episode_id": "int64", "session": "int64", "score": "float64"})
