"""The demo's text messages: the demo client (client@example.org) has reminders by text.

Over their last four sessions: they gave and confirmed their number, a reminder was delivered, the
next one the gateway reported undelivered, a second reminder held through the practice's quiet
hours was not sent because they replied STOP that evening, they confirmed the number again in the
portal after their latest session, and yesterday's reminder is sent with no report back yet.
Every step is the sms app's own action, or exactly what its sending job writes, then dated.

The number is in the range Ofcom keeps for drama (07700 900000 to 900999): it reaches nobody.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import phonenumbers
from django.db import transaction
from django.utils import timezone

from tandem.audit.chain import record
from tandem.care.models import Client, Session
from tandem.demo.dated import audited_at
from tandem.demo.plan import at
from tandem.reminders.models import Reminder
from tandem.sms import actions
from tandem.sms.backends import texts_on
from tandem.sms.models import TextMessage, TextNumber
from tandem.sms.numbers import code_for
from tandem.sms.quiet import policy_for, wait_until
from tandem.sms.tasks import reference
from tandem.sms.words import CODE_MINUTES
from tandem.tasks.delivery import mark_sent

CLIENT = "client@example.org"
GIVEN = "07700 900461"
NUMBER = "+447700900461"
MINUTE = timedelta(minutes=1)


def _sent(message: TextMessage, when: datetime) -> None:
    """What the sending job writes when the console gateway takes the message."""
    with transaction.atomic(), audited_at(when):
        mark_sent(f"sms:{message.pk}")
        TextMessage.objects.filter(pk=message.pk).update(
            status=TextMessage.SENT,
            sent_at=when,
            status_at=when,
            gateway_id=f"console-{reference(message)}",
        )
        record(
            actor=None,
            action="sms.send",
            obj=message,
            client_id=message.client_id,
            practice_id=message.practice_id,
            detail={"purpose": message.purpose},
        )


def _reported(message: TextMessage, status: str, when: datetime) -> None:
    """The gateway's delivery report, through the webhook's action."""
    with audited_at(when):
        actions.record_delivery(f"console-{reference(message)}", status)
    TextMessage.objects.filter(pk=message.pk).update(status_at=when)


def _give_number(client: Client, when: datetime) -> TextMessage:
    """What the portal's ``add_number`` writes when the client gives their number (or gives it
    again after STOP): the number waiting for its code, the code's text, the audit record. Written
    here because the action rightly refuses the drama range as a number not in use."""
    number = TextNumber.objects.filter(client=client).first() or TextNumber(
        client=client, created_at=when
    )
    number.given, number.number = GIVEN, NUMBER
    number.verified_at = number.stopped_at = None
    number.reminders_by = TextNumber.EMAIL  # until the number is confirmed
    number.code_seed = secrets.token_hex(16)
    # The code works for its ten minutes from now, when the demo types it back.
    number.code_expires_at = timezone.now() + timedelta(minutes=CODE_MINUTES)
    number.wrong_codes = 0
    number.save()
    code = TextMessage.objects.create(
        practice_id=client.practice_id,
        client=client,
        purpose=TextMessage.CODE,
        to=NUMBER,
        created_at=when,
    )
    with audited_at(when):
        record(
            actor=client.user,
            action="sms.number.add",
            obj=number,
            client_id=client.pk,
            practice_id=client.practice_id,
            # What the action writes: the country the library finds, none for the drama range.
            detail={
                "country": phonenumbers.region_code_for_number(phonenumbers.parse(NUMBER)) or ""
            },
        )
    return code


def _confirm(client: Client, when: datetime) -> None:
    """The client gives the number in the portal, is texted a code, types it back and chooses
    reminders by text."""
    user = client.user
    assert user is not None
    code = _give_number(client, when)
    _sent(code, when)
    _reported(code, "delivered", when + MINUTE)
    number = TextNumber.objects.get(client=client)
    with audited_at(when + 2 * MINUTE):
        actions.check_code(user, client, code_for(number.number, number.code_seed))
    TextNumber.objects.filter(pk=number.pk).update(
        verified_at=when + 2 * MINUTE, code_expires_at=None
    )
    with audited_at(when + 3 * MINUTE):
        actions.set_reminders_by(user, client, TextNumber.TEXT)


def _remind(client: Client, session: Session, slot: int, when: datetime) -> TextMessage:
    """A reminder that came, sent by text as the client chose (as the reminder job does)."""
    reminder = Reminder.objects.create(client=client, session=session, slot=slot, created_at=when)
    with audited_at(when):
        message = actions.queue_reminder_text(reminder)
        assert message is not None
        Reminder.objects.filter(pk=reminder.pk).update(sent_at=when)
        record(
            actor=None,
            action="reminder.send",
            obj=reminder,
            client_id=client.pk,
            practice_id=client.practice_id,
            detail={"slot": slot, "session": session.pk, "by": ["text"]},
        )
    TextMessage.objects.filter(pk=message.pk).update(created_at=when)
    return message


def add_texts() -> None:
    if not texts_on():
        return  # a server that sends no texts offers none, so the demo shows none
    client = Client.objects.select_related("user").get(user__email=CLIENT)
    episode = client.current_episode()
    assert episode is not None
    sessions = list(episode.sessions.filter(attendance=Session.ATTENDED).order_by("number"))
    first, second, third, latest = sessions[-4:]

    _confirm(client, at(first.date, 19, 12))
    delivered = _remind(client, second, 1, at(second.date + timedelta(days=1), 18))
    _sent(delivered, at(second.date + timedelta(days=1), 18))
    _reported(delivered, "delivered", at(second.date + timedelta(days=1), 18, 1))

    lost = _remind(client, third, 1, at(third.date + timedelta(days=1), 18))
    _sent(lost, at(third.date + timedelta(days=1), 18))
    _reported(lost, "undelivered", at(third.date + timedelta(days=1), 20, 5))
    # The second reminder falls in quiet hours and waits for the morning, as the job holds it.
    evening = at(third.date + timedelta(days=3), 21, 30)
    held = _remind(client, third, 2, evening)
    until = wait_until(policy_for(client.practice_id), evening)
    TextMessage.objects.filter(pk=held.pk).update(send_after=until)
    stop = evening + 35 * MINUTE
    with audited_at(stop):
        actions.stop_texts(held.to)
    TextNumber.objects.filter(client=client).update(stopped_at=stop)
    TextMessage.objects.filter(pk=held.pk).update(status_at=stop)

    # After their latest session they asked for texts again, and yesterday's reminder went out.
    _confirm(client, at(latest.date, 17, 40))
    yesterday = _remind(client, latest, 1, at(latest.date + timedelta(days=1), 18))
    _sent(yesterday, at(latest.date + timedelta(days=1), 18))
