"""Raising, acknowledging and escalating risk alerts; keeping the safety plan. Each audited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.accounts.language import supported
from tandem.accounts.models import Supervision, User
from tandem.audit.chain import record
from tandem.care.models import Client
from tandem.core.instruments import Instrument, RiskSignal, risk_signals
from tandem.errors import ActionError
from tandem.measures.models import Response
from tandem.safety.mail import notify_staff
from tandem.safety.models import PracticeSafety, RiskAlert, SafetyPlan
from tandem.tasks.queue import after_commit

# Our own words. Shown when a practice has not written its own crisis text.
# Translated when shown (lazily: the reader's language, not the server's at start-up).
DEFAULT_CRISIS_TEXT = gettext_lazy(
    "If you feel you might act on these thoughts, or you are in danger now, call your local "
    "emergency number or go to the nearest emergency department. If you can, also let your "
    "therapist know. Tandem is not watched around the clock, so nobody may read your answers "
    "straight away — please don't wait for us to get in touch."
)


def practice_safety(practice_id: int) -> PracticeSafety:
    safety, _created = PracticeSafety.objects.get_or_create(practice_id=practice_id)
    return safety


def crisis_words(safety: PracticeSafety) -> dict[str, object]:
    """What the crisis page shows (``safety/crisis_now.html``): the practice's own text, else
    Tandem's in the page's language, and its contacts. The practice's words are in its language
    (its setting, else Tandem's default), which a page in another language marks for a screen
    reader (``crisis_lang``), as it marks a questionnaire shown in English."""
    own = bool(safety.crisis_text.strip())
    written_in = supported(safety.practice.language) or settings.LANGUAGE_CODE
    reading = translation.get_language() or settings.LANGUAGE_CODE
    differs = written_in.split("-")[0] != reading.split("-")[0]
    contacts = safety.contacts()
    return {
        "crisis_text": safety.crisis_text if own else DEFAULT_CRISIS_TEXT,
        "contacts": contacts,
        "crisis_lang": written_in if own and differs else "",
        "contacts_lang": written_in if contacts and differs else "",
    }


def _notify(recipients: list[str], kind: str, link: str, key: str) -> None:
    """Queue the email with the change that causes it; the worker sends it (once per ``key``),
    in each recipient's language. ``kind``: "risk" or "escalation" (tandem.safety.mail)."""
    if not recipients:
        return
    after_commit(notify_staff, recipients, kind, link, key)


def raise_risk_alerts(
    response: Response,
    instrument: Instrument,
    answers: Mapping[str, object],
    signals: Sequence[RiskSignal] | None = None,
) -> list[RiskAlert]:
    """Called inside the transaction that stores a client's response.

    ``signals``: ``risk_signals(instrument, answers)`` when the caller has already worked them
    out, so that they are not worked out twice.
    """
    if response.episode is None:
        return []
    if signals is None:
        signals = risk_signals(instrument, answers)
    if not signals:
        return []
    client = response.episode.client
    alerts = []
    for signal in signals:
        item = instrument.item(signal.item_id)
        alert = RiskAlert.objects.create(
            practice_id=client.practice_id,
            client=client,
            episode=response.episode,
            response=response,
            therapist_id=response.episode.therapist_id,
            instrument_id=instrument.id,
            item_id=signal.item_id,
            question=item.text[:500] if item else signal.item_id,
            value=signal.value,
            answer_label=signal.answer_label[:200],
            severity=signal.severity,
            label=signal.label[:300],
        )
        record(
            # Answers given on paper or by phone: the therapist who entered them.
            actor=response.entered_by or response.respondent,
            action="risk.raise",
            obj=alert,
            client_id=client.pk,
            practice_id=client.practice_id,
            detail={"instrument": instrument.id, "item": signal.item_id},
        )
        alerts.append(alert)
    therapist = response.episode.therapist
    link = settings.TANDEM_BASE_URL + reverse("caseload")
    _notify([therapist.email], "risk", link, f"risk:{alerts[0].pk}")
    return alerts


@transaction.atomic
def acknowledge(
    actor: User, alert: RiskAlert, note: str, request: HttpRequest | None = None
) -> RiskAlert:
    note = note.strip()
    if len(note) < 3:
        raise ActionError(
            _(
                "Please write a short note of what was done (for example: “phoned the client; "
                "safety plan reviewed”)."
            )
        )
    updated = RiskAlert.objects.filter(pk=alert.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now(), acknowledged_by=actor, acknowledgement=note
    )
    if not updated:
        raise ActionError(_("This alert was already acknowledged."))
    alert.refresh_from_db()
    record(
        actor=actor,
        action="risk.acknowledge",
        obj=alert,
        client_id=alert.client_id,
        practice_id=alert.practice_id,
        request=request,
    )
    return alert


def escalate_overdue(now: datetime | None = None) -> list[RiskAlert]:
    """Escalate every open alert older than its practice's escalation time, once."""
    now = now or timezone.now()
    escalated = []
    candidates = RiskAlert.objects.filter(
        acknowledged_at__isnull=True, escalated_at__isnull=True
    ).select_related("practice", "therapist")
    for alert in candidates:
        hours = practice_safety(alert.practice_id).escalation_hours
        if alert.raised_at > now - timedelta(hours=hours):
            continue
        with transaction.atomic():
            if not RiskAlert.objects.filter(pk=alert.pk, escalated_at__isnull=True).update(
                escalated_at=now
            ):
                continue  # another worker got there first
            recipients = _escalation_recipients(alert)
            record(
                actor=None,
                action="risk.escalate",
                obj=alert,
                client_id=alert.client_id,
                practice_id=alert.practice_id,
                detail={"to": [u.pk for u in recipients]},
            )
            link = settings.TANDEM_BASE_URL + reverse("practice_risk")
            emails = [u.email for u in recipients]
            _notify(emails, "escalation", link, f"escalation:{alert.pk}")
        alert.escalated_at = now
        escalated.append(alert)
    return escalated


def _escalation_recipients(alert: RiskAlert) -> list[User]:
    supervisors = User.objects.filter(
        pk__in=Supervision.objects.filter(therapist_id=alert.therapist_id).values("supervisor"),
        is_active=True,
    )
    leads = User.objects.filter(
        practice_id=alert.practice_id, is_practice_admin=True, is_active=True
    )
    return list({u.pk: u for u in [*supervisors, *leads]}.values())


class PlanConflict(ActionError):
    """The plan changed since the editor opened it (optimistic locking)."""


PLAN_FIELDS = ("warning_signs", "coping_steps", "people_and_places", "professional_contacts")


@transaction.atomic
def save_safety_plan(
    actor: User,
    client: Client,
    data: dict[str, str],
    version: int,
    request: HttpRequest | None = None,
) -> SafetyPlan:
    plan, _created = SafetyPlan.objects.get_or_create(client=client)
    changes: dict[str, object] = {k: data.get(k, "").strip() for k in PLAN_FIELDS}
    updated = SafetyPlan.objects.filter(pk=plan.pk, version=version).update(
        **changes, updated_at=timezone.now(), updated_by=actor, version=F("version") + 1
    )
    if not updated:
        raise PlanConflict(
            _(
                "Someone else saved the safety plan while you were writing. Their newer version "
                "is in the boxes below; what you typed is kept beside each part it differs in, so "
                "nothing is lost. Copy in what you still want, then save."
            )
        )
    plan.refresh_from_db()
    record(
        actor=actor,
        action="safety_plan.update",
        obj=plan,
        client_id=client.pk,
        practice_id=client.practice_id,
        request=request,
    )
    return plan


@transaction.atomic
def save_practice_safety(
    actor: User,
    crisis_text: str,
    crisis_contacts: str,
    escalation_hours: int,
    request: HttpRequest | None = None,
) -> PracticeSafety:
    if not 1 <= escalation_hours <= 168:
        raise ActionError(_("The escalation time must be between 1 and 168 hours."))
    assert actor.practice_id is not None  # role_required admits only people of a practice
    safety = practice_safety(actor.practice_id)
    safety.crisis_text = crisis_text.strip()
    safety.crisis_contacts = crisis_contacts.strip()
    safety.escalation_hours = escalation_hours
    safety.updated_at = timezone.now()
    safety.save()
    record(actor=actor, action="practice.safety.update", obj=safety, request=request)
    return safety
