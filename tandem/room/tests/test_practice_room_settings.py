"""The practice admin sets the idle time and a short PIN; the PIN is kept only as a hash, never
in the audit trail, and weak or mistyped PINs are refused."""

from __future__ import annotations

import pytest

from tandem.audit.models import AuditEvent
from tandem.room.models import RoomSettings

pytestmark = pytest.mark.django_db


def test_the_admin_sets_the_idle_time_and_a_pin(client, people):
    client.force_login(people.admin)
    assert client.get("/practice/room/").status_code == 200
    response = client.post(
        "/practice/room/", {"idle_minutes": "5", "new_pin": "4827", "new_pin_again": "4827"}
    )
    assert response.status_code == 302
    found = RoomSettings.objects.get(practice=people.practice)
    assert found.idle_minutes == 5 and found.has_pin
    assert "4827" not in found.pin_hash
    event = AuditEvent.objects.get(action="practice.room.update")
    assert event.detail == {"idle_minutes": 5, "pin": "set"}
    assert "4827" not in str(event.detail)
    assert b"A PIN is set" in client.get("/practice/room/").content


def test_the_pin_can_be_removed(client, people):
    client.force_login(people.admin)
    client.post(
        "/practice/room/", {"idle_minutes": "3", "new_pin": "4827", "new_pin_again": "4827"}
    )
    client.post("/practice/room/", {"idle_minutes": "3", "remove_pin": "on"})
    assert not RoomSettings.objects.get().has_pin
    assert (
        AuditEvent.objects.filter(action="practice.room.update").last().detail["pin"] == "removed"
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"idle_minutes": "0"},
        {"idle_minutes": "31"},
        {"idle_minutes": "3", "new_pin": "12", "new_pin_again": "12"},
        {"idle_minutes": "3", "new_pin": "12ab", "new_pin_again": "12ab"},
        {"idle_minutes": "3", "new_pin": "4827", "new_pin_again": "4828"},
        {"idle_minutes": "3", "new_pin": "1234", "new_pin_again": "1234"},
        {"idle_minutes": "3", "new_pin": "0000", "new_pin_again": "0000"},
        {"idle_minutes": "3", "new_pin": "123456789", "new_pin_again": "123456789"},
    ],
)
def test_what_does_not_fit_is_refused_with_the_reason(client, people, fields):
    client.force_login(people.admin)
    response = client.post("/practice/room/", fields)
    assert response.status_code == 400
    assert b"The settings were not saved" in response.content
    assert not RoomSettings.objects.filter(pin_hash__gt="").exists()
    assert not AuditEvent.objects.filter(action="practice.room.update").exists()


@pytest.mark.parametrize("who", ["therapist", "supervisor", "client_user", "outsider"])
def test_only_the_practice_admin_reaches_the_settings(client, people, who):
    client.force_login(getattr(people, who))
    assert client.get("/practice/room/").status_code == 404
