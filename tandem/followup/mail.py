"""The notice a client gets when a follow-up check-in falls due: warm, plain, nothing clinical. By
email, or by text message to a client who chose texts for their reminders (tandem.sms sends it,
after the practice's quiet hours, and emails it instead if it does not get through).

Where the practice sends personal questionnaire links with reminders (its link settings), the
notice carries one that opens the check-in without signing in (tandem.links); otherwise it links
to the portal, where the client signs in."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from tandem.accounts.actions import site_url
from tandem.audit.chain import record
from tandem.errors import ActionError
from tandem.followup import checkin
from tandem.followup.models import FollowUp
from tandem.links.actions import MadeLink, create_follow_up_link, policy_for
from tandem.links.emailing import send_claimed_email
from tandem.links.models import QuestionnaireLink
from tandem.sms.actions import queue_text, reminder_channels
from tandem.sms.models import TextMessage
from tandem.sms.purposes import TextPurpose
from tandem.tasks.delivery import claim
from tandem.web import dates

logger = logging.getLogger(__name__)


def follow_up_email(first_name: str, link: str = "", until: str = "") -> tuple[str, str]:
    """Subject and body. No questionnaire, score, therapist or reason: only that we would like to
    hear how they are, and where to answer: a personal ``link`` (working until ``until``) where
    the practice sends them, otherwise the portal's address."""
    if link:
        stops = (
            _(
                "This link opens them without signing in. It is yours alone, so please do not "
                "pass it on; it stops working once you have answered, or on %(until)s."
            )
            % {"until": until}
            if until
            else _(
                "This link opens them without signing in. It is yours alone, so please do not "
                "pass it on; it stops working once you have answered."
            )
        )
        where = f"{link}\n\n{stops}\n\n"
    else:
        where = f"{settings.TANDEM_BASE_URL + reverse('portal_home')}\n\n"
    hello = _("Hello %(name)s,") % {"name": first_name} if first_name else _("Hello,")
    body = (
        f"{hello}\n\n"
        + _(
            "We would like to hear how you are doing. There are a few short questions waiting "
            "for you in Tandem; they take about five minutes."
        )
        + f"\n\n{where}"
        + _("There is no need to reply to this email, and no pressure: answer when it suits you.")
        + "\n\n"
        + _("You can turn these emails off on your settings page in Tandem.")
        + "\n"
    )
    return _("Checking in from Tandem"), body


def follow_up_text(link: str, until: str = "") -> str:
    """The text message: as little as will do (tandem.sms.words), in the active language. Its
    Spanish keeps to the GSM alphabet, so it takes as many segments as the English."""
    if until:
        return _(
            # Translators: a text message, as short as the English (tandem/sms/words.py: a
            # letter such as "á" cuts a text from 160 characters to 70). %(until)s is a date.
            "Tandem: we would like to hear how you are. This link is yours alone, until "
            "%(until)s: %(link)s Reply STOP for no more texts."
        ) % {"until": until, "link": link}
    return _(
        # Translators: a text message, as short as the English (tandem/sms/words.py).
        "Tandem: we would like to hear how you are; sign in to answer: %(link)s Reply STOP for "
        "no more texts."
    ) % {"link": link}


def email_key(follow_up: FollowUp) -> str:
    """The delivery key of a check-in's email (tandem.tasks.delivery): one email per check-in,
    whether it went as the client chose or instead of a text that did not reach them."""
    return f"follow-up-email:{follow_up.pk}"


def email_follow_up(follow_up: FollowUp) -> str:
    """Email the check-in's notice once, in the client's language: "link" when it carried a
    personal link, "portal" when the portal's address; "" when it had been emailed already. The
    delivery key is claimed before anything is sent (tandem.tasks.delivery): a run at the same
    moment sends nothing and raises ``StillSending`` (the worker tries it again later). A failure
    to send raises (the caller's job is tried again), gives the claim back and withdraws the link
    it carried."""
    key = email_key(follow_up)
    if not claim(key):
        return ""
    user = follow_up.episode.client.user
    assert user is not None  # why_not: the client has a login
    made = send_claimed_email(
        key,
        user,
        lambda: _link_for(follow_up, QuestionnaireLink.REMINDER),
        follow_up_email,
        not_sent="the follow-up email was not sent",
    )
    return "link" if made is not None else "portal"


def why_not(follow_up: FollowUp) -> str:
    """Why the check-in's notice must not go now ("" when it may)."""
    client = follow_up.episode.client
    user = client.user
    if not client.reminders or user is None or not user.is_active:
        return "the client turned reminders off, or cannot sign in"
    if not checkin.is_open(follow_up):
        return "the check-in is answered or closed"
    return ""


@task()
def send_follow_up_reminder(follow_up_id: int) -> str:
    """Send a check-in's notice once, while it is open and the client wants reminders: the way
    they chose for their reminders (tandem.sms.actions.reminder_channels): by email, by text
    message, or both; by email while their number cannot be texted. A text that does not reach
    them is emailed instead (the text purpose below, tandem.sms.purposes)."""
    follow_up = (
        FollowUp.objects.select_related("episode__client__user", "episode__client__practice")
        .filter(pk=follow_up_id)
        .first()
    )
    if follow_up is None:
        return "gone"  # erased with its client since it was queued
    if follow_up.reminded_at or follow_up.answered_at:
        return "already done"
    if why_not(follow_up):
        return "skipped"
    client = follow_up.episode.client
    channels = reminder_channels(client)
    by = []
    if "text" in channels and queue_text(client, TextMessage.FOLLOW_UP, follow_up.pk):
        by.append("text")
    emailed = ""
    if "email" in channels or not by:
        # Once: a text that could not reach the client may have been emailed instead already.
        emailed = email_follow_up(follow_up)
        by.insert(0, "email")
    with transaction.atomic():
        FollowUp.objects.filter(pk=follow_up.pk, reminded_at=None).update(
            reminded_at=timezone.now()
        )
        record(
            actor=None,
            action="followup.remind",
            obj=follow_up,
            client_id=client.pk,
            practice_id=client.practice_id,
            detail={"months": follow_up.months, "link": emailed == "link", "by": by},
        )
    logger.info("follow-up reminder sent", extra={"follow_up": follow_up.pk})
    return "sent"


def _link_for(follow_up: FollowUp, via: str, token: str = "") -> MadeLink | None:
    """A personal link to the check-in where the practice sends links with reminders; None to
    send the portal's address instead (or when no link can be made: the notice still goes)."""
    if not policy_for(follow_up.episode.client.practice_id).in_reminders:
        return None
    try:
        return create_follow_up_link(None, follow_up, via=via, token=token)
    except ActionError:
        logger.info("no link for a follow-up notice", extra={"follow_up": follow_up.pk})
        return None


# --- By text message: what tandem.sms asks of a check-in's text (registered in apps.py) ----------


def _follow_up_of(message: TextMessage) -> FollowUp | None:
    # Read afresh each time; None once erased (the text's about_id is a plain number).
    if message.about_id is None:
        return None
    return (
        FollowUp.objects.select_related("episode__client__user")
        .filter(pk=message.about_id, episode__client_id=message.client_id)
        .first()
    )


def _text_why_not(message: TextMessage) -> str:
    follow_up = _follow_up_of(message)
    return "the check-in is gone" if follow_up is None else why_not(follow_up)


def _text_link(message: TextMessage, token: str) -> MadeLink | None:
    follow_up = _follow_up_of(message)
    if follow_up is None:
        return None
    return _link_for(follow_up, QuestionnaireLink.TEXT_MESSAGE, token=token)


def _text_words(message: TextMessage, made: MadeLink | None) -> str:
    if made is not None:
        return follow_up_text(made.url, dates.day(made.link.expires_at))
    return follow_up_text(site_url() + reverse("portal_home"))


def _text_email_instead(message: TextMessage) -> bool:
    follow_up = _follow_up_of(message)
    return follow_up is not None and bool(email_follow_up(follow_up))


TEXT_PURPOSE = TextPurpose(
    why_not=_text_why_not, link=_text_link, words=_text_words, email_instead=_text_email_instead
)
