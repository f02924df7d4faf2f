"""What the pages show of text messages: to the client, their own number and its state; to the
practice admin, counts of messages by status and nothing else (no number, no words, no names)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from tandem.care.models import Client
from tandem.sms.models import TextMessage, TextNumber
from tandem.sms.numbers import looks_like

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
