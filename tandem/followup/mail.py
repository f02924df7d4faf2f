"""The email a client gets when a follow-up check-in falls due: warm, plain, nothing clinical.

Where the practice sends personal questionnaire links with reminders (its link settings), the
email carries one that opens the check-in without signing in (tandem.links); otherwise it links
to the portal, where the client signs in."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from tandem.accounts.language import writing_to
from tandem.audit.chain import record
from tandem.errors import ActionError
from tandem.followup.models import FollowUp
from tandem.links.actions import MadeLink, create_follow_up_link, policy_for, revoke_link
from tandem.links.models import QuestionnaireLink
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


@task()
def send_follow_up_reminder(follow_up_id: int) -> str:
    """Send a check-in's email once, while it is open and the client wants emails."""
    follow_up = (
        FollowUp.objects.select_related("episode__client__user", "episode__client__practice")
        .filter(pk=follow_up_id)
        .first()
    )
    if follow_up is None:
        return "gone"  # erased with its client since it was queued
    if follow_up.reminded_at or follow_up.answered_at:
        return "already done"
    client = follow_up.episode.client
    user = client.user
    if not client.reminders or user is None or not user.is_active:
        return "skipped"
    first_name = (user.full_name.split() or [""])[0]
    made = _link_for(follow_up)
    # In the client's language, whoever's request queued it (docs/i18n.md).
    with writing_to(user):
        subject, body = (
            follow_up_email(first_name, made.url, dates.day(made.link.expires_at))
            if made is not None
            else follow_up_email(first_name)
        )
    try:
        send_mail(subject, body, None, [user.email])
    except Exception:
        if made is not None:
            # Never sent, so never to be used: the retry makes a link of its own.
            revoke_link(None, made.link, reason="the follow-up email was not sent")
        raise
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
            detail={"months": follow_up.months, "link": made is not None},
        )
    logger.info("follow-up reminder sent", extra={"follow_up": follow_up.pk})
    return "sent"


def _link_for(follow_up: FollowUp) -> MadeLink | None:
    """A personal link to the check-in where the practice sends links with reminders; None to
    send the portal's address instead (or when no link can be made: the email still goes)."""
    if not policy_for(follow_up.episode.client.practice_id).in_reminders:
        return None
    try:
        return create_follow_up_link(None, follow_up, via=QuestionnaireLink.REMINDER)
    except ActionError:
        logger.info("no link for a follow-up email", extra={"follow_up": follow_up.pk})
        return None
