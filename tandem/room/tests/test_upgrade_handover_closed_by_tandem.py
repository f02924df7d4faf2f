"""Hand-overs already closed by Tandem's hourly job keep that after the upgrade that records it:
one still ended as left, and one unlocked after the job closed it (its room.abandoned audit record
is what still says so); a hand-over the job never closed stays without."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tandem.audit.chain import record
from tandem.room.models import Handover

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("room", "0002_handover_closed_when_left")]


def _migrate(targets: Any) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def test_handovers_the_job_closed_are_found_again(people):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    executor = _migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps.get_model("room", "Handover")
        start = timezone.now() - timedelta(days=2)
        closed = start + timedelta(hours=1)

        def made(**fields: Any) -> Any:
            return old.objects.create(
                practice_id=people.practice.pk,
                therapist_id=people.therapist.pk,
                client_id=people.client.pk,
                session_id=people.session.pk,
                idle_seconds=180,
                started_at=start,
                last_activity=start,
                **fields,
            )

        still_left = made(
            locked_at=closed, lock_reason="idle", ended_at=closed, ended_how="abandoned"
        )
        # The job locked and closed it, and the therapist unlocked it ten minutes later.
        unlocked = made(
            locked_at=closed,
            lock_reason="idle",
            ended_at=closed + timedelta(minutes=10),
            ended_how="password",
        )
        # Handed back on the device, closed by the job, unlocked later.
        handed_back = made(
            locked_at=start + timedelta(minutes=5),
            lock_reason="handed_back",
            ended_at=closed + timedelta(minutes=20),
            ended_how="pin",
        )
        # Unlocked on the device; the job never saw it.
        never = made(
            locked_at=start + timedelta(minutes=5),
            lock_reason="done",
            ended_at=start + timedelta(minutes=6),
            ended_how="password",
        )
        for handover, locked_now in ((unlocked, True), (handed_back, False)):
            with time_machine.travel(closed + timedelta(seconds=1), tick=False):
                record(
                    actor=people.therapist,
                    action="room.abandoned",
                    obj=Handover(pk=handover.pk),
                    client_id=people.client.pk,
                    practice_id=people.practice.pk,
                    detail={"locked": handover.lock_reason, "locked_now": locked_now},
                )
    finally:
        _migrate(latest)

    def closed_at(handover: Any) -> Any:
        return Handover.objects.get(pk=handover.pk).closed_by_tandem_at

    assert closed_at(still_left) == closed
    # Locked by the job itself: its moment exactly, the lock's.
    assert closed_at(unlocked) == closed
    # Otherwise the record's own time: the job's run, not the device's unlock.
    assert closed_at(handed_back) == closed + timedelta(seconds=1)
    assert closed_at(never) is None
