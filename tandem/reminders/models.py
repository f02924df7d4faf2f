"""Reminder policies and the reminders sent."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import Practice
from tandem.care.models import Client, Session


class ReminderPolicy(models.Model):
    """When and how often a practice's clients are reminded of what is due (defaults until set)."""

    practice = models.OneToOneField(
        Practice, on_delete=models.CASCADE, related_name="reminder_policy"
    )
    active = models.BooleanField(
        default=True,
        help_text=_("Send reminders at all. Clients can still turn them off themselves."),
    )
    first_after_hours = models.PositiveSmallIntegerField(
        default=24,
        help_text=_("Hours after a session is recorded before the first reminder (0 to 336)."),
    )
    repeat_every_days = models.PositiveSmallIntegerField(
        default=3, help_text=_("Days between one reminder and the next (1 to 30).")
    )
    max_reminders = models.PositiveSmallIntegerField(
        default=2, help_text=_("At most this many reminders for one session (1 to 5).")
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # The table kept its name when the model moved here from the tasks app (issue 18).
        db_table = "tasks_reminderpolicy"
        verbose_name = "reminder policy"
        verbose_name_plural = "reminder policies"

    def __str__(self) -> str:
        return f"Reminder policy of {self.practice}"


class Reminder(models.Model):
    """One reminder slot for one session: created when it falls due, marked when sent.

    The unique constraint is what makes reminders idempotent: however many workers scan at once,
    a session's n-th reminder (and its one reminder after the ending) exists once, and its email
    is sent only while ``sent_at`` is empty.
    """

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    slot = models.PositiveSmallIntegerField(help_text="1 for the first reminder, 2 for the next …")
    # The one reminder after the episode ended, for its last session's questionnaires
    # (tandem.reminders.due): a slot of its own beside the session's reminders while it was open.
    ending = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    skipped = models.CharField(max_length=40, blank=True, help_text="Why it was not sent.")

    class Meta:
        db_table = "tasks_reminder"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "slot", "ending"], name="one_reminder_per_slot"
            )
        ]

    def __str__(self) -> str:
        if self.ending:
            return f"Reminder after the ending for session {self.session_id}"
        return f"Reminder {self.slot} for session {self.session_id}"
