"""Which practice report snapshot to show, and whether a newer one is being computed: a kept
report is shown at once however old, and a stale one (older data, or an earlier day) is
recomputed by the worker meanwhile."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from tandem.measures import snapshots
from tandem.measures.models import PracticeSnapshot
from tandem.measures.tasks import request_recompute
from tandem.reports import practice


def current_snapshot(practice_id: int, today: date) -> tuple[PracticeSnapshot, bool]:
    """The practice's latest report snapshot, and whether a newer one is being computed.

    A snapshot computed from older data, or on an earlier day, is still returned at once, and a
    recomputation is queued for the worker. With no snapshot yet (a new practice) the report is
    computed here and kept. A task backend that runs tasks straight away (the test runner's)
    leaves the fresh figures in place before this returns.
    """
    kind = PracticeSnapshot.PRACTICE_REPORT
    snapshot = snapshots.read(practice_id, kind, with_payload=False)
    if snapshot is None:
        computed = snapshots.compute_and_store(
            practice_id, kind, lambda pk: practice.compute_report_payload(pk, today)
        )
        return computed, False
    if (
        timezone.localtime(snapshot.computed_at).date() == today
        and snapshot.data_version == snapshots.data_version()
    ):
        return snapshot, False
    request_recompute(practice_id, kind)
    snapshot = snapshots.read(practice_id, kind, with_payload=False) or snapshot
    updating = snapshot.requested_at is not None and snapshot.requested_at > snapshot.computed_at
    return snapshot, updating


def snapshot_status(snapshot: PracticeSnapshot, updating: bool, today: date) -> dict[str, Any]:
    return {
        "computed_at": snapshot.computed_at,
        "same_day": timezone.localtime(snapshot.computed_at).date() == today,
        "updating": updating,
    }
