"""The practice outcome report for the API, over exactly the episodes the caller may see."""

from __future__ import annotations

from typing import Any

import pandas as pd

from tandem.api import queries
from tandem.core.outcomes.nhs import outcome_report
from tandem.measures.outcomes_source import OUTCOME_INSTRUMENTS


def scores_frame(user: Any) -> Any:
    """The long form (episode_id, session, instrument, score) of the caller's visible scores."""
    rows = queries.responses(user).filter(
        instrument_id__in=OUTCOME_INSTRUMENTS, total__isnull=False, session__isnull=False
    )
    values = rows.values_list("episode_id", "session__number", "instrument_id", "total")
    frame = pd.DataFrame.from_records(
        list(values), columns=["episode_id", "session", "instrument", "score"]
    )
    return frame.astype({"episode_id": "int64", "session": "int64", "score": "float64"})


def outcome_report_for(user: Any) -> dict[str, Any]:
    return outcome_report(scores_frame(user)).to_dict()
