"""An integration makes a link through the API (to send by text message, say): the same action,
the same checks, the client's therapist only."""

from __future__ import annotations

import pytest
from django.test import Client as Browser

from tandem.api.tests.conftest import Api, token_for
from tandem.audit.models import AuditEvent
from tandem.care.models import Session
from tandem.links.models import QuestionnaireLink

pytestmark = pytest.mark.django_db


def _api(user, read_only: bool = False) -> Api:
    return Api(token_for(user, read_only))


def test_the_therapist_makes_a_link_that_opens(people):
    answer = _api(people.therapist).post(f"/sessions/{people.session.pk}/links", {})
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert set(body) == {"id", "session_id", "url", "expires_at"}
    assert body["session_id"] == people.session.pk
    path = "/l/" + body["url"].rstrip("/").rsplit("/", 1)[-1] + "/"
    assert Browser().get(path).status_code == 200
    event = AuditEvent.objects.get(action="link.create")
    assert event.detail["via"] == "api" and event.actor == people.therapist


def test_a_read_only_token_cannot(people):
    answer = _api(people.therapist, read_only=True).post(f"/sessions/{people.session.pk}/links", {})
    assert answer.status_code == 403
    assert not QuestionnaireLink.objects.exists()


@pytest.mark.parametrize("who", ["client", "colleague", "supervisor", "admin", "outsider"])
def test_nobody_else_can(people, who):
    people.client.share_with_supervisor = True
    people.client.save()
    user = {
        "client": people.client_user,
        "colleague": people.colleague,
        "supervisor": people.supervisor,
        "admin": people.admin,
        "outsider": people.outsider,
    }[who]
    answer = _api(user).post(f"/sessions/{people.session.pk}/links", {})
    assert answer.status_code in (403, 404)
    assert "/l/" not in answer.content.decode()
    assert not QuestionnaireLink.objects.exists()


def test_it_says_when_nothing_is_waiting(people):
    Session.objects.create(episode=people.episode, number=2, date=people.session.date)
    answer = _api(people.therapist).post(f"/sessions/{people.session.pk}/links", {})
    assert answer.status_code == 400
    assert "Nothing is waiting" in answer.json()["detail"]
