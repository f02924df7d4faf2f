"""Workers closing left handovers at the same moment, in real concurrent transactions
(PostgreSQL): each handover is closed once and audited once, and a therapist unlocking at that
moment keeps the device theirs."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.room import actions
from tandem.room.models import Handover
from tandem.room.tasks import close_left, left_after
from tandem.room.tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent transactions: run on PostgreSQL; SQLite lets one writer in at a time "
        "(test_left_handovers.py runs the job twice in a row there)",
    ),
]


def _at_once(jobs: list[Callable[[], object]]) -> list[object]:
    start = threading.Barrier(len(jobs))
    results: list[object] = []

    def run(job: Callable[[], object]) -> None:
        try:
            start.wait(10)
            results.append(job())
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def _left(people: Any, count: int) -> list[int]:
    """``count`` handovers, each last used long enough ago to count as left."""
    ids = [actions.hand_over(people.therapist, people.session).pk for _ in range(count)]
    long_ago = timezone.now() - left_after() - timedelta(hours=1)
    Handover.objects.filter(pk__in=ids).update(started_at=long_ago, last_activity=long_ago)
    return ids


def test_workers_at_once_close_each_handover_once(people: Any) -> None:
    ids = _left(people, 3)
    now = timezone.now()
    closed = _at_once([lambda: close_left(now) for _ in range(6)])
    assert sum(closed) == 3  # type: ignore[arg-type]
    assert Handover.objects.filter(pk__in=ids, ended_how="abandoned").count() == 3
    events = AuditEvent.objects.filter(action="room.abandoned")
    assert sorted(int(e.object_id) for e in events) == sorted(ids)


def test_an_unlock_at_the_same_moment_is_never_refused(people: Any) -> None:
    (pk,) = _left(people, 1)
    actions.lock(Handover.objects.get(pk=pk), "handed_back")
    Handover.objects.filter(pk=pk).update(
        locked_at=timezone.now() - left_after() - timedelta(hours=1)
    )
    now = timezone.now()
    results = _at_once(
        [
            lambda: close_left(now),
            lambda: actions.unlock(people.therapist, Handover.objects.get(pk=pk), PASSWORD),
        ]
    )
    unlocked = next(r for r in results if isinstance(r, actions.Unlocked))
    assert unlocked.ok
    handover = Handover.objects.get(pk=pk)
    assert handover.ended_how == "password"
    assert AuditEvent.objects.filter(action="room.unlock").count() == 1
    assert AuditEvent.objects.filter(action="room.abandoned").count() in (0, 1)
