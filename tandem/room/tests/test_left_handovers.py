"""A handover nobody came back to (the tablet put down, the browser closed, the server session
timed out) is closed by the periodic job once the practice's idle time and then the staff idle
time have passed: once, audited, and without freeing a device that still holds it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.room import actions
from tandem.room.models import DEFAULT_IDLE_MINUTES, Handover
from tandem.room.state import HANDOVER
from tandem.room.tasks import close_left, left_after
from tandem.room.tests.conftest import PASSWORD, hand_over

pytestmark = pytest.mark.django_db

IDLE = timedelta(minutes=DEFAULT_IDLE_MINUTES)
SECOND = timedelta(seconds=1)


def test_the_margin_is_the_staff_idle_time():
    assert left_after() == timedelta(seconds=settings.TANDEM_STAFF_IDLE_SECONDS)
    assert left_after() == timedelta(minutes=30)  # the default, documented in docs/security.md


def test_a_handover_left_mid_questionnaire_is_closed_once_and_audited(people):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        handover = actions.hand_over(people.therapist, people.session)
        clock.shift(IDLE + left_after() - SECOND)
        assert close_left(timezone.now()) == 0
        assert Handover.objects.get().ended_at is None
        clock.shift(2 * SECOND)
        now = timezone.now()
        assert close_left(now) == 1
        assert close_left(timezone.now()) == 0  # a second run, or a second worker
    handover.refresh_from_db()
    assert (handover.ended_how, handover.ended_at) == ("abandoned", now)
    # It was never locked: it is locked now, as nobody used it (no reason is left blank).
    assert (handover.lock_reason, handover.locked_at) == ("idle", now)
    event = AuditEvent.objects.get(action="room.abandoned")
    assert event.actor_id == people.therapist.pk and event.client_id == people.client.pk
    assert event.detail["locked"] == "idle" and event.detail["locked_now"] is True
    assert event.detail["noticed_by"] == "worker"


def test_the_time_counts_from_when_it_locked_if_that_was_later(client, people):
    client.force_login(people.therapist)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        hand_over(client, people)
        # The device was picked up again ten minutes later: the server locked it then, as idle.
        clock.shift(timedelta(minutes=10))
        assert b"Please hand this device back" in client.get("/room/").content
        locked_at = Handover.objects.get().locked_at
        clock.shift(left_after() - SECOND)
        assert close_left(timezone.now()) == 0
        clock.shift(2 * SECOND)
        assert close_left(timezone.now()) == 1
    handover = Handover.objects.get()
    assert handover.locked_at == locked_at and handover.lock_reason == "idle"
    event = AuditEvent.objects.get(action="room.abandoned")
    assert event.detail["locked_now"] is False


@pytest.mark.parametrize("reason", ["done", "handed_back"])
def test_a_locked_one_keeps_its_reason(people, reason):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        handover = actions.hand_over(people.therapist, people.session)
        assert actions.lock(handover, reason)
        clock.shift(IDLE + left_after() - SECOND)
        assert close_left(timezone.now()) == 0
        clock.shift(2 * SECOND)
        assert close_left(timezone.now()) == 1
    handover.refresh_from_db()
    assert (handover.lock_reason, handover.ended_how) == (reason, "abandoned")
    assert AuditEvent.objects.get(action="room.abandoned").detail["locked"] == reason


def test_one_in_use_or_unlocked_is_left_alone(client, people):
    client.force_login(people.therapist)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        hand_over(client, people)
        in_use = Handover.objects.get()
        done = actions.hand_over(people.therapist, people.session)
        actions.lock(done, "handed_back")
        assert actions.unlock(people.therapist, done, PASSWORD).ok
        # The client keeps tapping, well past what a handover left would be given.
        for _ in range(20):
            clock.shift(IDLE - SECOND)
            assert client.post("/room/still-here/").status_code == 204
        assert close_left(timezone.now()) == 0
    in_use.refresh_from_db()
    done.refresh_from_db()
    assert in_use.ended_at is None and in_use.locked_at is None
    assert done.ended_how == "password"
    assert not AuditEvent.objects.filter(action="room.abandoned").exists()


def test_the_device_that_held_it_stays_locked_and_unlocking_still_ends_it(client, people):
    client.force_login(people.therapist)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        hand_over(client, people)
        client.post("/room/lock/", {"reason": "handed_back"})
        # Someone keeps picking the locked tablet up, so its session never times out.
        for _ in range(4):
            clock.shift(timedelta(minutes=10))
            assert b"Please hand this device back" in client.get("/room/").content
        assert close_left(timezone.now()) == 1
        assert Handover.objects.get().ended_how == "abandoned"
        # Closing freed nothing: every address is still the locked screen, the API too.
        assert HANDOVER in client.session
        for path in ("/caseload/", f"/clients/{people.client.pk}/", "/portal/"):
            response = client.get(path)
            assert response.status_code == 423, path
            assert b"Ada" not in response.content
        assert client.get(f"/api/v1/clients/{people.client.pk}").status_code == 423
        assert client.post("/room/still-here/").status_code == 423
        # A wrong password counts as before; the right one ends it and gives the device back.
        wrong = client.post("/room/unlock/", {"secret": "not-it"})
        assert wrong.status_code == 400 and b"tries left" in wrong.content
        response = client.post("/room/unlock/", {"secret": PASSWORD})
        assert response.status_code == 302 and response.url == f"/sessions/{people.session.pk}/"
        assert client.get("/caseload/").status_code == 200
    handover = Handover.objects.get()
    assert handover.ended_how == "password" and handover.unlock_attempts == 2
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="room.")] == [
        "room.hand_over",
        "room.lock",
        "room.abandoned",
        "room.unlock_failed",
        "room.unlock",
    ]


def test_a_device_left_untouched_is_signed_out_by_the_time_it_is_closed(client, people):
    client.force_login(people.therapist)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        hand_over(client, people)
        clock.shift(IDLE + left_after() + SECOND)
        assert close_left(timezone.now()) == 1
        # Whoever picks it up now finds the sign-in page, not the record.
        response = client.get("/caseload/")
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
        assert HANDOVER not in client.session


def test_the_therapist_can_hand_the_session_over_again_afterwards(client, people):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        actions.hand_over(people.therapist, people.session)
        clock.shift(IDLE + left_after() + SECOND)
        assert close_left(timezone.now()) == 1
        client.force_login(people.therapist)
        assert client.get(f"/sessions/{people.session.pk}/").status_code == 200
        hand_over(client, people)
        assert b'action="/room/answer/' in client.get("/room/").content
    assert Handover.objects.filter(ended_at__isnull=True).count() == 1


def test_an_ended_one_is_never_closed_again(people):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        handover = actions.hand_over(people.therapist, people.session)
        actions.lock(handover, "done")
        assert actions.unlock(people.therapist, handover, PASSWORD).ok
        clock.shift(timedelta(days=3))
        assert close_left(timezone.now()) == 0
    assert Handover.objects.get().ended_how == "password"
