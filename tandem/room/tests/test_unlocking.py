"""Only the therapist's password or the practice PIN unlocks a handed-over device; wrong tries are
counted in the database, audited, and the last one allowed signs the therapist out."""

from __future__ import annotations

import pytest
from django.conf import settings

from tandem.audit.models import AuditEvent
from tandem.room.actions import save_room_settings
from tandem.room.models import Handover
from tandem.room.state import HANDOVER

pytestmark = pytest.mark.django_db


@pytest.fixture
def pin(people):
    save_room_settings(people.admin, 3, new_pin="4827")
    return "4827"


def test_the_practice_pin_unlocks_and_says_so_in_the_trail(handed, people, pin):
    handed.post("/room/lock/", {"reason": "handed_back"})
    response = handed.post("/room/unlock/", {"secret": pin})
    assert response.status_code == 302 and response.url == f"/sessions/{people.session.pk}/"
    unlocked = AuditEvent.objects.get(action="room.unlock")
    assert unlocked.detail["how"] == "pin" and unlocked.actor_id == people.therapist.pk
    assert Handover.objects.get().ended_how == "pin"


def test_a_wrong_pin_many_times_signs_the_therapist_out(handed, people, pin):
    limit = settings.AXES_FAILURE_LIMIT
    for attempt in range(1, limit):
        response = handed.post("/room/unlock/", {"secret": "1111"})
        assert response.status_code == 400
        left = limit - attempt
        assert f"{left} {'try' if left == 1 else 'tries'} left".encode() in response.content
        assert b"Ada" not in response.content
    response = handed.post("/room/unlock/", {"secret": "1111"})
    assert response.status_code == 302 and response.url == "/accounts/login/"
    # Signed out: the right PIN is now worth nothing, and so is the old cookie.
    assert HANDOVER not in handed.session
    assert handed.post("/room/unlock/", {"secret": pin}).status_code == 404
    assert handed.get("/caseload/").status_code == 302
    assert handed.get(f"/api/v1/clients/{people.client.pk}").status_code == 401
    assert AuditEvent.objects.filter(action="room.unlock_failed").count() == limit
    assert AuditEvent.objects.filter(action="room.unlock_failed", outcome="denied").count() == limit
    out = AuditEvent.objects.get(action="room.signed_out")
    assert out.actor_id == people.therapist.pk
    assert not AuditEvent.objects.filter(action="room.unlock").exists()
    assert Handover.objects.get().ended_how == "signed_out"


def test_no_more_tries_than_the_limit_even_when_the_count_is_full(handed, people, pin):
    handover = Handover.objects.get()
    Handover.objects.filter(pk=handover.pk).update(unlock_attempts=settings.AXES_FAILURE_LIMIT)
    # The right PIN after the last try is not even checked: the device signs out.
    response = handed.post("/room/unlock/", {"secret": pin})
    assert response.url == "/accounts/login/"
    assert not AuditEvent.objects.filter(action="room.unlock").exists()


def test_another_persons_password_does_not_unlock(handed, people):
    people.colleague.set_password("the-colleagues-password")
    people.colleague.save()
    response = handed.post("/room/unlock/", {"secret": "the-colleagues-password"})
    assert response.status_code == 400
    assert Handover.objects.get().ended_at is None


def test_a_pin_is_no_use_where_the_practice_has_none(handed):
    response = handed.post("/room/unlock/", {"secret": "4827"})
    assert response.status_code == 400


def test_an_empty_unlock_is_not_counted(handed):
    response = handed.post("/room/unlock/", {"secret": ""})
    assert response.status_code == 400
    assert Handover.objects.get().unlock_attempts == 0


def test_another_practices_pin_does_not_unlock(handed, people):
    from tandem.room.actions import room_settings

    save_room_settings(_elsewhere_admin(people), 3, new_pin="5931")
    assert room_settings(people.other_practice.pk).has_pin
    response = handed.post("/room/unlock/", {"secret": "5931"})
    assert response.status_code == 400


def _elsewhere_admin(people):
    from tandem.accounts.models import User

    return User.objects.create_user(
        "admin@elsewhere.test",
        "x-long-password",
        practice=people.other_practice,
        is_practice_admin=True,
    )
