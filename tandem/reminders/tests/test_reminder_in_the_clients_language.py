"""The reminder email is written in the client's language, whichever job sends it: their own
choice, else their practice's, else English; and one client's language never carries over to the
next email the same worker sends."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.utils import timezone, translation

from tandem.care.models import Episode, Session
from tandem.links.models import LinkPolicy, QuestionnaireLink
from tandem.reminders.tasks import send_due_reminders
from tandem.tasks.tests.smtp import body
from tandem.web import dates

CLIENT, OTHER = "client@harbour.test", "other-client@harbour.test"


def to(smtp, address: str) -> list:
    """The emails to exactly ``address`` (the inbox's own ``to`` finds "client@" in
    "other-client@")."""
    return [m for m in smtp.messages if str(m["To"]) == address]


def speaks(user, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


def remind(run_worker) -> None:
    with time_machine.travel(timezone.now() + timedelta(days=1, hours=1), tick=False):
        send_due_reminders.enqueue()
        run_worker()


def test_a_client_who_chose_spanish_gets_it_in_spanish(people, db_tasks, smtp, run_worker):
    speaks(people.client_user, "es")
    remind(run_worker)
    [mail] = to(smtp, CLIENT)
    assert mail["Subject"] == "Un pequeño recordatorio de Tandem"
    text = body(mail)
    assert text.startswith("Hola, Client:")
    assert "Hay algo esperándote en Tandem." in text
    assert "http://127.0.0.1:8000/portal/" in text
    assert "Si ahora no es buen momento, no pasa nada" in text
    assert "Puedes desactivar estos recordatorios en tu página de ajustes de Tandem." in text
    assert "reminder" not in text.lower() and "Hello" not in text


def test_its_personal_link_and_the_day_it_stops_are_in_spanish(people, db_tasks, smtp, run_worker):
    speaks(people.client_user, "es")
    LinkPolicy.objects.create(practice=people.practice, in_reminders=True)
    remind(run_worker)
    [mail] = to(smtp, CLIENT)
    link = QuestionnaireLink.objects.get()
    with translation.override("es"):
        until = dates.day(link.expires_at)
    assert until != dates.day(link.expires_at)  # the month is written the Spanish way
    assert (
        "Con este enlace puedes responder sin entrar en Tandem. Es solo tuyo, así que no lo "
        f"compartas, por favor; deja de funcionar cuando hayas respondido o el {until}."
    ) in body(mail)


def test_with_no_choice_the_practices_language_and_a_choice_wins_over_it(
    people, db_tasks, smtp, run_worker
):
    people.practice.language = "es"
    people.practice.save(update_fields=["language"])
    speaks(people.other_client_user, "en-gb")
    other = Episode.objects.get(client=people.other_client)
    Session.objects.create(episode=other, number=1, date=people.session.date)
    remind(run_worker)
    [spanish] = to(smtp, CLIENT)
    [english] = to(smtp, OTHER)
    assert spanish["Subject"] == "Un pequeño recordatorio de Tandem"
    assert english["Subject"] == "A gentle reminder from Tandem"
    assert "There is something waiting for you in Tandem." in body(english)


def test_one_clients_language_does_not_carry_over_to_the_next_email(
    people, db_tasks, smtp, run_worker
):
    # Ada's reminder is sent first (her episode is scanned first), in Spanish; Ben's, by the same
    # worker straight after, must still be in English.
    speaks(people.client_user, "es")
    other = Episode.objects.get(client=people.other_client)
    Session.objects.create(episode=other, number=1, date=people.session.date)
    remind(run_worker)
    [first] = to(smtp, CLIENT)
    [second] = to(smtp, OTHER)
    assert "Hay algo esperándote" in body(first)
    assert second["Subject"] == "A gentle reminder from Tandem"
    assert "There is something waiting for you in Tandem." in body(second)


def test_the_worker_keeps_its_own_language_after_a_spanish_email(
    people, db_tasks, smtp, run_worker
):
    # The last email the worker writes is in Spanish (Ben's): what runs next in that worker
    # starts from the worker's own language, not his.
    speaks(people.other_client_user, "es")
    other = Episode.objects.get(client=people.other_client)
    Session.objects.create(episode=other, number=1, date=people.session.date)
    before = translation.get_language()
    remind(run_worker)
    assert "Hay algo esperándote" in body(to(smtp, OTHER)[0])
    assert translation.get_language() == before
    assert translation.gettext("A gentle reminder from Tandem") == "A gentle reminder from Tandem"
