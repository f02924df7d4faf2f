"""Reminder emails carry a personal link when the practice says so, and still say nothing
clinical; a link whose email was never sent is withdrawn."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client as Browser
from django.utils import timezone

from tandem.links.actions import save_link_policy
from tandem.links.models import QuestionnaireLink
from tandem.measures import registry
from tandem.reminders.tasks import send_due_reminders
from tandem.tasks.tests.smtp import body

CLIENT = "client@harbour.test"


def _remind(run_worker) -> None:
    with time_machine.travel(timezone.now() + timedelta(days=1, hours=1), tick=False):
        send_due_reminders.enqueue()
        run_worker()


def test_without_the_practices_say_so_the_email_links_to_the_portal(
    people, db_tasks, smtp, run_worker
):
    _remind(run_worker)
    [mail] = smtp.to(CLIENT)
    assert "/portal/" in body(mail) and "/l/" not in body(mail)
    assert not QuestionnaireLink.objects.exists()


def test_the_email_carries_a_link_that_opens_and_nothing_clinical(
    people, db_tasks, smtp, run_worker
):
    save_link_policy(people.admin, {"valid_days": 5, "in_reminders": True})
    _remind(run_worker)
    [mail] = smtp.to(CLIENT)
    text = body(mail)
    [url] = re.findall(r"http://\S+/l/\S+/", text)
    assert "without signing in" in text and "/portal/" not in text
    link = QuestionnaireLink.objects.get()
    assert link.via == "reminder" and link.created_by is None
    path = "/l/" + url.rstrip("/").rsplit("/", 1)[-1] + "/"
    assert Browser().get(path).status_code == 200
    # The token is random: it could spell "mi" or "ada" by chance, so the words are looked for
    # in everything but the link.
    lowered = (mail["Subject"] + text.replace(url, "")).lower()
    for word in ["phq", "gad", "score", "depress", "anxi", "session 1", "therapist@", "ada"]:
        assert word not in lowered, word
    for instrument in registry.registry().values():
        for word in (instrument.id.lower(), instrument.title.lower()):
            assert not re.search(rf"\b{re.escape(word)}\b", lowered), word


def test_a_link_whose_email_failed_is_withdrawn(people, db_tasks, run_worker, monkeypatch):
    from tandem.links import emailing

    def refuse(*args, **kwargs):
        raise OSError("the mail server is away")

    monkeypatch.setattr(emailing, "send_mail", refuse)
    save_link_policy(people.admin, {"valid_days": 5, "in_reminders": True})
    _remind(run_worker)
    assert QuestionnaireLink.objects.exists()
    assert not QuestionnaireLink.objects.filter(revoked_at=None).exists()


pytestmark = pytest.mark.django_db
