"""Right of access and erasure: export everything about a client, then leave nothing but the audit trail."""

import json
import re

import pytest
from django.apps import apps
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.care.models import Client, Goal, PracticePlan

pytestmark = pytest.mark.django_db

CANARY = "zebra-canary-7731"


def fill_record(client, people):
    client.force_login(people.client_user)
    client.post(
        f"/portal/sessions/{people.session.pk}/partnership/",
        {
            "heard": "9",
            "focus": "8",
            "fit": "7",
            "together": "8",
            "takeaway": "6",
            "next_time": CANARY,
        },
    )
    client.post(
        f"/portal/sessions/{people.session.pk}/phq9/",
        {**{f"q{i}": "1" for i in range(1, 9)}, "q9": "2"},
    )
    Goal.objects.create(episode=people.episode, text=f"Goal {CANARY}")
    plan = PracticePlan.objects.create(episode=people.episode, title=f"Plan {CANARY}")
    client.post(
        f"/portal/practice-plan/{plan.pk}/log/",
        {
            "log_date": timezone.localdate().isoformat(),
            "practised": "1",
            "how_it_went": "5",
            "note": CANARY,
        },
    )
    client.post(
        "/portal/safety-plan/",
        {
            "warning_signs": CANARY,
            "coping_steps": "",
            "people_and_places": "",
            "professional_contacts": "",
            "version": "1",
        },
    )
    client.force_login(people.therapist)
    client.get(f"/clients/{people.client.pk}/")


def test_the_client_downloads_their_whole_record_and_it_is_audited(client, people):
    fill_record(client, people)
    client.force_login(people.client_user)
    assert b"/portal/settings/my-record/" in client.get("/portal/settings/").content
    response = client.get("/portal/settings/my-record/")
    data = json.loads(response.content)
    assert data["client"]["name"] == "Ada L."
    assert any(r["answers"].get("next_time") == CANARY for r in data["responses"])
    assert data["safety_plan"]["warning_signs"] == CANARY
    assert AuditEvent.objects.filter(
        action="export", actor=people.client_user, client_id=people.client.pk
    ).exists()


def test_their_therapist_downloads_it_for_them_and_no_one_else_does(client, people):
    fill_record(client, people)
    client.force_login(people.therapist)
    data = json.loads(client.get(f"/clients/{people.client.pk}/record/").content)
    assert data["safety_plan"]["warning_signs"] == CANARY
    for someone in (people.colleague, people.supervisor, people.admin, people.outsider):
        client.force_login(someone)
        assert client.get(f"/clients/{people.client.pk}/record/").status_code == 404
    client.force_login(people.other_client_user)
    mine = json.loads(client.get("/portal/settings/my-record/").content)
    assert CANARY not in json.dumps(mine)


def test_the_practice_admin_gets_counts_of_what_erasure_removes_not_the_answers(client, people):
    # issue 16.3: the admin used to download the whole clinical record here
    fill_record(client, people)
    client.force_login(people.admin)
    response = client.get(f"/practice/clients/{people.client.pk}/erase/?format=json")
    text = response.content.decode()
    data = json.loads(text)
    assert CANARY not in text and "answers" not in text and "warning_signs" not in text
    assert data["questionnaires"]["phq9"] == 1 and data["safety_plan"] is True
    assert data["risk_alerts"] >= 1 and data["goals"] == 1


def send_with_an_idempotency_key(people):
    """The therapist's reflection sent over the API with a key: the stored reply holds its
    answers under the therapist's account, not the client's (issue 16.11)."""
    from tandem.api.models import IdempotencyKey
    from tandem.api.tests.conftest import Api, token_for

    api = Api(token_for(people.therapist))
    body = {
        "episode": people.episode.pk,
        "session": people.session.pk,
        "instrument": "reflection",
        "answers": {"presence": 5, "learned": CANARY, "disclosed": False},
    }
    assert api.post("/responses", body, headers={"Idempotency-Key": "k-1"}).status_code == 201
    assert IdempotencyKey.objects.filter(user=people.therapist).exists()


def test_erasure_leaves_nothing_but_the_audit_trail(client, people):
    fill_record(client, people)
    send_with_an_idempotency_key(people)
    client.force_login(people.admin)
    page = client.post(
        f"/practice/clients/{people.client.pk}/erase/", {"confirm": "Ada L."}, follow=True
    )
    assert b"has been erased" in page.content
    assert not Client.objects.filter(pk=people.client.pk).exists()
    leftovers = []
    for model in apps.get_models():
        if model is AuditEvent:
            continue
        for row in model.objects.all().values():
            text = json.dumps(row, default=str)
            if CANARY in text or "Ada L." in text or '"client@harbour.test"' in text:
                leftovers.append(model.__name__)
    assert leftovers == []
    assert AuditEvent.objects.filter(action="client.erase", client_id=people.client.pk).exists()
    # The audit trail keeps who did what, not what was said.
    assert not any(CANARY in json.dumps(e.detail) for e in AuditEvent.objects.all())


def test_erasure_needs_the_name_typed(client, people):
    client.force_login(people.admin)
    page = client.post(
        f"/practice/clients/{people.client.pk}/erase/", {"confirm": "ada"}, follow=True
    )
    assert page.status_code == 400
    text = page.content.decode()
    # The reason beside the box, which points at it, not only in a message at the top.
    assert re.search(r'id="confirm"[^>]*aria-describedby="confirm_error"', text)
    assert re.search(r'id="confirm_error"><ul class="errorlist"><li>Type the client', text)
    assert Client.objects.filter(pk=people.client.pk).exists()


def test_only_the_practice_admin_can_erase(client, people):
    client.force_login(people.therapist)
    assert (
        client.post(
            f"/practice/clients/{people.client.pk}/erase/", {"confirm": "Ada L."}
        ).status_code
        == 404
    )
    client.force_login(people.outsider)
    assert (
        client.post(
            f"/practice/clients/{people.client.pk}/erase/", {"confirm": "Ada L."}
        ).status_code
        == 404
    )
    assert Client.objects.filter(pk=people.client.pk).exists()


def test_stored_retry_answers_expire_after_a_day(people):
    from datetime import timedelta

    from tandem.api.idempotency import LIFETIME, forget_expired
    from tandem.api.models import IdempotencyKey

    send_with_an_idempotency_key(people)
    assert forget_expired() == 0
    assert forget_expired(timezone.now() + LIFETIME + timedelta(seconds=1)) == 1
    assert not IdempotencyKey.objects.exists()
