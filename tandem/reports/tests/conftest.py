"""Helpers for the dashboard tests: scores put straight into the database, as the core stores them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone


@pytest.fixture(autouse=True)
def _no_cached_bands() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def closed_month_end() -> Any:
    """The last day the practice report covers today (the end of last month): tests date their
    endings here so the report, which closes at month ends, counts them."""
    from tandem.reports.practice import closed_through

    return closed_through(timezone.localdate())


def add_scores(
    episode: Any,
    series: dict[str, list[float | dict[str, float]]],
    *,
    respondent: Any = None,
    role: str = "client",
    private: bool = False,
    start: int = 1,
) -> None:
    """One session per position (created when missing), weekly, the last on the last day the
    practice report covers (:func:`closed_month_end`), the episode's start moved back to the
    first session; a number is a total, a dict is answers whose mean is the total (the
    partnership scales)."""
    from tandem.care.models import Session
    from tandem.measures.models import Response

    length = max(len(v) for v in series.values())
    last = closed_month_end()
    first = last - timedelta(days=7 * (length - 1))
    if episode.started_on > first:
        episode.started_on = first
        episode.save(update_fields=["started_on"])
    for i in range(length):
        number = start + i
        session, _ = Session.objects.get_or_create(
            episode=episode,
            number=number,
            defaults={"date": first + timedelta(days=7 * i)},
        )
        for instrument_id, values in series.items():
            if i >= len(values) or values[i] is None:
                continue
            value = values[i]
            answers = value if isinstance(value, dict) else {}
            total = sum(answers.values()) / len(answers) if answers else float(value)
            Response.objects.update_or_create(
                session=session,
                instrument_id=instrument_id,
                respondent_role=role,
                defaults={
                    "episode": episode,
                    "instrument_version": "1",
                    "respondent": respondent,
                    "answers": answers,
                    "total": total,
                    "private": private,
                },
            )


def partnership(mean: float) -> dict[str, float]:
    return {k: mean for k in ("heard", "focus", "fit", "together", "takeaway")}
