"""The check-in email is written in the client's language, whoever's job sends it: their own
choice, else their practice's, else English."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core import mail

from tandem.followup.tasks import open_due_follow_ups

pytestmark = pytest.mark.django_db


def _send(django_capture_on_commit_callbacks) -> mail.EmailMessage:
    with (
        time_machine.travel(date(2026, 2, 28), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        open_due_follow_ups.call()
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def test_a_client_who_chose_spanish_gets_it_in_spanish(ended, django_capture_on_commit_callbacks):
    ended.client_user.language = "es"
    ended.client_user.save(update_fields=["language"])
    sent = _send(django_capture_on_commit_callbacks)
    assert sent.subject == "Tandem: ¿cómo estás?"
    assert sent.body.startswith("Hola")
    assert "Nos gustaría saber cómo te va." in sent.body
    assert "Puedes desactivar estos correos en tu página de ajustes de Tandem." in sent.body


def test_with_no_choice_the_practices_language_and_a_choice_wins_over_it(
    ended, django_capture_on_commit_callbacks
):
    practice = ended.practice
    practice.language = "es"
    practice.save(update_fields=["language"])
    assert "Nos gustaría saber" in _send(django_capture_on_commit_callbacks).body
    mail.outbox.clear()
    from tandem.followup.models import FollowUp

    FollowUp.objects.all().delete()
    ended.client_user.language = "en-gb"
    ended.client_user.save(update_fields=["language"])
    sent = _send(django_capture_on_commit_callbacks)
    assert sent.subject == "Checking in from Tandem"
    assert "We would like to hear how you are doing." in sent.body
