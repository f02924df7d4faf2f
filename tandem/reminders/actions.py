"""Side effects of the reminders area: one transaction each, audited."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from tandem.accounts.models import User
from tandem.audit.chain import record
from tandem.reminders.models import ReminderPolicy

POLICY_FIELDS = ("active", "first_after_hours", "repeat_every_days", "max_reminders")


@transaction.atomic
def save_reminder_policy(
    actor: User, data: Mapping[str, object], request: HttpRequest | None = None
) -> ReminderPolicy:
    assert actor.practice_id is not None  # role_required admits only people of a practice
    policy, _ = ReminderPolicy.objects.get_or_create(practice_id=actor.practice_id)
    for name in POLICY_FIELDS:
        setattr(policy, name, data[name])
    policy.updated_at = timezone.now()
    policy.save()
    record(
        actor=actor,
        action="practice.reminders.update",
        obj=policy,
        request=request,
        detail={name: data[name] for name in POLICY_FIELDS},
    )
    return policy
