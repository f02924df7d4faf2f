"""What the gateway sends back: delivery reports keep each text's status, a STOP turns texts off
for the number at once, and nothing unsigned, forged or stale is believed. Erasing a client takes
their number and their texts with them."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.care.erasure import erase_client
from tandem.sms import actions
from tandem.sms.models import TextMessage, TextNumber
from tandem.sms.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, signed_headers
from tandem.sms.tasks import send_text
from tandem.sms.tests.conftest import MOBILE
from tandem.sms.tests.gateway import SECRET, FakeGateway

STATUS, REPLIES = "/sms/status/", "/sms/replies/"


def deliver(client, url: str, body: bytes, headers: dict[str, str]):
    return client.post(
        url,
        body,
        content_type="application/json",
        headers=headers,
    )


def a_sent_text(people, gateway) -> TextMessage:
    message = TextMessage.objects.create(
        practice=people.practice, client=people.client, purpose=TextMessage.REMINDER, to=MOBILE
    )
    morning = timezone.now().replace(hour=10) + timedelta(days=1)
    with time_machine.travel(morning, tick=False):
        send_text.enqueue(message.pk)
    message.refresh_from_db()
    assert message.status == TextMessage.SENT
    return message


def test_it_tells_the_gateway_where_to_report_and_keeps_what_it_reports(
    client, people, verified, gateway
):
    message = a_sent_text(people, gateway)
    assert gateway.sent[0]["status_callback"] == "http://127.0.0.1:8000/sms/status/"
    response = deliver(client, STATUS, *FakeGateway.report(message.gateway_id, "delivered"))
    assert response.status_code == 200 and response.json() == {"known": True}
    message.refresh_from_db()
    assert message.status == TextMessage.DELIVERED
    # A late "sent" does not undo "delivered"; an unknown id changes nothing.
    deliver(client, STATUS, *FakeGateway.report(message.gateway_id, "sent"))
    assert deliver(client, STATUS, *FakeGateway.report("gw-nobody", "failed")).json() == {
        "known": False
    }
    message.refresh_from_db()
    assert message.status == TextMessage.DELIVERED
    assert AuditEvent.objects.filter(action="sms.status", client_id=people.client.pk).count() == 1


def test_a_failed_delivery_is_kept_and_counted_for_the_admin(client, people, verified, gateway):
    message = a_sent_text(people, gateway)
    deliver(client, STATUS, *FakeGateway.report(message.gateway_id, "undelivered"))
    message.refresh_from_db()
    assert message.status == TextMessage.FAILED and "undelivered" in message.reason
    client.force_login(people.admin)
    page = client.get("/practice/texts/").content.decode()
    assert '<td>Failed</td><td class="num">1</td>' in page
    assert '<td>Delivered</td><td class="num">0</td>' in page


@pytest.mark.parametrize(
    "make",
    [
        lambda body: {},  # unsigned
        lambda body: signed_headers("not-the-secret", body),  # forged
        lambda body: signed_headers(SECRET, body, at=time.time() - 3600),  # replayed an hour on
        lambda body: signed_headers(SECRET, body + b" "),  # signed another body
        lambda body: {TIMESTAMP_HEADER: "soon", SIGNATURE_HEADER: "sha256=00"},
    ],
    ids=["unsigned", "forged", "stale", "other body", "nonsense"],
)
def test_an_unsigned_or_forged_report_is_refused(client, people, verified, gateway, make):
    message = a_sent_text(people, gateway)
    for url, body in [
        (STATUS, json.dumps({"id": message.gateway_id, "status": "failed"}).encode()),
        (REPLIES, json.dumps({"from": MOBILE, "body": "STOP"}).encode()),
    ]:
        response = deliver(client, url, body, make(body))
        assert response.status_code == 403, url
    message.refresh_from_db()
    verified.refresh_from_db()
    assert message.status == TextMessage.SENT and verified.stopped_at is None


def test_with_no_secret_set_every_report_is_refused(client, people, verified, gateway, settings):
    settings.TANDEM_SMS_WEBHOOK_SECRET = ""
    body, headers = FakeGateway.reply(MOBILE, "STOP", secret="")
    assert deliver(client, REPLIES, body, headers).status_code == 403
    assert deliver(client, REPLIES, *FakeGateway.reply(MOBILE, "STOP")).status_code == 403
    assert client.get(REPLIES).status_code == 405


@pytest.mark.parametrize("words", ["STOP", "stop", " Stop. ", "STOP ALL", "unsubscribe", "Quit"])
def test_stop_turns_texts_off_at_once(client, people, verified, gateway, words):
    waiting = TextMessage.objects.create(
        practice=people.practice,
        client=people.client,
        purpose=TextMessage.REMINDER,
        to=MOBILE,
        send_after=timezone.now() + timedelta(hours=8),
    )
    response = deliver(client, REPLIES, *FakeGateway.reply("+44 7911 123456", words))
    assert response.json() == {"stopped": 1}
    verified.refresh_from_db()
    assert verified.stopped_at is not None
    waiting.refresh_from_db()
    assert waiting.status == TextMessage.CANCELLED
    assert actions.reminder_channels(people.client) == ("email",)
    event = AuditEvent.objects.get(action="sms.stop")
    assert event.client_id == people.client.pk and event.actor_id is None
    # The client sees it on their settings page, and starting again takes a new code.
    client.force_login(people.client_user)
    assert b"You replied STOP" in client.get("/portal/settings/").content
    page = client.get("/portal/settings/texts/").content
    assert b"Texts are off." in page


def test_other_replies_change_nothing_and_start_is_not_enough(client, people, verified, gateway):
    for words in ["START", "thanks!", "please stop calling me Steve", "UNSTOP", ""]:
        assert deliver(client, REPLIES, *FakeGateway.reply(MOBILE, words)).json() == {"stopped": 0}
    verified.refresh_from_db()
    assert verified.stopped_at is None
    deliver(client, REPLIES, *FakeGateway.reply(MOBILE, "STOP"))
    deliver(client, REPLIES, *FakeGateway.reply(MOBILE, "START"))
    verified.refresh_from_db()
    assert verified.stopped_at is not None  # only the portal starts texts again


def test_a_stop_reaches_every_client_who_gave_the_number_but_no_other(
    client, people, verified, gateway
):
    # The same phone given by a client of another practice (a shared family phone, say), and a
    # different number given by another client here.
    theirs = TextNumber.objects.create(
        client=people.outsider_client,
        given=MOBILE,
        number=MOBILE,
        verified_at=timezone.now(),
    )
    other = TextNumber.objects.create(
        client=people.other_client,
        given="07912 345678",
        number="+447912345678",
        verified_at=timezone.now(),
    )
    assert deliver(client, REPLIES, *FakeGateway.reply(MOBILE, "STOP")).json() == {"stopped": 2}
    for number in (verified, theirs, other):
        number.refresh_from_db()
    assert verified.stopped_at and theirs.stopped_at and other.stopped_at is None
    stops = AuditEvent.objects.filter(action="sms.stop")
    assert {(e.client_id, e.practice_id) for e in stops} == {
        (people.client.pk, people.practice.pk),
        (people.outsider_client.pk, people.other_practice.pk),
    }


def test_a_stopped_number_is_never_texted(people, verified, gateway):
    TextNumber.objects.filter(pk=verified.pk).update(stopped_at=timezone.now())
    message = TextMessage.objects.create(
        practice=people.practice, client=people.client, purpose=TextMessage.REMINDER, to=MOBILE
    )
    send_text.enqueue(message.pk)
    message.refresh_from_db()
    assert message.status == TextMessage.CANCELLED and "STOP" in message.reason
    assert gateway.sent == []


def test_erasing_a_client_erases_their_number_and_texts(client, people, verified, gateway):
    message = a_sent_text(people, gateway)
    erase_client(people.admin, people.client, "Ada L.")
    assert not TextNumber.objects.exists() and not TextMessage.objects.exists()
    # A report about a text that went before the erasure finds nothing to change.
    assert deliver(client, STATUS, *FakeGateway.report(message.gateway_id, "delivered")).json() == {
        "known": False
    }
    assert deliver(client, REPLIES, *FakeGateway.reply(MOBILE, "STOP")).json() == {"stopped": 0}
    for event in AuditEvent.objects.filter(action__startswith="sms."):
        assert "7911" not in json.dumps(event.detail)
