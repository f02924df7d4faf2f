"""Personal questionnaire links: a link that opens one session's questionnaires, or one follow-up
check-in's, without a password.

Only the SHA-256 of a link's token is stored (the link itself is shown once, to whoever made it);
a link is for one client's one session (or one check-in after the ending) and stops working when
everything due through it is answered, after the practice's number of days, or when it is
withdrawn. docs/security.md explains
why no sign-in is acceptable here and what limits a leaked link.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tandem.accounts.models import Practice
from tandem.care.models import Client, Session


class LinkPolicy(models.Model):
    """How a practice uses questionnaire links (the defaults until its admin changes them)."""

    practice = models.OneToOneField(Practice, on_delete=models.CASCADE, related_name="link_policy")
    valid_days = models.PositiveSmallIntegerField(
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_(
            "A link stops working this many days after it is made (1 to 30), or sooner once "
            "everything it opens is answered."
        ),
    )
    in_reminders = models.BooleanField(
        default=False,
        help_text=_(
            "Reminder emails carry a personal link that opens the questionnaires without "
            "signing in, instead of a link to the portal's sign-in page."
        ),
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "link policy"
        verbose_name_plural = "link policies"

    def __str__(self) -> str:
        return f"Link policy of {self.practice}"


class QuestionnaireLink(models.Model):
    """One link: one client, one session or one follow-up check-in, one token (stored as its
    hash). What a check-in's link opens is supplied by the follow-up app (tandem.links.purposes),
    which this app does not import."""

    THERAPIST, REMINDER, COMMAND_LINE, API = "therapist", "reminder", "command line", "api"
    TEXT_MESSAGE = "text message"
    VIA = [
        (THERAPIST, _("Made by the therapist")),
        (REMINDER, _("Sent with a reminder")),
        (COMMAND_LINE, _("Made on the command line")),
        (API, _("Made through the API")),
        (TEXT_MESSAGE, _("Sent by text message")),
    ]
    # The same, as the lists of links say it in the middle of a sentence ("made 4 Dec, 10:02
    # (sent with a reminder)"): lower case, except what never is ("API").
    HOW_MADE = {
        THERAPIST: pgettext_lazy("how a link was made", "made by the therapist"),
        REMINDER: pgettext_lazy("how a link was made", "sent with a reminder"),
        COMMAND_LINE: pgettext_lazy("how a link was made", "made on the command line"),
        API: pgettext_lazy("how a link was made", "made through the API"),
        TEXT_MESSAGE: pgettext_lazy("how a link was made", "sent by text message"),
    }
    # Why a link was withdrawn, as whoever withdrew it says (this app cannot tell by itself:
    # ``revoked_by`` is emptied when a staff member's account is deleted, and Tandem withdraws
    # with no one). "" for a link not withdrawn, or withdrawn before the reason was kept and with
    # nothing on record to tell why (migration 0004).
    BY_STAFF, SENT_BY_EMAIL, NOT_SENT = "by staff", "sent by email", "not sent"
    REVOKED_REASONS = [
        (BY_STAFF, _("Withdrawn by the practice")),
        # The message carrying it did not reach the client, and the same request was emailed
        # with a link of its own (tandem.sms.tasks).
        (SENT_BY_EMAIL, _("Sent again by email, with a newer link")),
        # The message carrying it could not be sent (a retry, or the email instead, carries a
        # link of its own).
        (NOT_SENT, _("The message carrying it could not be sent")),
    ]

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    # Erasing the client erases their links with them.
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="questionnaire_links")
    # Exactly one of the two: the session whose questionnaires it opens, or the check-in.
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    follow_up = models.ForeignKey(
        "followup.FollowUp", null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    # The login the link answers for: a link stops working if the client's login changes.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    via = models.CharField(max_length=20, choices=VIA)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    opened_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_reason = models.CharField(
        max_length=20, blank=True, default="", choices=REVOKED_REASONS
    )
    # Requests in the current hour, counted with one UPDATE each (tandem.links.guard).
    hits = models.PositiveIntegerField(default=0)
    hits_since = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["session", "completed_at", "revoked_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(session__isnull=False, follow_up__isnull=True)
                | models.Q(session__isnull=True, follow_up__isnull=False),
                name="link_opens_a_session_or_a_follow_up",
            )
        ]

    def __str__(self) -> str:
        if self.follow_up_id is not None:
            return f"Questionnaire link for follow-up check-in {self.follow_up_id}"
        return f"Questionnaire link for session {self.session_id}"

    @property
    def how_made(self) -> str:
        return str(self.HOW_MADE.get(self.via, self.via))

    @property
    def is_open(self) -> bool:
        """Neither answered, withdrawn nor expired (the client's record may still have changed)."""
        return (
            self.completed_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class LinkGuess(models.Model):
    """Wrong link tokens tried from one address, to pause guessing (tandem.links.guard)."""

    address = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    since = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.failures} wrong links from {self.address}"
