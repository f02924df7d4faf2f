"""A risk answer on a handed-over device leads the client to the crisis information straight
away, and raises the risk alert for the therapist exactly as the portal does."""

from __future__ import annotations

import pytest

from tandem.audit.models import AuditEvent
from tandem.room.tests.conftest import answers_for
from tandem.safety.actions import DEFAULT_CRISIS_TEXT
from tandem.safety.models import PracticeSafety, RiskAlert
from tandem.web.words import plain_spaces

pytestmark = pytest.mark.django_db


def test_a_risk_answer_shows_the_crisis_information_and_raises_the_alert(handed, people):
    response = handed.post("/room/answer/phq9/", answers_for("phq9", q9="2"))
    assert response.status_code == 302 and response.url == "/room/support/"
    page = handed.get(response.url).content.decode()
    assert DEFAULT_CRISIS_TEXT.split(",")[0] in page
    assert "Continue" in page and 'href="/room/"' in page
    assert "Ada L." not in plain_spaces(page)
    alert = RiskAlert.objects.get()
    assert alert.client == people.client and alert.therapist == people.therapist
    assert alert.response.respondent == people.client_user
    shown = AuditEvent.objects.get(action="room.support.view")
    # Recorded under the device's account (the client may have no login), about the client.
    assert shown.actor_id == people.therapist.pk and shown.client_id == people.client.pk
    # The client carries on with the rest.
    assert b"/room/answer/" in handed.get("/room/").content


def test_the_practices_own_crisis_words_are_shown(handed, people):
    PracticeSafety.objects.create(
        practice=people.practice,
        crisis_text="Ring the duty line now.",
        crisis_contacts="Duty line: 0100 000 0000",
    )
    handed.post("/room/answer/phq9/", answers_for("phq9", q9="3"))
    page = handed.get("/room/support/").content.decode()
    assert "Ring the duty line now." in page and "0100 000 0000" in page


def test_no_risk_no_crisis_page(handed):
    response = handed.post("/room/answer/phq9/", answers_for("phq9"))
    assert response.url == "/room/?saved=1"
    assert not RiskAlert.objects.exists()
