"""Follow-up check-ins after an episode has ended, and the returning-client requests they raise.

A check-in (``FollowUp``) is opened when one of the practice's follow-up timepoints falls due
(``tandem.core.schedule``): 1, 3 or 6 months after the ending. Its answers are ordinary
responses (``measures.Response``, about the episode, with no session), listed on the check-in.
A "yes" to "Would you like to talk to your therapist again?", or a reliable worsening against the
episode's last scores, makes one ``ReturningRequest`` for the check-in.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.care.models import Client, Episode
from tandem.measures.models import Response


class FollowUp(models.Model):
    """One follow-up check-in: opened when due, answered by the client in their portal."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(help_text="1, 3 or 6 months after the ending.")
    due_on = models.DateField()
    opened_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    responses = models.ManyToManyField(Response, blank=True, related_name="follow_ups")

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            # However many workers scan at once, a check-in exists once (and is mailed once).
            models.UniqueConstraint(fields=["episode", "months"], name="one_follow_up_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.months}-month follow-up of episode {self.episode_id}"


class ReturningRequest(models.Model):
    """A former client who may want to come back: asked for it, or reliably worse at follow-up."""

    follow_up = models.OneToOneField(
        FollowUp, on_delete=models.CASCADE, related_name="returning_request"
    )
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+")
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="+")
    wants_to_talk = models.BooleanField(default=False)
    # The measures (ids) on which the follow-up score is reliably worse than the episode's last.
    worsened = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    close_note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Returning-client request of client {self.client_id}"

    @property
    def reasons(self) -> list[str]:
        """Why the request was made, in the therapist's words."""
        from tandem.measures import registry

        said = []
        if self.wants_to_talk:
            said.append(_("said they would like to talk to you again"))
        if self.worsened:
            names = [getattr(registry.get(m), "short_title", m) for m in self.worsened]
            said.append(
                _("reliably worse on %(measures)s than at the end of therapy")
                % {"measures": _and(names)}
            )
        return said

    @property
    def sentence(self) -> str:
        months = self.follow_up.months
        return ngettext(
            "At the %(months)s-month follow-up: %(reasons)s. Get in touch.",
            "At the %(months)s-month follow-up: %(reasons)s. Get in touch.",
            months,
        ) % {"months": months, "reasons": "; ".join(self.reasons)}


def _and(names: list[str]) -> str:
    """'PHQ-9', 'PHQ-9 and GAD-7', 'PHQ-9, GAD-7 and SPIN', in the reader's language."""
    if len(names) < 2:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}
