"""The alert replay over a practice's own ended episodes (tandem.core.outcomes.replay).

One query gathers the scores; the core replays them with the practice's bands, as the caseload
would have seen each session. Used by ``tandem alerts --from-db`` and by the worker for the page
"How well do our alerts work?".
"""

from __future__ import annotations

from typing import Any

from tandem.care.models import Episode
from tandem.core.outcomes import replay
from tandem.measures import analytics
from tandem.measures.models import Response


def practice_long_frame(practice_id: int) -> Any:
    """The long table of the practice's ended episodes: the symptom measures (PHQ-9, GAD-7 and
    the disorder-specific ones), the relationship scales (session means) and each episode's
    problem descriptor, as the replay reads them."""
    import pandas as pd

    from tandem.core.outcomes.nhs_measures import ADSM_IDS

    wanted = (*analytics.MEASURES, *ADSM_IDS, *replay.RELATIONSHIP)
    rows = (
        Response.objects.filter(
            episode__client__practice_id=practice_id,
            episode__status=Episode.ENDED,
            instrument_id__in=wanted,
            private=False,
            total__isnull=False,
            session__isnull=False,
        )
        .order_by("episode_id", "session__number", "submitted_at")
        .values_list("episode_id", "session__number", "instrument_id", "total", "episode__problem")
    )
    frame = pd.DataFrame(
        list(rows), columns=["episode_id", "session", "instrument", "score", "problem"]
    ).astype({"session": "int64", "score": "float64"})
    frame["problem"] = frame["problem"].fillna("none").replace("", "none").astype(str)
    return frame


def replay_practice(practice_id: int, bands: bool = True) -> replay.Replay:
    """Every ended episode of the practice replayed with its bands (``bands=False``: the fixed
    rule alone)."""
    meta = analytics.instrument_meta()
    learned = analytics.all_practice_bands(practice_id) if bands else None
    return replay.replay(practice_long_frame(practice_id), meta, analytics.MEASURES, learned)


def compute_replay_payload(practice_id: int) -> dict[str, Any]:
    """What the practice page shows: the validation figures only (no episode, no sentence)."""
    return {"validation": replay_practice(practice_id).validation}
