"""What was answered: questionnaire responses, and which instruments a practice collects when.

Instrument definitions are files (tandem.core.instruments); the database stores the answers, the
instrument version they were given against, and the scores the core computed from them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tandem.accounts.models import Practice
from tandem.care.models import Episode, PracticePlan, Session


class Schedule(models.Model):
    """When a practice collects an instrument: its named timepoints (``tandem.core.schedule``).

    ``timepoints`` is a list of names from ``tandem.core.schedule.TIMEPOINTS`` (assessment,
    every session, every N sessions, last session, follow-up 1, 3 and 6 months after the ending);
    ``every_n`` is the N of "every N sessions".
    """

    TIMEPOINT_LABELS = [
        ("assessment", _("Assessment (first session)")),
        ("every_session", _("Every session")),
        ("every_n", _("First, then every N sessions")),
        ("last_session", _("Last session")),
        ("follow_up_1m", _("1 month after the ending")),
        ("follow_up_3m", _("3 months after the ending")),
        ("follow_up_6m", _("6 months after the ending")),
    ]

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="schedules")
    instrument_id = models.CharField(max_length=60)
    timepoints = models.JSONField(default=list)
    every_n = models.PositiveSmallIntegerField(null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["instrument_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "instrument_id"], name="one_schedule_per_instrument"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id}: {self.timepoints_display}"

    @property
    def timepoints_display(self) -> str:
        labels = {key: str(label) for key, label in self.TIMEPOINT_LABELS}
        if self.every_n:
            labels["every_n"] = ngettext(
                "First, then every %(n)s session", "First, then every %(n)s sessions", self.every_n
            ) % {"n": self.every_n}
        words = [labels[t] for t in self.timepoints if t in labels]
        return ", ".join(words) or str(_("no timepoint"))


class Response(models.Model):
    """One completed questionnaire. Scores are computed by the core, never typed in."""

    CLIENT, THERAPIST = "client", "therapist"
    ROLES = [(CLIENT, _("Client")), (THERAPIST, _("Therapist"))]
    # How the answers reached Tandem. SELF: the respondent typed them in themselves, signed in as
    # themselves (every response before answers could be entered for someone). PAPER, PHONE,
    # READ_ALOUD: the client gave them another way and their therapist typed them in
    # (``entered_by``). ROOM: the client typed them in themselves on the device their therapist
    # handed them in the session (``entered_by`` is that therapist, whose signed-in device
    # recorded them). In every case other than SELF the client stays the respondent:
    # ``respondent_role`` is "client", and ``respondent`` is their login once they have taken
    # one up, empty until then (filled in when they accept their invitation).
    SELF, PAPER, PHONE, READ_ALOUD, ROOM = "self", "paper", "phone", "read_aloud", "room"
    ENTRY_METHODS = [
        (SELF, _("Entered by the respondent")),
        (PAPER, _("From a paper form")),
        (PHONE, _("Given by phone")),
        (READ_ALOUD, _("Read aloud in the session")),
        (ROOM, _("In the room, on the therapist's device")),
    ]
    # The ways a therapist can type in answers the client gave them (the room is not one: there
    # the client types, and only the room's own action stores answers so).
    ENTERED_WAYS = ENTRY_METHODS[1:4]
    # The same, as the end of "entered by … " (and "(in the room)" beside a score).
    ENTRY_WORDS = {
        PAPER: _("from paper"),
        PHONE: _("by phone"),
        READ_ALOUD: _("as read aloud in session"),
        ROOM: _("in the room"),
    }

    # Empty only for a therapist's own self-care check, which belongs to no client.
    # No index of its own: the (episode, instrument_id) index below serves every lookup by
    # episode, and one index fewer is one write fewer per submitted response.
    episode = models.ForeignKey(
        Episode,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="responses",
        db_index=False,
    )
    # No index of its own either: the unique (session, instrument_id, respondent_role) index
    # below starts with the session, so it serves every lookup by session (PostgreSQL uses it
    # for "session = X", which implies the "session is not null" it is limited to).
    session = models.ForeignKey(
        Session,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="responses",
        db_index=False,
    )
    plan = models.ForeignKey(
        PracticePlan, null=True, blank=True, on_delete=models.CASCADE, related_name="log"
    )
    instrument_id = models.CharField(max_length=60)
    instrument_version = models.CharField(max_length=30)
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="responses"
    )
    respondent_role = models.CharField(max_length=10, choices=ROLES)
    answers = models.JSONField(default=dict)
    total = models.FloatField(null=True, blank=True)
    subscales = models.JSONField(default=dict)
    severity = models.CharField(max_length=60, blank=True)
    complete = models.BooleanField(default=True)
    private = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(default=timezone.now)
    log_date = models.DateField(null=True, blank=True, help_text="For practice-log entries.")
    entry_method = models.CharField(max_length=12, choices=ENTRY_METHODS, default=SELF)
    # The language the questions were shown in, as a language tag ("en", "es"): the instrument's
    # own, or one of its translations (tandem.core.instruments.translation). Empty when not known:
    # answers imported from a score file, and every response stored before languages were kept.
    language = models.CharField(max_length=35, blank=True, default="")
    # Who typed the answers in for the respondent; empty when the respondent did. No index of
    # its own: the partial index below holds only the few entered responses, so the many
    # answered in the portal cost no index write.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entered_responses",
        db_index=False,
    )

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            # A second submission of the same form for the same session is not a second response.
            models.UniqueConstraint(
                fields=["session", "instrument_id", "respondent_role"],
                condition=models.Q(session__isnull=False),
                name="one_response_per_session_instrument_role",
            )
        ]
        indexes = [
            models.Index(fields=["episode", "instrument_id"]),
            models.Index(
                fields=["entered_by"],
                condition=models.Q(entered_by__isnull=False),
                name="response_entered_by",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id} ({self.respondent_role})"

    @property
    def entered_for_respondent(self) -> bool:
        """Answers that did not come from the respondent's own login: given on paper, by phone or
        aloud and typed in by their therapist, or typed by the client on their therapist's
        device in the room."""
        return self.entry_method != self.SELF

    @property
    def in_room(self) -> bool:
        """Typed by the client on the device their therapist handed them in the session."""
        return self.entry_method == self.ROOM

    @property
    def entry_words(self) -> str:
        """ "from paper", "by phone", "as read aloud in session"; empty when self-entered."""
        return str(self.ENTRY_WORDS.get(self.entry_method, ""))


class PracticeSnapshot(models.Model):
    """A practice-wide result computed in the background and read by every app process.

    ``kind`` names what it holds (the learned bands, the practice report's figures); ``payload``
    is plain JSON; ``data_version`` is the practice's data version when it was computed, so a
    reader can tell that newer data exists and ask for a recomputation.
    """

    BANDS, PRACTICE_REPORT, ALERT_REPLAY = "bands", "practice_report", "alert_replay"
    KINDS = [
        (BANDS, "Expected bands"),
        (PRACTICE_REPORT, "Practice report"),
        (ALERT_REPLAY, "How well the alerts work"),
    ]

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="snapshots")
    kind = models.CharField(max_length=30, choices=KINDS)
    data_version = models.CharField(max_length=100)
    computed_at = models.DateTimeField(default=timezone.now)
    seconds = models.FloatField(default=0, help_text="How long the computation took.")
    # When a page last asked for a recomputation; a page asks only if this is older than
    # ``computed_at``, so many readers of a stale snapshot queue one task between them.
    requested_at = models.DateTimeField(null=True, blank=True)
    payload = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "kind"], name="one_snapshot_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} of practice {self.practice_id} at {self.computed_at:%Y-%m-%d %H:%M}"
