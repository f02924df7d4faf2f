"""Practice-wide results kept in the database, so every app process reads the same figures.

Learning a practice's expected bands and building its practice report read every score the
practice has; on a large practice that takes seconds. The worker computes them (nightly, and when
someone asks after the data moved) and stores the result as a :class:`PracticeSnapshot`; pages
read the latest snapshot at once and say how old it is. With no snapshot yet (a new practice),
the page computes inline and stores what it computed.

This module is a leaf: it knows the snapshot table and nothing of what is stored in it. The apps
that own a kind of snapshot register its computation at start-up (``register``); asking the
worker for a recomputation is the measures app's task (``tandem.measures.tasks``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from tandem.measures.models import PracticeSnapshot, Response

logger = logging.getLogger(__name__)


def data_version() -> str:
    """Changes whenever a score, an episode or an episode's status changes: the highest id of
    each (three index-only aggregates, cheap at any size). Ids only grow, so a later version
    compares greater, which keeps a slow, older computation from overwriting a newer one."""
    from tandem.care.models import Episode, EpisodeEvent

    return ":".join(
        str(model.objects.aggregate(m=Max("id"))["m"] or 0)
        for model in (Response, Episode, EpisodeEvent)
    )


def _order(version: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in version.split(":"))
    except ValueError:
        return ()


def read(practice_id: int, kind: str, with_payload: bool = True) -> PracticeSnapshot | None:
    """The kept snapshot; without its payload (loaded when first used) when the caller may not
    need it, because a large practice's report payload is a few hundred kilobytes of JSON."""
    found = PracticeSnapshot.objects.filter(practice_id=practice_id, kind=kind)
    return (found if with_payload else found.defer("payload")).first()


def store(
    practice_id: int, kind: str, version: str, payload: dict[str, Any], seconds: float = 0.0
) -> PracticeSnapshot:
    """Keep ``payload`` as the practice's latest ``kind``, unless a newer one is already kept."""
    with transaction.atomic():
        existing = (
            PracticeSnapshot.objects.select_for_update()
            .filter(practice_id=practice_id, kind=kind)
            .first()
        )
        if existing is None:
            try:
                with transaction.atomic():
                    return PracticeSnapshot.objects.create(
                        practice_id=practice_id,
                        kind=kind,
                        data_version=version,
                        payload=payload,
                        seconds=seconds,
                    )
            except IntegrityError:
                # Another process stored the first one a moment ago: lock it and compare.
                existing = (
                    PracticeSnapshot.objects.select_for_update()
                    .filter(practice_id=practice_id, kind=kind)
                    .get()
                )
        if _order(existing.data_version) > _order(version):
            return existing
        existing.data_version = version
        existing.payload = payload
        existing.seconds = seconds
        existing.computed_at = timezone.now()
        existing.save()
        return existing


def compute_and_store(
    practice_id: int, kind: str, compute: Callable[[int], dict[str, Any]]
) -> PracticeSnapshot:
    """Run ``compute(practice_id)`` and store its payload under the version read before it ran
    (so data arriving during the computation still counts as newer)."""
    version = data_version()
    start = time.perf_counter()
    payload = compute(practice_id)
    seconds = time.perf_counter() - start
    snapshot = store(practice_id, kind, version, payload, seconds)
    logger.info(
        "snapshot computed",
        extra={"practice": practice_id, "kind": kind, "seconds": round(seconds, 3)},
    )
    return snapshot


_COMPUTATIONS: dict[str, Callable[[int], dict[str, Any]]] = {}


def register(kind: str, compute: Callable[[int], dict[str, Any]]) -> None:
    """Name what computes a kind of snapshot; the owning app calls this when Django starts
    (``AppConfig.ready``), so this module needs to know no feature that stores snapshots."""
    _COMPUTATIONS[kind] = compute


def computations() -> dict[str, Callable[[int], dict[str, Any]]]:
    """What each kind of snapshot is computed by, as the apps registered them."""
    return dict(_COMPUTATIONS)


def recompute(practice_id: int, kinds: list[str] | None = None) -> dict[str, float]:
    """Compute and store the practice's snapshots now; seconds each took, by kind."""
    chosen = computations()
    unknown = set(kinds or ()) - set(chosen)
    if unknown:
        raise ValueError(f"no such snapshot: {', '.join(sorted(unknown))}")
    seconds = {}
    for kind, compute in chosen.items():
        if kinds and kind not in kinds:
            continue
        seconds[kind] = compute_and_store(practice_id, kind, compute).seconds
    return seconds
