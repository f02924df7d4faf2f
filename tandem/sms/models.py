"""Text messages: the practice's policy (quiet hours), a client's mobile number, and each message.

A number is texted only once the client has proved it is theirs (a code sent to it, typed back in
the portal) and while it has not answered STOP. Nothing of a message's words is kept: a reminder's
words are written when it goes out (its personal link, whose token the database keeps only as a
hash, with them) and a code is worked out from a seed (``tandem.sms.numbers.code_for``). Erasing
the client erases their number and their messages with them (the foreign keys cascade).
"""

from __future__ import annotations

from datetime import time

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import Practice
from tandem.care.models import Client
from tandem.reminders.models import Reminder


class TextPolicy(models.Model):
    """How a practice uses text messages (the defaults until its admin changes them)."""

    practice = models.OneToOneField(Practice, on_delete=models.CASCADE, related_name="text_policy")
    active = models.BooleanField(
        default=True,
        help_text=_("Clients may choose to have reminders by text message."),
    )
    quiet_from = models.TimeField(
        default=time(21, 0), help_text=_("No reminder texts from this time …")
    )
    quiet_until = models.TimeField(
        default=time(8, 0), help_text=_("… until this time: they wait until then.")
    )
    time_zone = models.CharField(
        max_length=64,
        default="Europe/London",
        help_text=_("The practice's time zone, which quiet hours are in."),
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "text message policy"
        verbose_name_plural = "text message policies"

    def __str__(self) -> str:
        return f"Text message policy of {self.practice}"


class TextNumber(models.Model):
    """A client's mobile number: texted only once verified, and never after STOP."""

    EMAIL, TEXT, BOTH = "email", "text", "both"
    CHANNELS = [
        (EMAIL, _("By email")),
        (TEXT, _("By text message")),
        (BOTH, _("By email and by text message")),
    ]

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="text_number")
    given = models.CharField(max_length=40, help_text="The number as the client typed it.")
    number = models.CharField(max_length=20, db_index=True, help_text="The number in E.164 form.")
    created_at = models.DateTimeField(default=timezone.now)
    verified_at = models.DateTimeField(null=True, blank=True)
    # The code last sent: worked out from this seed and the number (never stored itself).
    code_seed = models.CharField(max_length=32, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    wrong_codes = models.PositiveSmallIntegerField(default=0)
    # The number answered STOP (or a word like it): no text goes to it until the client verifies
    # it again in the portal.
    stopped_at = models.DateTimeField(null=True, blank=True)
    reminders_by = models.CharField(max_length=5, choices=CHANNELS, default=EMAIL)

    def __str__(self) -> str:
        return f"Mobile number of client {self.client_id}"

    @property
    def usable(self) -> bool:
        return self.verified_at is not None and self.stopped_at is None


class TextMessage(models.Model):
    """One text to one client: why, to which number, and how far it got. Never its words."""

    CODE, REMINDER, FOLLOW_UP = "code", "reminder", "follow_up"
    PURPOSES = [
        (CODE, _("A code to verify the number")),
        (REMINDER, _("A questionnaire reminder")),
        # Registered by the app that owns the thing (tandem.sms.purposes).
        (FOLLOW_UP, _("A follow-up check-in")),
    ]
    QUEUED, SENT, DELIVERED, FAILED, CANCELLED = (
        "queued",
        "sent",
        "delivered",
        "failed",
        "cancelled",
    )
    STATUSES = [
        (QUEUED, _("Queued")),
        (SENT, _("Sent")),
        (DELIVERED, _("Delivered")),
        (FAILED, _("Failed")),
        (CANCELLED, _("Not sent")),
    ]

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="text_messages")
    purpose = models.CharField(max_length=10, choices=PURPOSES)
    reminder = models.ForeignKey(
        Reminder, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # What a registered purpose's text is about (a follow-up check-in's id), for the app that
    # registered it to read (tandem.sms.purposes): this app does not know its model.
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    to = models.CharField(max_length=20, help_text="The number (E.164) it is for.")
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED)
    created_at = models.DateTimeField(default=timezone.now)
    # Held through quiet hours until then (tandem.sms.tasks.send_waiting_texts).
    send_after = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    status_at = models.DateTimeField(null=True, blank=True)
    gateway_id = models.CharField(max_length=100, blank=True, db_index=True)
    # Why it failed or was not sent, in the gateway's or Tandem's words: never the message.
    reason = models.CharField(max_length=200, blank=True)
    # A text that did not reach the client: when what it said was emailed instead
    # (tandem.sms.tasks.email_instead), once.
    emailed_instead_at = models.DateTimeField(null=True, blank=True)
    # The personal link the text carried, if any (never its token): withdrawn when what the text
    # said is emailed instead, so that one reminder has one live link, the email's.
    link = models.ForeignKey(
        "links.QuestionnaireLink",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What the link's token is made from, with the server's secret key (tandem.sms.tasks): a try
    # after the gateway may have taken the text sends the same link again, never a new one.
    link_seed = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["reminder"], name="one_text_per_reminder"),
            models.UniqueConstraint(fields=["purpose", "about_id"], name="one_text_per_thing"),
        ]
        indexes = [models.Index(fields=["status", "send_after"])]

    def __str__(self) -> str:
        return f"Text message {self.pk} ({self.purpose}, {self.status})"
