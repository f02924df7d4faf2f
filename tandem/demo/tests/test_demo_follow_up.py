"""The demo shows the follow-up after the ending: one check-in answered, with the request it
raised on the demo therapist's caseload, and one waiting for a former client who can sign in."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.demo import DEMO_LOGINS
from tandem.followup import checkin
from tandem.followup.models import FollowUp, ReturningRequest

pytestmark = pytest.mark.django_db


def test_one_check_in_is_answered_and_its_request_waits_for_the_therapist(client: Any) -> None:
    answered = FollowUp.objects.get(answered_at__isnull=False)
    assert sorted(answered.responses.values_list("instrument_id", flat=True)) == [
        "gad7",
        "phq9",
        "talk_again",
    ]
    request = ReturningRequest.objects.get(follow_up=answered)
    assert request.wants_to_talk and request.closed_at is None
    assert request.episode.therapist.email == "therapist@example.org"
    client.force_login(request.episode.therapist)
    assert "Asking to come back" in client.get("/caseload/").content.decode()


def test_one_check_in_is_due_for_a_former_client_who_can_sign_in(client: Any) -> None:
    waiting = FollowUp.objects.get(answered_at__isnull=True)
    assert checkin.is_open(waiting)
    user = waiting.episode.client.user
    assert user.email == "former-client@example.org"
    assert "former-client@example.org" in dict(DEMO_LOGINS)
    client.force_login(user)
    home = client.get("/portal/").content.decode()
    assert "How are you doing?" in home
    page = client.get(f"/portal/follow-up/{waiting.pk}/").content.decode()
    assert "Would you like to talk to your therapist again?" in page
