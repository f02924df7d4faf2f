"""A client's texts through the API: how reminders reach them and what became of each text, for
the client and their therapist only; never the number (not even echoed in a gateway's error)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.sms.models import TextMessage, TextNumber

MOBILE = "+447911123456"
GIVEN = "07911 123456"


@pytest.fixture
def texted(people: Any, settings: Any) -> Any:
    settings.TANDEM_SMS_BACKEND = "console"
    now = timezone.now()
    TextNumber.objects.create(
        client=people.client,
        given=GIVEN,
        number=MOBILE,
        verified_at=now - timedelta(days=2),
        reminders_by=TextNumber.TEXT,
    )
    common = {"practice": people.practice, "client": people.client, "to": MOBILE}
    code = TextMessage.objects.create(
        **common,
        purpose=TextMessage.CODE,
        status=TextMessage.DELIVERED,
        created_at=now - timedelta(days=2),
        sent_at=now - timedelta(days=2),
        gateway_id="gw-1",
    )
    failed = TextMessage.objects.create(
        **common,
        purpose=TextMessage.REMINDER,
        status=TextMessage.FAILED,
        created_at=now - timedelta(days=1),
        reason=f"the gateway refused the message (400: invalid destination {MOBILE})",
        emailed_instead_at=now - timedelta(days=1),
    )
    people.texts = [code, failed]
    return people


def test_the_therapist_sees_how_reminders_reach_the_client(texted: Any, api_as: Any) -> None:
    body = api_as(texted.therapist).get(f"/clients/{texted.client.pk}/texts").json()
    assert body["texts_offered"] is True
    assert body["number_given"] is True and body["verified"] is True
    assert body["stopped"] is False and body["reminders_by"] == "text"
    assert body["reminders_reach_by"] == ["text"]
    assert AuditEvent.objects.filter(action="sms.view", client_id=texted.client.pk).exists()


def test_after_stop_reminders_go_by_email(texted: Any, api_as: Any) -> None:
    TextNumber.objects.update(stopped_at=timezone.now())
    body = api_as(texted.client_user).get(f"/clients/{texted.client.pk}/texts").json()
    assert body["stopped"] is True and body["stopped_at"] is not None
    assert body["reminders_by"] == "text" and body["reminders_reach_by"] == ["email"]


def test_a_client_without_a_number_is_reminded_by_email(people: Any, api_as: Any) -> None:
    body = api_as(people.therapist).get(f"/clients/{people.client.pk}/texts").json()
    assert body["number_given"] is False and body["verified_at"] is None
    assert body["reminders_reach_by"] == ["email"]
    history = api_as(people.therapist).get(f"/clients/{people.client.pk}/texts/history").json()
    assert history == {"count": 0, "limit": 50, "offset": 0, "items": []}


def test_the_history_says_why_and_how_far_never_to_whom(texted: Any, api_as: Any) -> None:
    response = api_as(texted.therapist).get(f"/clients/{texted.client.pk}/texts/history")
    body = response.json()
    assert [(m["purpose"], m["status"]) for m in body["items"]] == [
        ("reminder", "failed"),
        ("code", "delivered"),
    ]
    assert body["items"][0]["emailed_instead_at"] is not None
    assert body["items"][1]["emailed_instead_at"] is None
    assert body["items"][0]["reason"] == (
        "the gateway refused the message (400: invalid destination (a number))"
    )
    text = response.content.decode()
    for secret in (MOBILE, GIVEN, "7911", "gw-1"):
        assert secret not in text
    assert AuditEvent.objects.filter(action="sms.list", client_id=texted.client.pk).exists()
    page = api_as(texted.therapist).get(
        f"/clients/{texted.client.pk}/texts/history", limit=1, offset=1
    )
    assert [m["purpose"] for m in page.json()["items"]] == ["code"]


def test_the_client_reads_their_own(texted: Any, api_as: Any) -> None:
    api = api_as(texted.client_user)
    assert api.get(f"/clients/{texted.client.pk}/texts").status_code == 200
    assert api.get(f"/clients/{texted.client.pk}/texts/history").json()["count"] == 2
    assert api.get(f"/clients/{texted.other_client.pk}/texts").status_code == 404


@pytest.mark.parametrize(
    "who", ["admin", "colleague", "supervisor", "other_client_user", "outsider"]
)
def test_nobody_else_does(texted: Any, api_as: Any, who: str) -> None:
    # The supervisor with the client's consent too: a supervisor reads clinical answers, not
    # how a client is contacted, and the practice admin sees counts of texts only.
    texted.client.share_with_supervisor = True
    texted.client.save(update_fields=["share_with_supervisor"])
    api = api_as(getattr(texted, who))
    for path in ("texts", "texts/history"):
        response = api.get(f"/clients/{texted.client.pk}/{path}")
        assert response.status_code == 404, (who, path)
