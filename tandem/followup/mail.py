"""The email a client gets when a follow-up check-in falls due: warm, plain, nothing clinical."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from tandem.audit.chain import record
from tandem.followup.models import FollowUp

logger = logging.getLogger(__name__)


def follow_up_email(first_name: str) -> tuple[str, str]:
    """Subject and body. No questionnaire, score, therapist or reason: only that we would like to
    hear how they are, and the portal's address."""
    link = settings.TANDEM_BASE_URL + reverse("portal_home")
    hello = f"Hello {first_name}," if first_name else "Hello,"
    body = (
        f"{hello}\n\n"
        "We would like to hear how you are doing. There are a few short questions waiting for "
        "you in Tandem; they take about five minutes.\n\n"
        f"{link}\n\n"
        "There is no need to reply to this email, and no pressure: answer when it suits you.\n\n"
        "You can turn these emails off on your settings page in Tandem.\n"
    )
    return "Checking in from Tandem", body


@task()
def send_follow_up_reminder(follow_up_id: int) -> str:
    """Send a check-in's email once, while it is open and the client wants emails."""
    follow_up = (
        FollowUp.objects.select_related("episode__client__user").filter(pk=follow_up_id).first()
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
    subject, body = follow_up_email(first_name)
    send_mail(subject, body, None, [user.email])
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
            detail={"months": follow_up.months},
        )
    logger.info("follow-up reminder sent", extra={"follow_up": follow_up.pk})
    return "sent"
