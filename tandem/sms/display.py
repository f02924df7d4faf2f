"""What the pages show of text messages: to the client, their own number and its state; to the
practice admin, counts of messages by status and nothing else (no number, no words, no names)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from tandem.care.models import Client
from tandem.sms.models import TextMessage, TextNumber
from tandem.sms.numbers import looks_like
from tandem.web import dates

COUNT_DAYS = 30


def client_summary(client: Client) -> str:
    """One line for the client's settings page."""
    number = TextNumber.objects.filter(client=client).first()
    if number is None:
        return "Reminders come by email. You can have them by text message instead."
    shown = looks_like(number.number)
    if number.stopped_at is not None:
        return f"You replied STOP, so we send no texts to {shown}."
    if number.verified_at is None:
        return f"{shown} is waiting for the code we texted to it."
    return f"Texts go to {shown}. Reminders: {number.get_reminders_by_display().lower()}."


def practice_counts(practice_id: int, days: int = COUNT_DAYS) -> list[tuple[str, int]]:
    """Texts of the last ``days`` days by status, every status listed."""
    since = timezone.now() - timedelta(days=days)
    found = dict(
        TextMessage.objects.filter(practice_id=practice_id, created_at__gte=since)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [(label, found.get(status, 0)) for status, label in TextMessage.STATUSES]


def emailed_instead_count(practice_id: int, days: int = COUNT_DAYS) -> int:
    """Reminder texts of the last ``days`` days that did not get through and went by email."""
    since = timezone.now() - timedelta(days=days)
    return TextMessage.objects.filter(
        practice_id=practice_id, created_at__gte=since, emailed_instead_at__isnull=False
    ).count()


def last_failure(client: Client, number: TextNumber | None, days: int = COUNT_DAYS) -> str:
    """For the client's own page: that their latest reminder text to this number did not get
    through (the gateway's report), so they can check the number; "" when none did lately."""
    if number is None or number.verified_at is None:
        return ""
    failed = (
        TextMessage.objects.filter(
            client=client,
            to=number.number,
            purpose=TextMessage.REMINDER,
            status=TextMessage.FAILED,
            created_at__gte=max(number.verified_at, timezone.now() - timedelta(days=days)),
        )
        .order_by("-created_at")
        .first()
    )
    if failed is None:
        return ""
    emailed = " We emailed that reminder to you instead." if failed.emailed_instead_at else ""
    return (
        f"Our reminder text of {dates.day(failed.created_at)} did not get through to "
        f"{looks_like(number.number)}.{emailed} If the number is no longer right, please remove "
        "it and give the new one."
    )
