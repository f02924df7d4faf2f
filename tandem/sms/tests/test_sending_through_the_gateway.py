"""A text goes out through the chosen backend once: printed to the console in the demo, posted to
the HTTP gateway in production (tried again while the gateway is down, never sent twice)."""

from __future__ import annotations

import http.client
import io
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.sms.backends import (
    ConsoleBackend,
    GatewayUnavailable,
    HttpGatewayBackend,
    Outgoing,
    Rejected,
    Unsure,
)
from tandem.sms.models import TextMessage
from tandem.sms.tasks import send_text
from tandem.sms.tests.conftest import MOBILE
from tandem.sms.tests.gateway import API_KEY
from tandem.tasks.models import Delivery
from tandem.tasks.tests.smtp import free_port
from tandem.tasks.worker import MAX_ATTEMPTS


def a_reminder_text(people) -> TextMessage:
    return TextMessage.objects.create(
        practice=people.practice,
        client=people.client,
        purpose=TextMessage.REMINDER,
        to=MOBILE,
    )


def daytime():
    """Half past ten in the morning in London: no quiet hours in the way."""
    now = timezone.now().astimezone(timezone.get_fixed_timezone(0))
    return time_machine.travel(now.replace(hour=10, minute=30) + timedelta(days=1), tick=False)


def test_the_console_backend_prints_the_message():
    stream = io.StringIO()
    gateway_id = ConsoleBackend(stream).send(Outgoing(MOBILE, "Hello there", "tandem-1"))
    assert gateway_id == "console-tandem-1"
    assert "Text message to +447911123456 (tandem-1)\nHello there\n" in stream.getvalue()


def test_the_demo_prints_a_text_and_keeps_its_status(people, verified, capsys, settings):
    settings.TANDEM_SMS_BACKEND = "console"
    with daytime():
        message = a_reminder_text(people)
        send_text.enqueue(message.pk)
    printed = capsys.readouterr().out
    assert "Text message to +447911123456" in printed and "Reply STOP" in printed
    message.refresh_from_db()
    assert message.status == TextMessage.SENT and message.gateway_id.startswith("console-")


def test_it_posts_to_the_gateway_with_its_key_and_keeps_the_id(people, verified, gateway):
    with daytime():
        message = a_reminder_text(people)
        send_text.enqueue(message.pk)
    [sent] = gateway.sent
    assert sent["to"] == MOBILE and sent["from"] == "Tandem"
    assert sent["reference"] == f"tandem-{message.pk}"
    assert "/portal/" in sent["body"]
    message.refresh_from_db()
    assert (message.status, message.gateway_id) == (TextMessage.SENT, sent["id"])
    assert message.sent_at is not None
    event = AuditEvent.objects.get(action="sms.send")
    assert event.client_id == people.client.pk
    assert MOBILE not in str(event.detail)  # the number stays out of the audit trail


def test_a_gateway_that_is_down_is_tried_again_later_and_the_text_goes_once(
    people, verified, gateway, db_tasks, run_worker
):
    gateway.fail_next(times=2, status=503)
    with daytime() as clock:
        message = a_reminder_text(people)
        send_text.enqueue(message.pk)
        run_worker()
        assert gateway.sent == [] and gateway.requests == 1
        assert TextMessage.objects.get().status == TextMessage.QUEUED
        clock.shift(timedelta(minutes=1))
        run_worker()
        assert gateway.sent == [] and gateway.requests == 2
        clock.shift(timedelta(minutes=3))
        run_worker()
        clock.shift(timedelta(minutes=30))
        run_worker()  # nothing left to run
    assert len(gateway.to(MOBILE)) == 1 and gateway.requests == 3
    assert TextMessage.objects.get().status == TextMessage.SENT
    assert Delivery.objects.filter(key=f"sms:{message.pk}").exists()


def test_a_message_is_never_sent_twice(people, verified, gateway):
    with daytime():
        message = a_reminder_text(people)
        send_text.enqueue(message.pk)
        send_text.enqueue(message.pk)  # its job run again: the delivery key says it went
        assert gateway.requests == 1
        # A worker that died after the gateway took the text but before Tandem wrote it down:
        # the next try carries the same idempotency key, and the gateway sends it once.
        Delivery.objects.all().delete()
        TextMessage.objects.filter(pk=message.pk).update(status=TextMessage.QUEUED)
        send_text.enqueue(message.pk)
    assert gateway.requests == 2 and len(gateway.sent) == 1


def test_a_refused_message_fails_at_once(people, verified, gateway, db_tasks, run_worker):
    gateway.fail_next(status=400, error="invalid_destination")
    with daytime():
        message = a_reminder_text(people)
        send_text.enqueue(message.pk)
        run_worker()
    message.refresh_from_db()
    assert message.status == TextMessage.FAILED
    assert "400" in message.reason and "invalid_destination" in message.reason
    assert gateway.requests == 1  # not tried again
    assert AuditEvent.objects.filter(action="sms.not_sent", client_id=people.client.pk).exists()


def test_after_the_last_try_the_message_is_failed(people, verified, gateway, db_tasks, run_worker):
    gateway.fail_next(times=MAX_ATTEMPTS, status=502)
    with daytime() as clock:
        message = a_reminder_text(people)
        send_text.enqueue(message.pk)
        for _ in range(MAX_ATTEMPTS):
            run_worker()
            clock.shift(timedelta(hours=2))
    message.refresh_from_db()
    assert message.status == TextMessage.FAILED and "gave up" in message.reason
    assert gateway.requests == MAX_ATTEMPTS and gateway.sent == []


def test_the_adapter_tells_down_from_refused(gateway):
    adapter = HttpGatewayBackend(gateway.url, API_KEY, "Tandem")
    gateway.fail_next(status=429, error="slow_down")
    with pytest.raises(GatewayUnavailable, match="429"):
        adapter.send(Outgoing(MOBILE, "x", "tandem-9"))
    with pytest.raises(Rejected, match="401"):
        HttpGatewayBackend(gateway.url, "a-wrong-key", "Tandem").send(
            Outgoing(MOBILE, "x", "tandem-9")
        )
    nobody_there = f"http://127.0.0.1:{free_port()}/v1/messages"
    with pytest.raises(GatewayUnavailable, match="could not be reached"):
        HttpGatewayBackend(nobody_there, API_KEY, "Tandem").send(Outgoing(MOBILE, "x", "t-1"))


def test_the_adapter_tells_maybe_taken_from_not_taken(gateway):
    # Refused connections and 5xx answers: not taken. Taken with no answer: perhaps taken.
    adapter = HttpGatewayBackend(gateway.url, API_KEY, "Tandem")
    gateway.fail_next(status=503)
    with pytest.raises(GatewayUnavailable) as down:
        adapter.send(Outgoing(MOBILE, "x", "tandem-9"))
    assert not isinstance(down.value, Unsure)
    nobody_there = f"http://127.0.0.1:{free_port()}/v1/messages"
    with pytest.raises(GatewayUnavailable) as refused:
        HttpGatewayBackend(nobody_there, API_KEY, "Tandem").send(Outgoing(MOBILE, "x", "t-1"))
    assert not isinstance(refused.value, Unsure)
    gateway.take_then_drop()
    with pytest.raises(Unsure, match="no answer"):
        adapter.send(Outgoing(MOBILE, "x", "tandem-9"))
    assert len(gateway.sent) == 1


@pytest.mark.parametrize(
    "raised",
    [
        # urllib wraps what goes wrong while connecting or writing the request in URLError
        # (socket.timeout, which the socket raises, is TimeoutError since Python 3.10).
        urllib.error.URLError(TimeoutError("timed out")),
        urllib.error.URLError(TimeoutError("_ssl.c:980: The handshake operation timed out")),
        # What goes wrong while waiting for the answer comes as it is.
        TimeoutError("The read operation timed out"),
        http.client.RemoteDisconnected("Remote end closed connection without response"),
    ],
    ids=["timeout-in-urlerror", "tls-timeout-in-urlerror", "read-timeout", "dropped"],
)
def test_a_timeout_however_it_comes_is_unsure_never_refused(monkeypatch, raised):
    """Whether the gateway took it cannot be known: the same key and link on the next try, and
    not a refusal (which would fail the text at once)."""

    def urlopen(*args, **kwargs):
        raise raised

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    adapter = HttpGatewayBackend("https://gateway.example/v1/messages", API_KEY, "Tandem")
    with pytest.raises(Unsure, match="no answer from the gateway"):
        adapter.send(Outgoing(MOBILE, "x", "tandem-9"))


def test_a_connection_refused_in_urlerror_is_down_not_unsure(monkeypatch):
    def urlopen(*args, **kwargs):
        raise urllib.error.URLError(ConnectionRefusedError(111, "Connection refused"))

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    adapter = HttpGatewayBackend("https://gateway.example/v1/messages", API_KEY, "Tandem")
    with pytest.raises(GatewayUnavailable, match="could not be reached") as down:
        adapter.send(Outgoing(MOBILE, "x", "tandem-9"))
    assert not isinstance(down.value, Unsure)


def test_the_adapter_wants_https_and_a_key():
    with pytest.raises(ImproperlyConfigured, match="https"):
        HttpGatewayBackend("http://gateway.example.com/v1/messages", API_KEY, "Tandem")
    with pytest.raises(ImproperlyConfigured, match="KEY"):
        HttpGatewayBackend("https://gateway.example.com/v1/messages", "", "Tandem")
    HttpGatewayBackend("https://gateway.example.com/v1/messages", API_KEY, "Tandem")
