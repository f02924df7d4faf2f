"""A handed-over device attacked by the person holding it: questionnaires that are not theirs to
answer here, addresses dressed up to slip past the room's list, other ways of asking, and answers
sent after Tandem closed a handover that was left."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tandem.measures.models import Response
from tandem.room.models import Handover
from tandem.room.tasks import close_left, left_after
from tandem.room.tests.conftest import answers_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("instrument", ["partnership_mirror", "selfcare", "no-such-scale"])
def test_a_questionnaire_not_the_clients_for_this_session_is_never_stored(
    handed: Any, people: Any, instrument: str
) -> None:
    """The therapist's own side of the session, their private self-care check, or nothing at all:
    the room sends the client on to what is due, and stores nothing."""
    sent = handed.post(f"/room/answer/{instrument}/", answers_for("partnership"))
    assert sent.status_code == 302 and sent.url == "/room/"
    assert not Response.objects.filter(session=people.session).exists()
    assert not Response.objects.filter(instrument_id=instrument).exists()
    assert Handover.objects.get().locked_at is None


@pytest.mark.parametrize(
    "path",
    [
        "//caseload/",
        "/room/../caseload/",
        "/room/%2e%2e/caseload/",
        "/ROOM/",
        "/room/answer/partnership/../../../caseload/",
        "/caseload/?next=/room/",
        "/room",
    ],
)
def test_addresses_dressed_up_as_the_rooms_are_locked_or_lead_nowhere(
    handed: Any, path: str
) -> None:
    response = handed.get(path)
    # Locked (423), or an address the room redirects within itself, never the clinic's page.
    assert response.status_code in (301, 302, 423), response.status_code
    if response.status_code in (301, 302):
        assert response["Location"].startswith("/room/"), response["Location"]
    assert "Caseload" not in response.content.decode()


@pytest.mark.parametrize("method", ["head", "options", "put", "delete", "patch"])
def test_other_ways_of_asking_are_locked_too(handed: Any, people: Any, method: str) -> None:
    for url in (f"/clients/{people.client.pk}/", "/api/v1/clients", "/caseload/"):
        assert getattr(handed, method)(url).status_code == 423
    assert Handover.objects.get().lock_reason == "left"


def test_answers_sent_after_tandem_closed_a_left_handover_are_not_stored(
    handed: Any, people: Any
) -> None:
    long_ago = timezone.now() - left_after() - timedelta(hours=1)
    Handover.objects.update(started_at=long_ago, last_activity=long_ago)
    assert close_left(timezone.now()) == 1
    sent = handed.post("/room/answer/partnership/", answers_for("partnership"))
    assert sent.status_code == 423
    assert not Response.objects.filter(session=people.session).exists()
    assert handed.get("/caseload/").status_code == 423
