"""A handed-over device locks after the practice's idle time without a tap: the server keeps the
time itself (a page that never asks again is still locked when it does), and a tap noted by the
page starts the time again."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.measures.models import Response
from tandem.room.actions import save_room_settings
from tandem.room.models import DEFAULT_IDLE_MINUTES, Handover
from tandem.room.tests.conftest import answers_for

pytestmark = pytest.mark.django_db


def test_the_idle_time_passing_locks_the_device_on_the_server(client, people):
    client.force_login(people.therapist)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.post(f"/sessions/{people.session.pk}/hand-over/")
        assert Handover.objects.get().idle_seconds == DEFAULT_IDLE_MINUTES * 60
        clock.shift(timedelta(minutes=DEFAULT_IDLE_MINUTES, seconds=1))
        # The client's answers sent after the idle time are not kept: the device is locked.
        response = client.post("/room/answer/partnership/", answers_for("partnership"))
        assert response.status_code == 423
        assert b"Please hand this device back" in response.content
    assert not Response.objects.exists()
    handover = Handover.objects.get()
    assert handover.lock_reason == "idle"
    idle = AuditEvent.objects.get(action="room.idle_lock")
    assert idle.detail["noticed_by"] == "server" and idle.actor_id == people.therapist.pk


def test_a_tap_noted_by_the_page_starts_the_idle_time_again(client, people):
    client.force_login(people.therapist)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.post(f"/sessions/{people.session.pk}/hand-over/")
        for _ in range(3):
            clock.shift(timedelta(minutes=DEFAULT_IDLE_MINUTES - 1))
            assert client.post("/room/still-here/").status_code == 204
        response = client.post("/room/answer/partnership/", answers_for("partnership"))
        assert response.status_code == 302
        clock.shift(timedelta(minutes=DEFAULT_IDLE_MINUTES, seconds=1))
        assert client.post("/room/still-here/").status_code == 423
    assert Response.objects.count() == 1
    assert Handover.objects.get().lock_reason == "idle"


def test_the_practice_sets_the_idle_time(client, people):
    save_room_settings(people.admin, 1)
    client.force_login(people.therapist)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.post(f"/sessions/{people.session.pk}/hand-over/")
        clock.shift(timedelta(seconds=50))
        assert b"Please hand this device back" not in client.get("/room/").content
        clock.shift(timedelta(seconds=61))
        assert b"Please hand this device back" in client.get("/room/").content


def test_the_page_timer_locks_it_too(handed, people):
    response = handed.post("/room/lock/", {"reason": "idle"})
    assert response.status_code == 302
    assert Handover.objects.get().lock_reason == "idle"
    assert AuditEvent.objects.get(action="room.idle_lock").detail["noticed_by"] == "page"
    page = handed.get("/room/").content.decode()
    assert "data-idle-seconds" not in page  # no timer on the locked screen
