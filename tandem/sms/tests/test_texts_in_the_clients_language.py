"""Every text message, and the email sent instead of a reminder text that did not get through, is
written in the client's language (their choice, else their practice's, else English), whoever's
request queued it; one client's language never carries over to the next text the worker sends.
A text in Spanish takes as many segments as the English: it keeps to the GSM alphabet where it
can (tandem/sms/words.py)."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.utils import timezone, translation

from tandem.care.models import Episode, Session
from tandem.links.models import LinkPolicy, QuestionnaireLink
from tandem.reminders.tasks import send_due_reminders
from tandem.sms.models import TextNumber
from tandem.sms.tests.conftest import MOBILE
from tandem.sms.tests.gateway import FakeGateway
from tandem.sms.tests.test_reminders_by_text import london
from tandem.sms.words import GSM_ALPHABET, segments
from tandem.tasks.tests.smtp import body
from tandem.web import dates

OTHER_MOBILE = "+447911654321"
# Where a practice's Tandem might be served: links in texts are as long as this makes them.
SITE = "https://tandem.harbour-therapy.org"


def speaks(user, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


def ben_is_due_and_texted(people) -> None:
    """Ben (English) has a session with something due, and a verified number, reminders by text."""
    episode = Episode.objects.get(client=people.other_client)
    Session.objects.create(episode=episode, number=1, date=people.session.date)
    TextNumber.objects.create(
        client=people.other_client,
        given="07911 654321",
        number=OTHER_MOBILE,
        verified_at=timezone.now(),
        reminders_by=TextNumber.TEXT,
    )


def remind(people, run_worker) -> None:
    with time_machine.travel(london(people, 10), tick=False):
        send_due_reminders.enqueue()
        run_worker()


def test_a_client_who_chose_spanish_is_texted_in_spanish_and_one_who_did_not_in_english(
    people, verified, gateway, db_tasks, run_worker
):
    # Ada's text goes first (her episode is scanned first), Ben's straight after by the same
    # worker: her Spanish must not carry over to his.
    speaks(people.client_user, "es")
    ben_is_due_and_texted(people)
    remind(people, run_worker)
    [ada] = gateway.to(MOBILE)
    [ben] = gateway.to(OTHER_MOBILE)
    assert ada["body"] == (
        "Tandem: tienes algo pendiente; entra para verlo: http://127.0.0.1:8000/portal/ "
        "Responde STOP para dejar de recibir mensajes."
    )
    assert ben["body"].startswith("Tandem: something is waiting for you when you sign in:")
    assert ben["body"].endswith("Reply STOP for no more texts.")
    assert [ada["id"], ben["id"]] == ["gw-1", "gw-2"]  # in that order


def test_the_worker_keeps_its_own_language_after_a_spanish_text(
    people, verified, gateway, db_tasks, run_worker
):
    # The last text the worker writes is Ben's, in Spanish: what runs next in that worker starts
    # from the worker's own language, not his.
    ben_is_due_and_texted(people)
    speaks(people.other_client_user, "es")
    before = translation.get_language()
    remind(people, run_worker)
    assert gateway.to(OTHER_MOBILE)[0]["body"].startswith("Tandem: tienes algo pendiente")
    assert gateway.sent[-1]["to"] == OTHER_MOBILE
    assert translation.get_language() == before


def test_with_no_choice_the_practices_language(people, verified, gateway, db_tasks, run_worker):
    people.practice.language = "es"
    people.practice.save(update_fields=["language"])
    ben_is_due_and_texted(people)
    speaks(people.other_client_user, "en-gb")
    remind(people, run_worker)
    assert gateway.to(MOBILE)[0]["body"].startswith("Tandem: tienes algo pendiente")
    assert gateway.to(OTHER_MOBILE)[0]["body"].startswith("Tandem: something is waiting")


def test_a_reminder_with_its_link_takes_as_many_segments_in_spanish_as_in_english(
    people, verified, gateway, db_tasks, run_worker, settings
):
    settings.TANDEM_SITE_URL = SITE
    LinkPolicy.objects.create(practice=people.practice, in_reminders=True)
    speaks(people.client_user, "es")
    ben_is_due_and_texted(people)
    remind(people, run_worker)
    [spanish] = gateway.to(MOBILE)
    [english] = gateway.to(OTHER_MOBILE)
    link = QuestionnaireLink.objects.get(client=people.client)
    with translation.override("es"):
        until = dates.day(link.expires_at)
    assert re.fullmatch(
        rf"Tandem: tienes algo pendiente\. Este enlace es solo para ti, hasta el {until}: "
        rf"{SITE}/l/\S+/ Responde STOP para dejar de recibir mensajes\.",
        spanish["body"],
    )
    assert english["body"].startswith("Tandem: something is waiting for you. This link is yours")
    # Every letter in the GSM alphabet, so 160 characters a segment (153 when split), not 70.
    assert set(spanish["body"]) <= set(GSM_ALPHABET)
    assert segments(spanish["body"]) == segments(english["body"]) == 2


def test_the_code_text_is_in_the_clients_language_and_one_segment(
    client, people, gateway, django_capture_on_commit_callbacks
):
    speaks(people.client_user, "es")
    client.force_login(people.client_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/portal/settings/texts/", {"step": "number", "number": "07911 123456"}, follow=True
        )
    assert "Te hemos enviado un código por SMS al +44 7911 123456." in response.content.decode()
    [text] = gateway.to(MOBILE)
    assert re.fullmatch(
        r"Tandem: código \d{6}, válido 10 minutos\. Si no lo pediste, ignóralo\.", text["body"]
    )
    # "ó" is not in the GSM alphabet: the text goes as UCS-2, which fits 70 characters in one.
    assert len(text["body"]) <= 70 and segments(text["body"]) == 1


@pytest.mark.parametrize(
    ("chosen", "browser", "starts"),
    [
        ("", "es", "Tandem: código"),  # no choice: the page's language, where they asked for it
        ("en-gb", "es", "Your Tandem code is"),  # their choice wins over the page's
        ("", "en", "Your Tandem code is"),
    ],
)
def test_a_code_asked_for_on_a_page_is_in_the_clients_choice_else_the_pages(
    client, people, gateway, django_capture_on_commit_callbacks, chosen, browser, starts
):
    people.practice.language = "es" if browser == "en" else "en-gb"  # the practice's is neither
    people.practice.save(update_fields=["language"])
    speaks(people.client_user, chosen)
    client.force_login(people.client_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/portal/settings/texts/",
            {"step": "number", "number": "07911 123456"},
            HTTP_ACCEPT_LANGUAGE=browser,
        )
    assert gateway.to(MOBILE)[-1]["body"].startswith(starts)
    # A new code, asked for the same way, likewise.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/portal/settings/texts/", {"step": "resend"}, HTTP_ACCEPT_LANGUAGE=browser)
    assert len(gateway.to(MOBILE)) == 2 and gateway.to(MOBILE)[-1]["body"].startswith(starts)


def test_the_email_sent_instead_of_a_failed_text_is_in_the_clients_language(
    client, people, verified, gateway, smtp, db_tasks, run_worker
):
    speaks(people.client_user, "es")
    remind(people, run_worker)
    [text] = gateway.to(MOBILE)
    payload, headers = FakeGateway.report(text["id"], "undelivered")
    client.post("/sms/status/", payload, content_type="application/json", headers=headers)
    run_worker()
    [mail] = smtp.to("client@harbour.test")
    assert mail["Subject"] == "Un pequeño recordatorio de Tandem"
    assert "Hay algo esperándote en Tandem." in body(mail)
    # And the client's page says so in Spanish.
    client.force_login(people.client_user)
    page = client.get("/portal/settings/texts/").content.decode()
    assert "no llegó al +44 7911 123456, así que te enviamos ese recordatorio por correo" in page


@pytest.mark.parametrize("words", ["BAJA", "baja", "Baja, gracias"])
def test_a_spanish_baja_stops_texts_as_stop_does(client, people, verified, gateway, words):
    payload, headers = FakeGateway.reply(MOBILE, words)
    response = client.post(
        "/sms/replies/", payload, content_type="application/json", headers=headers
    )
    assert response.json() == {"stopped": 1}
    verified.refresh_from_db()
    assert verified.stopped_at is not None
