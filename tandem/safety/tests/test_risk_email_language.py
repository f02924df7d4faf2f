"""The staff risk email in each recipient's language: the therapist who reads Tandem in Spanish
gets it in Spanish; an escalation to a Spanish-reading supervisor and an English-reading practice
lead goes as two emails, one in each language, and still says nothing clinical."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from tandem.safety.actions import escalate_overdue
from tandem.safety.models import PracticeSafety
from tandem.safety.tests.test_risk_answers import submit

pytestmark = pytest.mark.django_db


def test_the_therapist_reads_the_risk_email_in_their_language(
    client: Any, people: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    people.therapist.language = "es"
    people.therapist.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, people, 3)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [people.therapist.email]
    assert mail.subject == "Tandem: hay algo que revisar"
    assert "Hay algo en Tandem que necesita tu atención." in mail.body
    assert "/caseload/" in mail.body
    for secret in ("casi todos los días", "muert", "daño", "phq", "ada", "respuesta"):
        assert secret not in (mail.subject + mail.body).lower()


def test_an_escalation_goes_to_each_person_in_their_language(
    client: Any, people: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    PracticeSafety.objects.create(practice=people.practice, escalation_hours=4)
    people.supervisor.language = "es"
    people.supervisor.save(update_fields=["language"])
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        submit(client, people, 2)
    mailoutbox.clear()
    with (
        time_machine.travel(start + timedelta(hours=5), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        escalate_overdue()
    by_subject = {m.subject: m.to for m in mailoutbox}
    assert by_subject == {
        "Tandem: una alerta necesita revisión": [people.supervisor.email],
        "Tandem: an alert needs review": [people.admin.email],
    }
