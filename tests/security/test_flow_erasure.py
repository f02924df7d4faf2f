"""Adversarial tests of erasing a client (docs/security.md, "Threat model: data flows").

Each test leaves the client's traces somewhere a plain erasure test does not look, erases them,
and then searches every table for their name, their addresses and a word only they wrote.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.test import Client as Browser
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.care import actions
from tandem.care.erasure import erase_client
from tandem.care.models import Client

pytestmark = pytest.mark.django_db

CANARY = "okapi-canary-5150"


def traces(*needles: str, audit: bool = False) -> list[str]:
    """Every table (the audit trail only if asked) whose rows hold one of ``needles``."""
    found = []
    for model in apps.get_models():
        if model is AuditEvent and not audit:
            continue
        for row in model.objects.all().values():
            text = json.dumps(row, default=str)
            found += [f"{model.__name__}: {n}" for n in needles if n in text]
    return found


def test_a_login_the_client_never_took_up_goes_with_them(people: Any) -> None:
    # The therapist invites the client, then corrects the address before they sign up: the first
    # login (their name, the old address) was left behind, linked to nothing, and erasure missed it.
    client, _ = actions.add_client(people.therapist, "Zed Q.", "zed-old@mail.test")
    actions.invite_client(people.therapist, client, "zed-new@mail.test")
    client.refresh_from_db()
    assert client.user is not None and client.user.email == "zed-new@mail.test"
    erase_client(people.admin, client, "Zed Q.")
    assert traces("Zed Q.", "zed-old@mail.test", "zed-new@mail.test") == []


def test_the_client_signed_up_then_erased_leaves_no_login_session_or_throttle_entry(
    people: Any,
) -> None:
    browser = Browser()
    browser.post("/accounts/login/", {"username": people.client_user.email, "password": "wrong"})
    browser.post(
        "/accounts/login/",
        {"username": people.client_user.email, "password": "a-long-test-password"},
    )
    assert browser.get("/portal/").status_code == 200
    erase_client(people.admin, people.client, "Ada L.")
    assert browser.get("/portal/").status_code == 302
    assert traces("Ada L.", f'"{people.client_user.email}"') == []


def test_erasure_takes_the_clients_reminders_and_answers_to_retried_requests(
    people: Any,
) -> None:
    from tandem.api.models import IdempotencyKey
    from tandem.api.tests.conftest import Api, token_for
    from tandem.reminders.models import Reminder

    Reminder.objects.create(client=people.client, session=people.session, slot=1)
    api = Api(token_for(people.client_user))
    body = {
        "episode": people.episode.pk,
        "session": people.session.pk,
        "instrument": "partnership",
        "answers": {
            "heard": 9,
            "focus": 8,
            "fit": 7,
            "together": 8,
            "takeaway": 6,
            "next_time": CANARY,
        },
    }
    assert api.post("/responses", body, headers={"Idempotency-Key": "k-9"}).status_code == 201
    assert IdempotencyKey.objects.exists()
    erase_client(people.admin, people.client, "Ada L.")
    assert not Reminder.objects.exists() and not IdempotencyKey.objects.exists()
    assert traces(CANARY, "Ada L.") == []
    assert not any(CANARY in json.dumps(e.detail) for e in AuditEvent.objects.all())


def test_only_the_typed_name_erases_and_only_in_the_admins_practice(people: Any) -> None:
    browser = Browser()
    browser.force_login(people.admin)
    url = f"/practice/clients/{people.outsider_client.pk}/erase/"
    assert browser.post(url, {"confirm": "Cy O."}).status_code == 404
    assert Client.objects.filter(pk=people.outsider_client.pk).exists()
    mine = f"/practice/clients/{people.client.pk}/erase/"
    assert browser.post(mine, {"confirm": "ada l."}).status_code == 400
    assert Client.objects.filter(pk=people.client.pk).exists()
    browser.force_login(people.outsider)
    assert browser.post(mine, {"confirm": "Ada L."}).status_code == 404
    assert Client.objects.filter(pk=people.client.pk).exists()


def test_a_blank_invitation_for_the_client_leaves_no_address_behind(people: Any) -> None:
    # An address with an account elsewhere gets a blank invitation: no row keeps it here.
    client, _ = actions.add_client(people.therapist, "Yan P.", people.outsider_client_user.email)
    client.refresh_from_db()
    assert client.user is None
    erase_client(people.admin, client, "Yan P.")
    assert traces("Yan P.") == []
    assert (
        not apps.get_model("accounts", "Invitation")
        .objects.filter(email=people.outsider_client_user.email)
        .exists()
    )


def test_answers_sent_before_erasure_are_not_kept_by_the_sender_either(people: Any) -> None:
    # The therapist's copy: a retried reflection is stored under the therapist, not the client.
    from tandem.api.tests.conftest import Api, token_for

    api = Api(token_for(people.therapist))
    body = {
        "episode": people.episode.pk,
        "session": people.session.pk,
        "instrument": "reflection",
        "answers": {"presence": 5, "learned": CANARY, "disclosed": False},
    }
    assert api.post("/responses", body, headers={"Idempotency-Key": "t-1"}).status_code == 201
    erase_client(people.admin, people.client, "Ada L.")
    assert traces(CANARY) == []
    since = timezone.now() - timedelta(minutes=5)
    assert AuditEvent.objects.filter(action="client.erase", at__gte=since).count() == 1
