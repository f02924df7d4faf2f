"""Parallel guesses at a handed-over device's lock, in real concurrent transactions (PostgreSQL):
of many requests sent at once, no more than the sign-in limit get a secret checked."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from tandem.audit.models import AuditEvent
from tandem.room import actions
from tandem.room.models import Handover

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent transactions: run on PostgreSQL; SQLite lets one writer in at a time "
        "(test_unlocking.py replays the full count there)",
    ),
]


def test_parallel_guesses_get_no_more_tries_than_the_limit(people: Any) -> None:
    actions.save_room_settings(people.admin, 3, new_pin="4827")
    handover = actions.hand_over(people.therapist, people.session)
    checked: list[str] = []
    real_check = actions._secret_matches

    def counting_check(*args: Any) -> str:
        checked.append("x")
        return real_check(*args)

    actions._secret_matches = counting_check  # type: ignore[assignment]
    start = threading.Barrier(12)

    def guess() -> None:
        try:
            start.wait(10)
            actions.unlock(people.therapist, Handover.objects.get(pk=handover.pk), "1111")
        finally:
            connection.close()

    try:
        threads = [threading.Thread(target=guess) for _ in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        actions._secret_matches = real_check  # type: ignore[assignment]
    limit = settings.AXES_FAILURE_LIMIT
    assert len(checked) == limit
    assert AuditEvent.objects.filter(action="room.unlock_failed").count() == limit
    assert AuditEvent.objects.filter(action="room.signed_out").count() == 1
    assert Handover.objects.get().ended_how == "signed_out"
    # The right PIN afterwards opens nothing.
    assert not actions.unlock(people.therapist, Handover.objects.get(), "4827").ok
