"""The demo's risk-and-safety story: a recent PHQ-9 item 9 answer still open, and one followed up.

Kept apart from the builder so that the risk alerts are raised by the safety app's own code,
exactly as they are when a client answers in the portal.
"""

from __future__ import annotations

from datetime import timedelta

from tandem.accounts.models import Practice, User
from tandem.care.models import Client, Episode
from tandem.core.instruments import score
from tandem.measures import registry
from tandem.measures.models import Response
from tandem.safety.actions import raise_risk_alerts
from tandem.safety.models import PracticeSafety, RiskAlert, SafetyPlan

# Fictional numbers in the range set aside for drama (Ofcom), so nobody real is ever called.
CRISIS_TEXT = (
    "If you feel you might act on these thoughts, or you are not safe right now, call 999 or go to "
    "your nearest A&E. You can also call the practice duty line during opening hours, or Samaritans "
    "at any time. We read answers during working hours only."
)
CRISIS_CONTACTS = "Harbour Lane duty line (9am–5pm): 0117 496 0000\nSamaritans (any time): 116 123"


def _set_item9(response: Response, value: int) -> None:
    instrument = registry.get("phq9")
    assert instrument is not None
    answers = {**response.answers, "q9": value}
    result = score(instrument, answers)
    response.answers = answers
    response.total = result.total
    response.severity = result.severity or ""
    response.save(update_fields=["answers", "total", "severity"])
    alerts = raise_risk_alerts(response, instrument, answers)
    RiskAlert.objects.filter(pk__in=[a.pk for a in alerts]).update(raised_at=response.submitted_at)


def add_risk_story(practice: Practice, therapist: User, skip: Client) -> None:
    PracticeSafety.objects.update_or_create(
        practice=practice,
        defaults={
            "crisis_text": CRISIS_TEXT,
            "crisis_contacts": CRISIS_CONTACTS,
            "escalation_hours": 24,
        },
    )
    candidates = (
        Client.objects.filter(
            practice=practice, therapist=therapist, episodes__status=Episode.ACTIVE
        )
        .exclude(pk=skip.pk)
        .order_by("display_name")
        .distinct()
    )
    latest = []
    for client in candidates:
        response = (
            Response.objects.filter(episode__client=client, instrument_id="phq9")
            .order_by("-session__number")
            .first()
        )
        if response is not None:
            latest.append((client, response))
        if len(latest) == 2:
            break
    (open_client, recent), (followed_client, earlier) = latest
    _set_item9(recent, 1)
    _set_item9(earlier, 2)
    alert = RiskAlert.objects.get(response=earlier)
    alert.acknowledged_at = alert.raised_at + timedelta(hours=3, minutes=10)
    alert.acknowledged_by = therapist
    alert.acknowledgement = "Phoned the same afternoon. We went through the safety plan; agreed to talk at the next session."
    alert.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement"])
    SafetyPlan.objects.update_or_create(
        client=followed_client,
        defaults={
            "warning_signs": "Not sleeping; staying in my room; stopping replying to messages.",
            "coping_steps": "Go for a walk by the water. Shower and put music on. Write it down.",
            "people_and_places": "My brother Sam. The library café.",
            "professional_contacts": "Harbour Lane duty line 0117 496 0000. GP surgery. Samaritans 116 123.",
            "updated_by": therapist,
        },
    )
