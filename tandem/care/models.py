"""Clients, their episodes of care, sessions, goals and between-session practice plans."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tandem.accounts.models import Practice
from tandem.core.outcomes.nhs_measures import DEFAULT_PROBLEM, PROBLEM_LABELS, PROBLEMS

# The problem descriptors' names as pages show them, in the reader's language; the core keeps
# the English ones (PROBLEM_LABELS), which a test holds these to.
PROBLEM_NAMES = {
    "depression": _("Depression"),
    "gad": _("Generalised anxiety disorder"),
    "mixed": _("Mixed anxiety and depression"),
    "none": _("No problem descriptor"),
    "social_anxiety": _("Social anxiety disorder"),
    "ptsd": _("Post-traumatic stress disorder (PTSD)"),
    "agoraphobia": _("Agoraphobia"),
    "ocd": _("Obsessive-compulsive disorder (OCD)"),
    "panic": _("Panic disorder"),
    "health_anxiety": _("Health anxiety"),
}
PROBLEM_CHOICES = [(p, PROBLEM_NAMES.get(p, PROBLEM_LABELS[p])) for p in PROBLEMS]


class Client(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="clients")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="client_record",
    )
    display_name = models.CharField(max_length=200)
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="caseload",
        help_text="The therapist the client is assigned to.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Consent and sharing: the client sets these in their portal.
    share_with_supervisor = models.BooleanField(
        default=False,
        help_text="The client agrees that their therapist's supervisor may see their record.",
    )
    reminders = models.BooleanField(default=True, help_text="The client wants email reminders.")

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name

    def current_episode(self) -> Episode | None:
        return self.episodes.exclude(status=Episode.ENDED).order_by("-number").first()


class Episode(models.Model):
    """One course of care, from first contact to a planned (or unplanned) ending."""

    ACTIVE, PAUSED, ENDED = "active", "paused", "ended"
    STATUS_CHOICES = [
        (ACTIVE, pgettext_lazy("an episode", "Active")),
        (PAUSED, pgettext_lazy("an episode", "Paused")),
        (ENDED, pgettext_lazy("an episode", "Ended")),
    ]
    END_REASONS = [
        ("graduated", pgettext_lazy("an episode", "Graduated")),
        ("mutual", _("Mutual ending")),
        ("withdrew", _("Client withdrew")),
        ("referred", _("Referred on")),
        ("other", pgettext_lazy("how an episode ended", "Other")),
    ]

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="episodes")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="episodes"
    )
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=ACTIVE)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=END_REASONS, blank=True)
    end_note = models.TextField(blank=True)
    pause_requested_at = models.DateTimeField(null=True, blank=True)
    pause_request_note = models.TextField(blank=True)
    # The NHS Talking Therapies problem descriptor: which anxiety measure is paired with the PHQ-9
    # (tandem.core.outcomes.nhs_measures). Set and changed by the therapist, audited.
    problem = models.CharField(
        max_length=20,
        choices=PROBLEM_CHOICES,
        default=DEFAULT_PROBLEM,
        help_text="The main problem, which decides the anxiety measure paired with the PHQ-9.",
    )

    class Meta:
        ordering = ["client", "number"]
        constraints = [
            models.UniqueConstraint(fields=["client", "number"], name="episode_number_per_client")
        ]

    def __str__(self) -> str:
        return f"{self.client} — episode {self.number}"

    @property
    def is_open(self) -> bool:
        return self.status != self.ENDED

    @property
    def graduated(self) -> bool:
        return self.status == self.ENDED and self.end_reason == "graduated"

    @property
    def status_label(self) -> str:
        """Active, Paused, Ended — or Graduated, when that is how the episode ended."""
        return (
            str(pgettext_lazy("an episode", "Graduated"))
            if self.graduated
            else self.get_status_display()
        )


class EpisodeEvent(models.Model):
    """The history of an episode: opened, paused, resumed, ended, pause asked for."""

    KINDS = [
        ("opened", pgettext_lazy("an episode's history", "Opened")),
        ("paused", pgettext_lazy("an episode's history", "Paused")),
        ("resumed", pgettext_lazy("an episode's history", "Resumed")),
        ("ended", pgettext_lazy("an episode's history", "Ended")),
        ("pause_requested", _("Client asked to pause")),
    ]
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=KINDS)
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%d %b %Y})"


class Session(models.Model):
    ATTENDED, CANCELLED, NO_SHOW = "attended", "cancelled", "no_show"
    ATTENDANCE_CHOICES = [
        (ATTENDED, _("Attended")),
        (CANCELLED, _("Cancelled")),
        (NO_SHOW, _("No-show")),
    ]

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveIntegerField(help_text="Contact number within the episode, from 1.")
    date = models.DateField()
    attendance = models.CharField(max_length=10, choices=ATTENDANCE_CHOICES, default=ATTENDED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["episode", "number"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "number"], name="session_number_per_episode")
        ]

    def __str__(self) -> str:
        return f"Session {self.number} ({self.date:%d %b %Y})"

    @property
    def attended(self) -> bool:
        return self.attendance == self.ATTENDED


class Goal(models.Model):
    """A goal written together; both client and therapist see it and can rate progress."""

    ACTIVE, ACHIEVED, SET_ASIDE = "active", "achieved", "set_aside"
    STATUS_CHOICES = [
        (ACTIVE, _("Working on it")),
        (ACHIEVED, _("Achieved")),
        (SET_ASIDE, _("Set aside")),
    ]

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(max_length=500)
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=ACTIVE)
    progress = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text="0 = not started, 10 = fully there.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Optimistic locking: an edit must name the version it started from.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text


class PracticePlan(models.Model):
    """What the client means to practise between sessions."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    how_often = models.CharField(max_length=100, blank=True, help_text="e.g. “most days”")
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-active", "-created_at"]

    def __str__(self) -> str:
        return self.title
