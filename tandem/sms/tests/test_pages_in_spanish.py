"""The text-message and reminder pages read in Spanish: the practice admin's settings (also on a
server that sends no texts, which the untranslated-string check's pages do not show), the
client's own page and what it says about their number, and the words that explain a mistake."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone

from tandem.sms.models import TextNumber

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


def test_the_practice_texts_page_on_a_server_that_sends_none(client, people, settings):
    settings.TANDEM_SMS_BACKEND = "off"
    client.force_login(people.admin)
    text = client.get("/practice/texts/", **SPANISH).content.decode()
    assert "Este servidor no envía SMS (TANDEM_SMS_BACKEND está en «off»)" in text
    assert "SMS de los últimos 30 días" in text
    assert "<td>Entregado</td>" in text and "<td>No enviado</td>" in text


def test_it_has_no_english_left_in_the_pseudo_language(
    client, people, settings, pseudo_languages: Any
):
    from tests.i18n.check import english_left
    from tests.i18n.pages import _zones
    from tests.i18n.test_untranslated import known_data

    settings.TANDEM_SMS_BACKEND = "off"
    client.force_login(people.admin)
    html = client.get("/practice/texts/", HTTP_ACCEPT_LANGUAGE="en-xa").content.decode()
    # The setting's name is the operator's, the time zones' names the zone database's.
    data = known_data() | set(re.findall(_zones(), html)) | {"TANDEM_SMS_BACKEND"}
    assert english_left(html, data) == []


def test_the_clients_page_and_their_settings_in_spanish(client, people, settings):
    client.force_login(people.client_user)
    assert (
        "Los recordatorios te llegan por correo electrónico."
        in client.get("/portal/settings/", **SPANISH).content.decode()
    )
    TextNumber.objects.create(
        client=people.client,
        given="07911 123456",
        number="+447911123456",
        verified_at=timezone.now(),
        reminders_by=TextNumber.BOTH,
    )
    settings_page = client.get("/portal/settings/", **SPANISH).content.decode()
    assert (
        "Los SMS se envían al +44 7911 123456. Recordatorios: por correo electrónico y por SMS."
        in settings_page
    )
    page = client.get("/portal/settings/texts/", **SPANISH).content.decode()
    assert "Los SMS se envían al <strong>+44 7911 123456</strong>, confirmado el" in page
    assert "¿Cómo quieres recibir tus recordatorios?" in page
    assert "Por correo electrónico y por SMS" in page
    assert "Quitar mi número" in page

    settings.TANDEM_SMS_BACKEND = "off"
    TextNumber.objects.all().delete()
    page = client.get("/portal/settings/texts/", **SPANISH).content.decode()
    assert "Tu centro no envía SMS, así que tus recordatorios te llegan por correo" in page


def test_a_number_that_is_not_one_is_explained_with_an_example_of_the_servers_country(
    client, people, settings
):
    settings.TANDEM_SMS_REGION = "ES"
    client.force_login(people.client_user)
    page = client.post(
        "/portal/settings/texts/", {"step": "number", "number": "ni idea"}, **SPANISH
    ).content.decode()
    assert (
        "Eso no parece un número de teléfono. Escríbelo como lo marcarías, por ejemplo "
        "612 34 56 78, o con el prefijo del país, como +34 612 34 56 78."
    ) in page


def test_the_reminder_settings_and_their_mistakes_in_spanish(client, people):
    client.force_login(people.admin)
    page = client.get("/practice/reminders/", **SPANISH).content.decode()
    assert "<h1>Recordatorios</h1>" in page
    assert "(14 días desde el día en que terminó)" in page
    assert "Recordatorios enviados hasta ahora: 0." in page
    page = client.post(
        "/practice/reminders/",
        {"first_after_hours": "400", "repeat_every_days": "3", "max_reminders": "2"},
        **SPANISH,
    ).content.decode()
    assert "Los ajustes de los recordatorios no se han guardado." in page
    assert "Elige un número entero de horas entre 0 y 336." in page


@pytest.mark.parametrize(
    ("sent", "said"),
    [
        # A choice the form does not offer, and texts before a number is confirmed.
        ({"step": "channel", "reminders_by": "pigeon"}, "Elige cómo quieres recibir tus"),
        ({"step": "channel", "reminders_by": "text"}, "primero tienes que confirmar un número"),
        ({"step": "code", "code": "123456"}, "No hay ningún número esperando un código."),
        ({"step": "resend"}, "No hay ningún número esperando un código."),
    ],
)
def test_a_forged_step_is_refused_in_spanish(client, people, sent, said):
    client.force_login(people.client_user)
    page = client.post("/portal/settings/texts/", sent, follow=True, **SPANISH).content.decode()
    assert said in page
    assert not TextNumber.objects.exists()
