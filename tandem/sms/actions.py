"""Text messages, the changes: a client adds and verifies their mobile number, chooses how they are
reminded, removes it; the gateway reports a delivery or a STOP; the practice sets its quiet hours.
One transaction each, audited. The number itself never goes into the audit trail (only the
country it is in), nor into a task's arguments (a message is queued by its id).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from datetime import timedelta
from enum import Enum

import phonenumbers
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.actions import save_practice_settings
from tandem.accounts.language import page_language
from tandem.accounts.models import User
from tandem.audit.chain import record
from tandem.care.models import Client
from tandem.errors import ActionError
from tandem.reminders.models import Reminder
from tandem.sms.backends import texts_on
from tandem.sms.models import TextMessage, TextNumber, TextPolicy
from tandem.sms.numbers import NotAMobileNumber, code_matches, normalise
from tandem.sms.quiet import policy_for
from tandem.sms.tasks import email_instead, send_text
from tandem.sms.words import CODE_MINUTES
from tandem.tasks.queue import after_commit

# A code can be guessed wrong this many times before it stops working; a client is sent at most
# this many codes a day. A guesser gets 25 tries a day at a million codes.
WRONG_CODES_ALLOWED = 5
CODES_PER_DAY = 5
POLICY_FIELDS = ("active", "quiet_from", "quiet_until", "time_zone")


class Checked(Enum):
    VERIFIED = "verified"
    WRONG = "wrong"
    USED_UP = "used up"  # too many wrong tries: a new code is needed
    EXPIRED = "expired"


def texts_offered(client: Client) -> bool:
    """Whether the client may choose text messages (the server sends them, the practice allows)."""
    return texts_on() and policy_for(client.practice_id).active


def reminder_channels(client: Client) -> tuple[str, ...]:
    """How a reminder reaches the client now: as they chose, but by email while their number
    cannot be texted (not confirmed, answered STOP, or the practice or server sends no texts)."""
    number = TextNumber.objects.filter(client=client).first()
    if (
        number is None
        or not number.usable
        or number.reminders_by == TextNumber.EMAIL
        or not texts_offered(client)
    ):
        return ("email",)
    return ("text",) if number.reminders_by == TextNumber.TEXT else ("email", "text")


@transaction.atomic
def queue_reminder_text(reminder: Reminder) -> TextMessage | None:
    """The reminder's text, queued once (it goes out after the practice's quiet hours)."""
    number = TextNumber.objects.filter(client_id=reminder.client_id).first()
    if number is None or not number.usable:
        return None
    message, created = TextMessage.objects.get_or_create(
        reminder=reminder,
        defaults={
            "practice_id": reminder.client.practice_id,
            "client_id": reminder.client_id,
            "purpose": TextMessage.REMINDER,
            "to": number.number,
        },
    )
    if created:
        after_commit(send_text, message.pk)
    return message


@transaction.atomic
def queue_text(client: Client, purpose: str, about_id: int) -> TextMessage | None:
    """A registered purpose's text about ``about_id`` (tandem.sms.purposes: a follow-up
    check-in's notice), queued once; None when the client's number cannot be texted (the caller
    emails instead). It waits out the practice's quiet hours as a reminder does."""
    number = TextNumber.objects.filter(client=client).first()
    if number is None or not number.usable or not texts_offered(client):
        return None
    message, created = TextMessage.objects.get_or_create(
        purpose=purpose,
        about_id=about_id,
        defaults={"practice_id": client.practice_id, "client": client, "to": number.number},
    )
    if created:
        after_commit(send_text, message.pk)
    return message


def _cancel(texts: QuerySet[TextMessage], reason: str) -> None:
    """Texts not yet sent that now never will be; what they were to say goes by email instead
    (tandem.sms.tasks.email_instead: only while it still stands). Codes are not: a new one is
    asked for."""
    notices = list(
        texts.exclude(purpose=TextMessage.CODE).select_for_update().values_list("pk", flat=True)
    )
    texts.update(status=TextMessage.CANCELLED, status_at=timezone.now(), reason=reason)
    for pk in notices:
        after_commit(email_instead, pk)


def _audit(
    actor: object,
    action: str,
    client: Client,
    obj: object,
    request: HttpRequest | None,
    **detail: object,
) -> None:
    record(
        actor=actor,
        action=action,
        obj=obj,
        client_id=client.pk,
        practice_id=client.practice_id,
        request=request,
        detail=detail,
    )


def _country(number: str) -> str:
    return phonenumbers.region_code_for_number(phonenumbers.parse(number, None)) or ""


def _send_code(number: TextNumber, client: Client, request: HttpRequest | None) -> None:
    """A new code for ``number``, queued to be texted (in the caller's transaction). The client
    asked for it on a page: with no language of their own chosen, it is written in that page's
    (docs/i18n.md, ``reading``)."""
    since = timezone.now() - timedelta(days=1)
    sent = TextMessage.objects.filter(
        client=client, purpose=TextMessage.CODE, created_at__gte=since
    ).count()
    if sent >= CODES_PER_DAY:
        raise ActionError(
            _("We have sent you several codes today, so we will not send another until tomorrow.")
        )
    number.code_seed = secrets.token_hex(16)
    number.code_expires_at = timezone.now() + timedelta(minutes=CODE_MINUTES)
    number.wrong_codes = 0
    number.save()
    message = TextMessage.objects.create(
        practice_id=client.practice_id, client=client, purpose=TextMessage.CODE, to=number.number
    )
    after_commit(send_text, message.pk, page_language(request) if request is not None else "")


@transaction.atomic
def add_number(
    actor: User, client: Client, given: str, request: HttpRequest | None = None
) -> TextNumber:
    """The client's mobile number, unverified until they type back the code texted to it. A new
    number replaces the old one (texts to the old one stop at once); so does giving the same
    number again after STOP, which is how texts start again."""
    if not texts_offered(client):
        raise ActionError(_("Your practice does not send text messages."))
    try:
        e164 = normalise(given)
    except NotAMobileNumber as error:
        raise ActionError(str(error)) from None
    # One at a time per client, so that two quick requests cannot both slip under the limit.
    Client.objects.select_for_update().filter(pk=client.pk).first()
    number = TextNumber.objects.filter(client=client).first()
    if number is not None and number.number == e164 and number.usable:
        raise ActionError(_("That number is already verified."))
    if number is None:
        number = TextNumber(client=client)
    number.given, number.number = given.strip(), e164
    number.verified_at = number.stopped_at = None
    if number.reminders_by != TextNumber.EMAIL:
        number.reminders_by = TextNumber.EMAIL  # until the new number is verified
    _cancel(
        TextMessage.objects.filter(client=client, status=TextMessage.QUEUED).exclude(to=e164),
        "the number was changed",
    )
    _send_code(number, client, request)
    _audit(actor, "sms.number.add", client, number, request, country=_country(e164))
    return number


@transaction.atomic
def send_new_code(actor: User, client: Client, request: HttpRequest | None = None) -> None:
    number = TextNumber.objects.select_for_update().filter(client=client).first()
    if number is None or number.usable:
        raise ActionError(_("There is no number waiting for a code."))
    if not texts_offered(client):
        raise ActionError(_("Your practice does not send text messages."))
    _send_code(number, client, request)
    _audit(actor, "sms.code.send", client, number, request)


@transaction.atomic
def check_code(
    actor: User, client: Client, typed: str, request: HttpRequest | None = None
) -> Checked:
    """Whether ``typed`` is the code sent to the client's number; the number is verified if so.
    Wrong tries are counted (and audited): after ``WRONG_CODES_ALLOWED`` the code stops working."""
    number = TextNumber.objects.select_for_update().filter(client=client).first()
    if number is None or number.usable:
        raise ActionError(_("There is no number waiting for a code."))
    now = timezone.now()
    if not number.code_seed or number.wrong_codes >= WRONG_CODES_ALLOWED:
        return Checked.USED_UP
    if number.code_expires_at is None or number.code_expires_at <= now:
        return Checked.EXPIRED
    if not code_matches(number.number, number.code_seed, typed):
        number.wrong_codes += 1
        if number.wrong_codes >= WRONG_CODES_ALLOWED:
            number.code_seed = ""
        number.save(update_fields=["wrong_codes", "code_seed"])
        _audit(actor, "sms.code.wrong", client, number, request, wrong=number.wrong_codes)
        return Checked.USED_UP if not number.code_seed else Checked.WRONG
    number.verified_at, number.code_seed, number.code_expires_at = now, "", None
    number.wrong_codes = 0
    number.save()
    _audit(actor, "sms.number.verify", client, number, request, country=_country(number.number))
    return Checked.VERIFIED


@transaction.atomic
def set_reminders_by(
    actor: User, client: Client, channel: str, request: HttpRequest | None = None
) -> TextNumber:
    if channel not in dict(TextNumber.CHANNELS):
        raise ActionError(_("Please choose how you would like your reminders."))
    number = TextNumber.objects.select_for_update().filter(client=client).first()
    if channel != TextNumber.EMAIL and (number is None or not number.usable):
        raise ActionError(_("Texts need a verified mobile number first."))
    if number is None:
        raise ActionError(_("Reminders come by email already."))
    number.reminders_by = channel
    number.save(update_fields=["reminders_by"])
    _audit(actor, "sms.reminders_by", client, number, request, reminders_by=channel)
    return number


@transaction.atomic
def remove_number(actor: User, client: Client, request: HttpRequest | None = None) -> bool:
    """Forget the client's number; texts not yet sent to it are not sent."""
    number = TextNumber.objects.select_for_update().filter(client=client).first()
    if number is None:
        return False
    _cancel(
        TextMessage.objects.filter(client=client, status=TextMessage.QUEUED),
        "the number was removed",
    )
    _audit(actor, "sms.number.remove", client, number, request)
    number.delete()
    return True


@transaction.atomic
def save_text_policy(
    actor: User, data: Mapping[str, object], request: HttpRequest | None = None
) -> TextPolicy:
    return save_practice_settings(
        TextPolicy, POLICY_FIELDS, actor, data, "practice.texts.update", request, shown=str
    )


# What a gateway may call a message's state, and what Tandem keeps of it. On its way (the gateway
# or the network still holds it, and may yet deliver it: a phone switched off is "buffered" until
# it comes back on, for the gateway's validity period) is kept as sent and waited out. Delivered
# is final. Every failure the gateway reports is final for that text: the gateway has stopped
# trying (an "expired" text is one it tried until its validity ran out), so its reminder is
# emailed instead. A status not listed here is ignored (the report answers "known": false).
GATEWAY_STATUSES = {
    "accepted": TextMessage.SENT,
    "queued": TextMessage.SENT,
    "scheduled": TextMessage.SENT,
    "sending": TextMessage.SENT,
    "sent": TextMessage.SENT,
    "buffered": TextMessage.SENT,
    "delivered": TextMessage.DELIVERED,
    "failed": TextMessage.FAILED,
    "delivery_failed": TextMessage.FAILED,
    "undelivered": TextMessage.FAILED,
    "undeliverable": TextMessage.FAILED,
    "rejected": TextMessage.FAILED,
    "expired": TextMessage.FAILED,
}
# A report only moves a message forward: a late "sent" does not undo "delivered", and a failure
# reported after "delivered" (a repeated or out-of-order report) changes nothing. "Delivered"
# after a failure is believed (the phone said so): the text shows delivered, and an email sent
# instead meanwhile stays recorded.
_RANK = {
    TextMessage.QUEUED: 0,
    TextMessage.SENT: 1,
    TextMessage.FAILED: 2,
    TextMessage.CANCELLED: 2,
    TextMessage.DELIVERED: 3,
}
# Replies that mean "no more texts" (the words carriers and regulators expect), whole or first.
# Texts say "STOP" in every language; BAJA is the word a Spanish reader may send instead (what
# Spanish senders ask for), so it is honoured too.
STOP_WORDS = {
    "STOP",
    "STOPALL",
    "STOP ALL",
    "UNSUBSCRIBE",
    "CANCEL",
    "END",
    "QUIT",
    "OPTOUT",
    "BAJA",
}


def is_stop(text: str) -> bool:
    words = re.sub(r"[^A-Z ]", " ", text.upper()).split()
    return bool(words) and (" ".join(words) in STOP_WORDS or words[0] in STOP_WORDS)


@transaction.atomic
def record_delivery(gateway_id: str, reported: str) -> TextMessage | None:
    """The gateway's report on a message it took; None when it names none of Tandem's."""
    status = GATEWAY_STATUSES.get(reported.strip().lower())
    if not gateway_id or status is None:
        return None
    message = TextMessage.objects.select_for_update().filter(gateway_id=gateway_id).first()
    if message is None:
        return None
    if _RANK[status] <= _RANK[message.status]:
        return message
    message.status, message.status_at = status, timezone.now()
    message.reason = (
        f"the gateway reported it {reported.strip().lower()[:40]}"
        if status == TextMessage.FAILED
        else ""
    )
    message.save(update_fields=["status", "status_at", "reason"])
    if status == TextMessage.FAILED and message.purpose != TextMessage.CODE:
        after_commit(email_instead, message.pk)
    record(
        actor=None,
        action="sms.status",
        obj=message,
        client_id=message.client_id,
        practice_id=message.practice_id,
        detail={"status": status},
    )
    return message


@transaction.atomic
def stop_texts(sender: str) -> int:
    """A STOP from ``sender``: no more texts to that number, for every client who gave it, at
    once; texts waiting to go to it are not sent. Starting again needs the portal (a new code).
    Returns how many clients' numbers it stopped."""
    now = timezone.now()
    numbers = list(
        TextNumber.objects.select_for_update()
        .select_related("client")
        .filter(number=sender, stopped_at=None)
    )
    for number in numbers:
        number.stopped_at = now
        number.code_seed, number.code_expires_at = "", None
        number.save(update_fields=["stopped_at", "code_seed", "code_expires_at"])
        _cancel(
            TextMessage.objects.filter(
                client_id=number.client_id, to=sender, status=TextMessage.QUEUED
            ),
            "the number replied STOP",
        )
        _audit(None, "sms.stop", number.client, number, None)
    return len(numbers)
