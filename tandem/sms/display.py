"""What the pages show of text messages: to the client, their own number and its state; to the
practice admin, counts of messages by status and nothing else (no number, no words, no names)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.care.models import Client
from tandem.sms.models import TextMessage, TextNumber
from tandem.sms.numbers import looks_like
from tandem.web import dates

COUNT_DAYS = 30

# How reminders come, said whole for each choice (a translation may need other words around it).
_REMINDERS_BY = {
    TextNumber.EMAIL: gettext_lazy("Texts go to %(number)s. Reminders: by email."),
    TextNumber.TEXT: gettext_lazy("Texts go to %(number)s. Reminders: by text message."),
    TextNumber.BOTH: gettext_lazy(
        "Texts go to %(number)s. Reminders: by email and by text message."
    ),
}


def client_summary(client: Client) -> str:
    """One line for the client's settings page."""
    number = TextNumber.objects.filter(client=client).first()
    if number is None:
        return _("Reminders come by email. You can have them by text message instead.")
    shown = looks_like(number.number)
    if number.stopped_at is not None:
        return _("You replied STOP, so we send no texts to %(number)s.") % {"number": shown}
    if number.verified_at is None:
        return _("%(number)s is waiting for the code we texted to it.") % {"number": shown}
    said = _REMINDERS_BY.get(number.reminders_by, _REMINDERS_BY[TextNumber.EMAIL])
    return str(said) % {"number": shown}


def practice_counts(practice_id: int, days: int = COUNT_DAYS) -> list[tuple[str, int]]:
    """Texts of the last ``days`` days by status, every status listed."""
    since = timezone.now() - timedelta(days=days)
    found = dict(
        TextMessage.objects.filter(practice_id=practice_id, created_at__gte=since)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [(str(label), found.get(status, 0)) for status, label in TextMessage.STATUSES]


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
    said = {"day": dates.day(failed.created_at), "number": looks_like(number.number)}
    if failed.emailed_instead_at:
        return (
            _(
                "Our reminder text of %(day)s did not get through to %(number)s. We emailed that "
                "reminder to you instead. If the number is no longer right, please remove it and "
                "give the new one."
            )
            % said
        )
    return (
        _(
            "Our reminder text of %(day)s did not get through to %(number)s. If the number is no "
            "longer right, please remove it and give the new one."
        )
        % said
    )
