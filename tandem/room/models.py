"""A device handed to a client in the room, and the practice's settings for it.

While a handover is open, the therapist's signed-in browser answers only the room's pages
(``tandem.room.middleware``); the row keeps its state on the server, so that nothing the device
sends can widen it: when it locks, how it was unlocked, and the unlock attempts counted in the
database with one UPDATE each (never read-then-write).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import Practice
from tandem.care.models import Client, Session

DEFAULT_IDLE_MINUTES = 3


class RoomSettings(models.Model):
    """How a practice's handed-over devices lock (defaults until an admin sets them)."""

    practice = models.OneToOneField(
        Practice, on_delete=models.CASCADE, related_name="room_settings"
    )
    idle_minutes = models.PositiveSmallIntegerField(
        default=DEFAULT_IDLE_MINUTES,
        help_text=_("A handed-over device locks after this many minutes without a tap (1 to 30)."),
    )
    # A short PIN any of the practice's staff can unlock a handed-over device with, hashed like a
    # password; empty when the practice has none (then only the therapist's password unlocks).
    pin_hash = models.CharField(max_length=200, blank=True)
    pin_set_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "room settings"
        verbose_name_plural = "room settings"

    def __str__(self) -> str:
        return f"Room settings of {self.practice}"

    @property
    def has_pin(self) -> bool:
        return bool(self.pin_hash)


# A handover a device may still hold: one still open, or one Tandem closed after it was left
# (tandem.room.tasks) while the device that held it might still be showing its locked screen.
# Closing a handover never frees a device: only unlocking it, or signing the therapist out, does.
HOLDING = Q(ended_at__isnull=True) | Q(ended_how="abandoned")


class Handover(models.Model):
    """One session's questionnaires, handed to the client on the therapist's device."""

    LOCK_REASONS = [
        ("done", "Every questionnaire answered"),
        ("handed_back", "Handed back"),
        ("idle", "Nobody used it for a while"),
        ("left", "Someone tried to leave the questionnaires"),
    ]
    ENDINGS = [
        ("password", "Unlocked with the therapist's password"),
        ("pin", "Unlocked with the practice PIN"),
        ("signed_out", "Signed out after too many wrong tries"),
        ("abandoned", "Closed by Tandem after it was left"),
    ]

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="handovers"
    )
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="handovers")
    idle_seconds = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    last_activity = models.DateTimeField(default=timezone.now)
    locked_at = models.DateTimeField(null=True, blank=True)
    lock_reason = models.CharField(max_length=20, choices=LOCK_REASONS, blank=True)
    unlock_attempts = models.PositiveSmallIntegerField(default=0)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_how = models.CharField(max_length=20, choices=ENDINGS, blank=True)
    # When Tandem's hourly job closed it as left (set once, never cleared): the device still holds
    # a closed hand-over until it is unlocked, and unlocking then rewrites ended_at/ended_how, so
    # without this the session page would lose that Tandem, not the device, closed it.
    closed_by_tandem_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Session {self.session_id} handed over at {self.started_at:%d %b %Y %H:%M}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    def idle_for(self) -> float:
        return (timezone.now() - self.last_activity).total_seconds()
