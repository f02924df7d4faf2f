"""Risk and safety: answers that signal danger, the follow-up they need, and a client's safety plan.

Tandem is not an emergency service. What it promises is narrower and testable: a risk answer is
shown to the client with what to do now, reaches the therapist at the top of their caseload and
by a detail-free email, stays open until someone records what was done, and is escalated to the
supervisor and practice lead when nobody has within the practice's set time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import Practice
from tandem.care.models import Client, Episode


class PracticeSafety(models.Model):
    """A practice's own crisis text and escalation time (defaults apply until set)."""

    practice = models.OneToOneField(Practice, on_delete=models.CASCADE, related_name="safety")
    crisis_text = models.TextField(
        blank=True,
        help_text=_("What a client should do now, in your own words. Shown before anything else."),
    )
    crisis_contacts = models.TextField(
        blank=True,
        help_text=_(
            "One per line: a name, then a phone number (e.g. “Practice duty line: 0100 000 0000”)."
        ),
    )
    escalation_hours = models.PositiveSmallIntegerField(
        default=24,
        help_text=_(
            "Unacknowledged risk alerts older than this go to the supervisor and practice lead."
        ),
    )
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Safety settings of {self.practice}"

    def contacts(self) -> list[tuple[str, str]]:
        pairs = []
        for line in self.crisis_contacts.splitlines():
            if not line.strip():
                continue
            name, _, number = line.partition(":")
            pairs.append((name.strip(), number.strip()) if number else ("", name.strip()))
        return pairs


class RiskAlert(models.Model):
    HIGH, MEDIUM = "high", "medium"

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="risk_alerts")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="risk_alerts")
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="risk_alerts")
    response = models.ForeignKey(
        "measures.Response", on_delete=models.CASCADE, related_name="risk_alerts"
    )
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    instrument_id = models.CharField(max_length=60)
    item_id = models.CharField(max_length=60)
    question = models.CharField(max_length=500)
    value = models.IntegerField()
    answer_label = models.CharField(max_length=200)
    severity = models.CharField(max_length=10)
    label = models.CharField(max_length=300)
    raised_at = models.DateTimeField(default=timezone.now, db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledgement = models.TextField(blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "item_id"], name="one_alert_per_risk_answer"
            )
        ]

    def __str__(self) -> str:
        return f"Risk alert for {self.client} ({self.raised_at:%d %b %Y})"

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None

    def _risk_words(self):  # type: ignore[no-untyped-def]
        """The instrument file's words for this risk answer in the reader's language, or None
        when the instrument or its risk item is no longer there."""
        from django.utils.translation import get_language

        from tandem.core.instruments.translation import risk_words
        from tandem.measures import registry

        instrument = registry.get(self.instrument_id)
        if instrument is None or self.item_id not in instrument.item_ids:
            return None
        risk = instrument.item(self.item_id).risk
        return None if risk is None else risk_words(risk, get_language() or "en")

    @property
    def shown_label(self) -> str:
        """What the answer means, as a sentence of its own, in the reader's language when the
        instrument file gives it (the PHQ-9's "Has had thoughts of … self-harm" in Spanish), else
        as it was stored when the alert was raised (an instrument since removed)."""
        words = self._risk_words()
        return self.label if words is None else words.label

    @property
    def shown_topic(self) -> str:
        """What the question asks about, to go inside a sentence ("Open risk alert since 3 Dec:
        thoughts of self-harm"), in the reader's language: the file's topic, written to be read
        there, never the label lower-cased by a page (which would lower a name or a language's
        own capitals too). An instrument since removed left only its label: that is shown."""
        words = self._risk_words()
        return self.label if words is None else words.topic

    @property
    def response_time(self):  # type: ignore[no-untyped-def]
        return self.acknowledged_at - self.raised_at if self.acknowledged_at else None


class SafetyPlan(models.Model):
    """A short plan the client and therapist keep together; the client can open it any time."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="safety_plan")
    warning_signs = models.TextField(_("Warning signs that a crisis may be coming"), blank=True)
    coping_steps = models.TextField(_("Things I can do on my own to feel safer"), blank=True)
    people_and_places = models.TextField(_("People and places that help"), blank=True)
    professional_contacts = models.TextField(
        _("Professionals and services I can contact"), blank=True
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"Safety plan of {self.client}"

    @property
    def is_empty(self) -> bool:
        return not any(
            [
                self.warning_signs,
                self.coping_steps,
                self.people_and_places,
                self.professional_contacts,
            ]
        )
