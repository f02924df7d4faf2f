"""A client gives their mobile number in the portal, is texted a code and types it back; only then
can reminders go by text. Wrong codes, late codes and too many codes are refused, and no one at
the practice sees the number."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.errors import ActionError
from tandem.sms import actions
from tandem.sms.models import TextMessage, TextNumber, TextPolicy
from tandem.sms.tasks import send_text
from tandem.sms.tests.conftest import MOBILE

PAGE = "/portal/settings/texts/"


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """Post to the client's texts page; what the page queues runs once its change commits."""

    def send(data, follow=False):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(PAGE, data, follow=follow)

    return send


def code_in(gateway, number: str = MOBILE) -> str:
    return re.search(r"code is (\d{6})", gateway.to(number)[-1]["body"]).group(1)


def test_a_client_confirms_their_number_with_the_code_texted_to_it(client, post, people, gateway):
    client.force_login(people.client_user)
    assert b"Reminders come by email" in client.get("/portal/settings/").content
    response = post({"step": "number", "number": "07911 123456"}, follow=True)
    assert b"We have texted a code to +44 7911 123456" in response.content
    number = TextNumber.objects.get(client=people.client)
    assert (number.given, number.number, number.verified_at) == ("07911 123456", MOBILE, None)
    [text] = gateway.to(MOBILE)
    assert "Your Tandem code is" in text["body"]
    assert TextMessage.objects.get().status == TextMessage.SENT

    response = post({"step": "code", "code": code_in(gateway)}, follow=True)
    assert b"Your number is confirmed" in response.content
    number.refresh_from_db()
    assert number.verified_at is not None and number.code_seed == ""
    assert number.reminders_by == TextNumber.EMAIL  # until the client chooses texts

    post({"step": "channel", "reminders_by": "both"})
    number.refresh_from_db()
    assert number.reminders_by == TextNumber.BOTH
    assert b"Texts go to +44 7911 123456" in client.get("/portal/settings/").content
    actions_done = list(
        AuditEvent.objects.filter(client_id=people.client.pk, action__startswith="sms.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions_done == ["sms.number.add", "sms.send", "sms.number.verify", "sms.reminders_by"]
    for event in AuditEvent.objects.filter(action__startswith="sms."):
        assert "7911" not in str(event.detail)


def test_it_says_what_is_wrong_with_a_number_and_texts_nothing(client, post, people, gateway):
    client.force_login(people.client_user)
    for typed, words in [
        ("my phone", b"does not look like a phone number"),
        ("020 7946 0958", b"looks like a landline"),
        ("07911 12", b"not complete"),
        ("", b"Please type your mobile number."),
    ]:
        response = post({"step": "number", "number": typed})
        assert response.status_code == 400 and words in response.content, typed
    assert gateway.sent == [] and not TextNumber.objects.exists()


def test_a_wrong_code_many_times_stops_the_code_working(client, post, people, gateway):
    client.force_login(people.client_user)
    post({"step": "number", "number": "+44 7911 123456"})
    good = code_in(gateway)
    wrong = str((int(good) + 1) % 10**6).zfill(6)
    for attempt in range(1, actions.WRONG_CODES_ALLOWED + 1):
        response = post({"step": "code", "code": wrong})
        assert response.status_code == 400
        expected = b"too many tries" if attempt == actions.WRONG_CODES_ALLOWED else b"not the code"
        assert expected in response.content
    # The right code now comes too late: it stopped working with the last wrong one.
    response = post({"step": "code", "code": good})
    assert b"too many tries" in response.content
    assert TextNumber.objects.get().verified_at is None
    assert AuditEvent.objects.filter(action="sms.code.wrong").count() == 5

    post({"step": "resend"})
    assert len(gateway.to(MOBILE)) == 2
    post({"step": "code", "code": code_in(gateway)})
    assert TextNumber.objects.get().verified_at is not None


def test_it_sends_a_few_codes_a_day_and_no_more(client, post, people, gateway):
    client.force_login(people.client_user)
    post({"step": "number", "number": "07911 123456"})
    for _ in range(actions.CODES_PER_DAY - 1):
        post({"step": "resend"})
    assert len(gateway.sent) == actions.CODES_PER_DAY
    response = post({"step": "resend"}, follow=True)
    assert b"will not send another until tomorrow" in response.content
    # A different number is no way round it.
    response = post({"step": "number", "number": "07912 345678"})
    assert b"will not send another until tomorrow" in response.content
    assert len(gateway.sent) == actions.CODES_PER_DAY
    assert TextNumber.objects.get().number == MOBILE
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        client.force_login(people.client_user)  # signed out since, for being idle
        response = post({"step": "resend"}, follow=True)
    assert b"We have texted you a new code" in response.content
    assert len(gateway.sent) == actions.CODES_PER_DAY + 1


def test_a_code_runs_out_after_ten_minutes(client, post, people, gateway):
    client.force_login(people.client_user)
    post({"step": "number", "number": "07911 123456"})
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        response = post({"step": "code", "code": code_in(gateway)})
    assert b"run out" in response.content
    assert TextNumber.objects.get().verified_at is None


def test_an_unverified_number_is_never_texted_a_reminder(people, gateway):
    number = TextNumber.objects.create(
        client=people.client, given="07911 123456", number=MOBILE, reminders_by=TextNumber.TEXT
    )
    message = TextMessage.objects.create(
        practice=people.practice, client=people.client, purpose=TextMessage.REMINDER, to=MOBILE
    )
    send_text.enqueue(message.pk)
    message.refresh_from_db()
    assert message.status == TextMessage.CANCELLED and "not verified" in message.reason
    assert gateway.sent == []
    # Nor can the client choose texts for it.
    with pytest.raises(ActionError, match="verified mobile number"):
        actions.set_reminders_by(people.client_user, people.client, TextNumber.TEXT)
    assert number.reminders_by == TextNumber.TEXT  # as made above; the action refused


def test_another_practices_client_with_the_same_number_is_their_own_matter(
    client, post, people, gateway
):
    client.force_login(people.client_user)
    post({"step": "number", "number": "07911 123456"})
    adas_code = code_in(gateway)
    client.force_login(people.outsider_client_user)
    post({"step": "number", "number": "+447911123456"})
    cys_code = code_in(gateway)
    if cys_code != adas_code:  # a code fits only the number and the request it was sent for
        response = post({"step": "code", "code": adas_code})
        assert b"not the code" in response.content
    post({"step": "code", "code": cys_code})
    assert TextNumber.objects.get(client=people.outsider_client).verified_at is not None
    assert TextNumber.objects.get(client=people.client).verified_at is None  # Ada's is not

    # Each practice's admin counts only its own clients' texts, and sees no number.
    client.force_login(people.admin)
    page = client.get("/practice/texts/").content.decode()
    assert re.search(r"<td>Sent</td><td class=\"num\">1</td>", page)
    assert "7911" not in page


def test_the_practice_sees_counts_but_never_the_number(client, people, gateway, verified):
    for user, url in [
        (people.admin, "/practice/texts/"),
        (people.admin, f"/practice/clients/{people.client.pk}/"),
        (people.therapist, f"/clients/{people.client.pk}/"),
    ]:
        client.force_login(user)
        page = client.get(url)
        assert page.status_code == 200, url
        assert b"7911" not in page.content, url


def test_a_new_number_stops_texts_to_the_old_one(client, post, people, gateway, verified):
    waiting = TextMessage.objects.create(
        practice=people.practice,
        client=people.client,
        purpose=TextMessage.REMINDER,
        to=MOBILE,
        send_after=timezone.now() + timedelta(hours=3),
    )
    client.force_login(people.client_user)
    post({"step": "number", "number": "07912 345678"})
    waiting.refresh_from_db()
    assert waiting.status == TextMessage.CANCELLED
    number = TextNumber.objects.get()
    assert number.number == "+447912345678" and number.verified_at is None
    assert number.reminders_by == TextNumber.EMAIL

    post({"step": "remove"})
    assert not TextNumber.objects.exists()
    assert AuditEvent.objects.filter(action="sms.number.remove").exists()


def test_texts_are_not_offered_when_the_practice_or_the_server_does_not_send_them(
    client, post, people, gateway, settings
):
    client.force_login(people.client_user)
    TextPolicy.objects.create(practice=people.practice, active=False)
    page = client.get(PAGE)
    assert b"does not send text messages" in page.content and b"Text me a code" not in page.content
    response = post({"step": "number", "number": "07911 123456"})
    assert b"does not send text messages" in response.content
    TextPolicy.objects.all().delete()
    settings.TANDEM_SMS_BACKEND = "off"
    response = post({"step": "number", "number": "07911 123456"})
    assert b"does not send text messages" in response.content
    assert gateway.sent == [] and not TextNumber.objects.exists()


def test_the_admin_sets_quiet_hours_and_nobody_else_can(client, people):
    client.force_login(people.admin)
    response = client.post(
        "/practice/texts/",
        {
            "active": "on",
            "quiet_from": "22:00",
            "quiet_until": "07:30",
            "time_zone": "Europe/Paris",
        },
    )
    assert response.status_code == 302
    policy = TextPolicy.objects.get(practice=people.practice)
    assert (str(policy.quiet_from), str(policy.quiet_until), policy.time_zone) == (
        "22:00:00",
        "07:30:00",
        "Europe/Paris",
    )
    assert AuditEvent.objects.filter(action="practice.texts.update").exists()
    response = client.post(
        "/practice/texts/",
        {"active": "on", "quiet_from": "late", "quiet_until": "07:30", "time_zone": "Mars/Base"},
    )
    assert response.status_code == 400
    assert b"Please give a time such as 21:00." in response.content
    assert b"Please choose a time zone from the list." in response.content
    for person in [people.therapist, people.client_user, people.outsider]:
        client.force_login(person)
        assert client.get("/practice/texts/").status_code == 404
