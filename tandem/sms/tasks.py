"""Sending a text message, once: the job each message is queued with, and the periodic job that
sends the texts held through the practice's quiet hours once they end.

A message is sent only while it is still wanted (the number unchanged, verified for a reminder, not
stopped; the practice still sending texts) and is sent once however often its job runs: a delivery
key (``tandem.tasks.delivery``) is kept when the gateway takes it, and the gateway is given the
message's reference as an idempotency key for the moment between the two. A gateway that is down
makes the job fail, and the worker tries it again later; after the last try the message is failed.
"""

from __future__ import annotations

import logging
import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_tasks import TaskContext, task

from tandem.accounts.actions import site_url
from tandem.accounts.language import writing_to
from tandem.audit.chain import record
from tandem.links.actions import MadeLink, link_url, revoke_link
from tandem.links.models import QuestionnaireLink
from tandem.reminders.due import email_key, email_reminder, reminder_link, still_due
from tandem.reminders.due import policy_for as reminder_policy_for
from tandem.reminders.models import Reminder
from tandem.sms.backends import (
    GatewayUnavailable,
    Outgoing,
    Rejected,
    Unsure,
    backend,
    texts_on,
)
from tandem.sms.models import TextMessage, TextNumber
from tandem.sms.numbers import code_for
from tandem.sms.purposes import TextPurpose, purpose_of
from tandem.sms.quiet import policy_for, wait_until
from tandem.sms.words import code_text, reminder_text
from tandem.tasks.delivery import already_sent, mark_sent
from tandem.tasks.queue import after_commit
from tandem.tasks.worker import MAX_ATTEMPTS
from tandem.web import dates

logger = logging.getLogger(__name__)


def reference(message: TextMessage) -> str:
    return f"tandem-{message.pk}"


def why_not_send(message: TextMessage, number: TextNumber | None) -> str:
    """Why ``message`` must not go out now ("" when it may)."""
    if not texts_on():
        return "texts are off on this server"
    if number is None or number.number != message.to:
        return "the number was removed or changed"
    if number.stopped_at is not None:
        return "the number answered STOP"
    if message.purpose == TextMessage.CODE:
        if number.code_expires_at is None or number.code_expires_at <= timezone.now():
            return "the code ran out before it could be sent"
        return ""
    if number.verified_at is None:
        return "the number is not verified"
    if not policy_for(message.practice_id).active:
        return "the practice does not send texts"
    return thing_gone(message)


def thing_gone(message: TextMessage) -> str:
    """Why what the text is about no longer wants it ("" while it does): a reminder no longer due
    (or the client turned reminders off), or what its registered purpose says (a check-in
    answered or closed). Such a text is neither sent nor emailed instead."""
    if message.reminder is not None and not still_due(message.reminder):
        return NO_LONGER_DUE
    purpose = purpose_of(message)
    if purpose is not None:
        return purpose.why_not(message)
    return ""


def body_of(
    message: TextMessage, number: TextNumber, reading: str = ""
) -> tuple[str, MadeLink | None]:
    """The words, written now (never stored), and the personal link they carry if any: in the
    client's language (their choice; else ``reading``, the language of the page they asked for a
    code on; else their practice's), whoever's request queued the text, and only for this text:
    the worker's next task starts from its own language."""
    purpose = purpose_of(message)
    made = (
        _link_for(message, purpose)
        if message.purpose != TextMessage.CODE
        and (message.reminder is not None or purpose is not None)
        else None
    )
    with writing_to(message.client.user, reading=reading or None):
        if message.purpose == TextMessage.CODE:
            return code_text(code_for(number.number, number.code_seed)), None
        if purpose is not None:
            return purpose.words(message, made), made
        if made is not None:
            return reminder_text(made.url, dates.day(made.link.expires_at)), made
        return reminder_text(site_url() + reverse("portal_home")), None


def _token(seed: str) -> str:
    return salted_hmac("tandem.sms.link", seed, algorithm="sha256").hexdigest()


def _link_for(message: TextMessage, purpose: TextPurpose | None = None) -> MadeLink | None:
    """The text's link: the one it carried on a try the gateway may have taken (the same words
    under the same idempotency key, so whichever text the client has, its link works), else a new
    one whose token is made from a seed kept with the text (``_carries``): a session reminder's,
    or the one a registered purpose makes (a follow-up check-in's)."""
    if message.link_id is not None and message.link_seed:
        link = QuestionnaireLink.objects.filter(pk=message.link_id, revoked_at=None).first()
        if link is not None:
            return MadeLink(link, link_url(_token(message.link_seed)))
    seed = secrets.token_hex(16)
    made = (
        purpose.link(message, _token(seed))
        if purpose is not None
        else reminder_link(message.reminder, QuestionnaireLink.TEXT_MESSAGE, token=_token(seed))  # type: ignore[arg-type]
    )
    if made is not None:
        message.link_seed = seed
    return made


NO_LONGER_DUE = "no longer due, or the client turned reminders off"
TEXT_LINK_WITHDRAWN = "emailed instead of a text that did not reach the client"


def _finish(message: TextMessage, status: str, reason: str) -> None:
    with transaction.atomic():
        changed = TextMessage.objects.filter(pk=message.pk, status=TextMessage.QUEUED).update(
            status=status, status_at=timezone.now(), reason=reason[:200]
        )
        if changed:
            # What it was to say goes by email instead, while what it is about still stands.
            if message.purpose != TextMessage.CODE and not thing_gone(message):
                after_commit(email_instead, message.pk)
            record(
                actor=None,
                action="sms.not_sent",
                obj=message,
                client_id=message.client_id,
                practice_id=message.practice_id,
                detail={"purpose": message.purpose, "status": status, "reason": reason[:200]},
            )


@task(takes_context=True)
def send_text(context: TaskContext, message_id: int, reading: str = "") -> str:
    message = (
        TextMessage.objects.select_related("reminder__client", "client__user__practice")
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        return "gone"  # erased with its client since it was queued
    if message.status != TextMessage.QUEUED:
        return f"already {message.status}"
    key = f"sms:{message.pk}"
    if already_sent(key):
        return "already sent"
    number = TextNumber.objects.filter(client_id=message.client_id).first()
    why_not = why_not_send(message, number)
    if why_not:
        _finish(message, TextMessage.CANCELLED, why_not)
        return "not sent"
    assert number is not None  # why_not_send
    if message.purpose != TextMessage.CODE:
        until = wait_until(policy_for(message.practice_id), timezone.now())
        if until is not None:
            TextMessage.objects.filter(pk=message.pk, status=TextMessage.QUEUED).update(
                send_after=until
            )
            logger.info("text held for quiet hours", extra={"text": message.pk})
            return "held"
    body, made = body_of(message, number, reading)
    # The link an earlier try carried (_link_for hands it back): that try may have reached the
    # gateway (no answer came, or its worker died while sending), so the client may have it.
    carried_before = made is not None and made.link.pk == message.link_id
    if made is not None and not _carries(message, made, carried_before):
        return "not sent"
    outgoing = Outgoing(
        to=message.to,
        body=body,
        reference=reference(message),
        status_url=site_url() + reverse("sms_status"),
    )
    try:
        gateway_id = backend().send(outgoing)
    except Exception as error:
        if made is not None and not isinstance(error, Unsure) and not carried_before:
            # Never sent, so never to be used: a retry makes a link of its own. One the gateway
            # may have taken, on this try or an earlier one, is not "not sent": it stays, a retry
            # carries it again (_link_for), and if the text fails for good it is withdrawn when
            # what the text said is emailed instead, unless the client opened it
            # (email_instead, _withdraw_link_of).
            revoke_link(
                None, made.link, why=QuestionnaireLink.NOT_SENT, reason="the text was not sent"
            )
        if isinstance(error, Rejected):
            _finish(message, TextMessage.FAILED, str(error))
            return "failed"
        if not isinstance(error, GatewayUnavailable):
            raise
        if context.attempt >= MAX_ATTEMPTS:
            _finish(message, TextMessage.FAILED, f"gave up: {error}")
            return "failed"
        logger.warning("text gateway unavailable", extra={"text": message.pk, "error": str(error)})
        raise
    with transaction.atomic():
        mark_sent(key)
        now = timezone.now()
        sent = TextMessage.objects.filter(pk=message.pk, status=TextMessage.QUEUED).update(
            status=TextMessage.SENT, sent_at=now, status_at=now, gateway_id=gateway_id
        )
        if not sent:
            # Cancelled while the gateway was taking it (the number removed or changed, STOP):
            # it went all the same. It stays "not sent" as Tandem decided (what it said is
            # emailed instead, and its link withdrawn then: it is on record, above), but the
            # gateway's reports about it are recognised, and a "delivered" believed.
            TextMessage.objects.filter(pk=message.pk).update(sent_at=now, gateway_id=gateway_id)
        record(
            actor=None,
            action="sms.send",
            obj=message,
            client_id=message.client_id,
            practice_id=message.practice_id,
            detail={"purpose": message.purpose, **({} if sent else {"cancelled": True})},
        )
    logger.info("text sent", extra={"text": message.pk, "purpose": message.purpose})
    return "sent"


def _carries(message: TextMessage, made: MadeLink, carried_before: bool = False) -> bool:
    """Put the text's link on record before the gateway has the text, so that whatever cancels
    the text from now on (and emails what it said instead) finds the link to withdraw; False
    when the text was cancelled since this job read it, and the link withdrawn as never sent,
    unless an earlier try carried it (the client may have it: it is on record already, and the
    email instead withdraws it, unless they opened it)."""
    with transaction.atomic():
        # The update locks the text's row, as a cancel does (tandem.sms.actions._cancel): either
        # the cancel comes after and finds the link, or this sees the cancel and sends nothing.
        if TextMessage.objects.filter(pk=message.pk, status=TextMessage.QUEUED).update(
            link=made.link, link_seed=message.link_seed
        ):
            return True
    if not carried_before:
        revoke_link(None, made.link, why=QuestionnaireLink.NOT_SENT, reason="the text was not sent")
    return False


@task()
def send_waiting_texts() -> int:
    """Periodic: queue again every text held through quiet hours that have ended."""
    queued = 0
    waiting = TextMessage.objects.filter(
        status=TextMessage.QUEUED, send_after__lte=timezone.now()
    ).values_list("pk", flat=True)
    for pk in list(waiting[:1000]):
        with transaction.atomic():
            # Claimed by clearing the hold, so two workers queue it once.
            if TextMessage.objects.filter(pk=pk, send_after__isnull=False).update(send_after=None):
                after_commit(send_text, pk)
                queued += 1
    if queued:
        logger.info("held texts queued", extra={"count": queued})
    return queued


def why_not_email_instead(message: TextMessage) -> str:
    """Why a reminder text that did not reach the client must not be emailed instead ("" when it
    may): the email is the same reminder, so it goes only while the reminder itself would."""
    if message.status not in (TextMessage.FAILED, TextMessage.CANCELLED):
        return f"the text is {message.status}"
    reminder = message.reminder
    if reminder is None:
        return "not a reminder"
    user = reminder.client.user
    if user is None or not user.email:
        return "the client has no email address"
    if not reminder_policy_for(reminder.client.practice_id).active:
        return "the practice sends no reminders"
    if not still_due(reminder):
        return "no longer due, or the client turned reminders off"
    later = Reminder.objects.filter(
        session_id=reminder.session_id, pk__gt=reminder.pk, sent_at__isnull=False
    )
    if later.exists():
        return "a later reminder has gone out since"
    return ""


@task()
def email_instead(message_id: int) -> str:
    """A text the gateway refused, could not deliver, or that could not be sent (the number
    answered STOP, was changed or removed; texts were turned off): what it was to say goes by
    email instead, once. For a session reminder, its reminder email; for a registered purpose (a
    follow-up check-in), the purpose's email. Whatever happens to the text afterwards (a repeated
    or late report), the email's delivery key is kept, so no second email follows, and a notice
    that went by email anyway (the client chose both) is not emailed again. Two runs at the same
    moment (a retried job beside the first, two workers, the reminder's own email job) send one
    email: the key is claimed before sending, and the run that finds it claimed raises
    ``StillSending`` and is tried again later, when it finds the email sent."""
    message = (
        TextMessage.objects.select_related("reminder__client__user", "client__user")
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        return "gone"
    purpose = purpose_of(message)
    if message.reminder is None and purpose is None:
        return "gone"
    if message.emailed_instead_at is not None or (
        message.reminder is not None and already_sent(email_key(message.reminder))
    ):
        # The client has the email's link (they chose both, or this job ran before): the
        # text's, which did not reach them, is not left working beside it.
        if message.status in (TextMessage.FAILED, TextMessage.CANCELLED):
            _withdraw_link_of(message)
        return "already emailed"
    why_not = (
        why_not_email_instead(message)
        if message.reminder is not None
        else _why_not_email_purpose(message)
    )
    if why_not:
        logger.info("text not emailed instead", extra={"text": message.pk, "why": why_not})
        return "not emailed"
    # A text ends failed or cancelled once (a report only moves it forward), so this job is queued
    # once per text; the key, claimed before sending, is what keeps a retried job, or the notice's
    # own job, to one email, also when they run at the same moment (tandem.tasks.delivery.claim).
    emailed = (
        email_reminder(message.reminder)
        if message.reminder is not None
        else purpose.email_instead(message)  # type: ignore[union-attr]
    )
    if not emailed:
        # A check-in's notice the client chose to have by email too, or that a run before this
        # one emailed since this one looked: they have the email's link, as above.
        _withdraw_link_of(message)
        return "already emailed"
    with transaction.atomic():
        now = timezone.now()
        TextMessage.objects.filter(pk=message.pk, emailed_instead_at=None).update(
            emailed_instead_at=now
        )
        # The text's link never reached the client: the email's is the one that works.
        _withdraw_link_of(message)
        record(
            actor=None,
            action="sms.email_instead",
            obj=message,
            client_id=message.client_id,
            practice_id=message.practice_id,
            detail={
                **({"reminder": message.reminder.pk} if message.reminder is not None else {}),
                "purpose": message.purpose,
                "text": message.status,
            },
        )
    logger.info("emailed instead of a text", extra={"text": message.pk})
    return "emailed"


def _withdraw_link_of(message: TextMessage) -> None:
    """Withdraw the personal link a text that did not reach the client carried, now that what it
    said went by email (the email has a link of its own). Not a link that has been opened: then
    the text reached the client whatever the gateway reported, and they may be answering through
    it at this moment (the email's link works beside it until either is used up or runs out)."""
    with transaction.atomic():
        # The link as the text has it now, not as this job first read it: the send job puts it
        # on record just before the gateway has the text, which may be after this job began.
        link_id = (
            TextMessage.objects.select_for_update()
            .filter(pk=message.pk)
            .values_list("link_id", flat=True)
            .first()
        )
        if link_id is None:
            return
        # Read under lock, so that a link being opened now is either seen opened or withdrawn
        # before it is.
        link = QuestionnaireLink.objects.select_for_update().filter(pk=link_id).first()
        if link is None:
            return
        if link.opened_at is not None:
            logger.info("a text's link was opened: not withdrawn", extra={"text": message.pk})
            return
        revoke_link(None, link, why=QuestionnaireLink.SENT_BY_EMAIL, reason=TEXT_LINK_WITHDRAWN)


def _why_not_email_purpose(message: TextMessage) -> str:
    """Why a registered purpose's text that did not reach the client must not be emailed instead
    ("" when it may): only a text that ended so, to a client with an email address, while what it
    is about still stands."""
    if message.status not in (TextMessage.FAILED, TextMessage.CANCELLED):
        return f"the text is {message.status}"
    user = message.client.user
    if user is None or not user.email:
        return "the client has no email address"
    return thing_gone(message)
