"""Side effects of the reminders area: one transaction each, audited."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.http import HttpRequest

from tandem.accounts.actions import save_practice_settings
from tandem.accounts.models import User
from tandem.reminders.models import ReminderPolicy

POLICY_FIELDS = ("active", "first_after_hours", "repeat_every_days", "max_reminders")


@transaction.atomic
def save_reminder_policy(
    actor: User, data: Mapping[str, object], request: HttpRequest | None = None
) -> ReminderPolicy:
    return save_practice_settings(
        ReminderPolicy, POLICY_FIELDS, actor, data, "practice.reminders.update", request
    )
