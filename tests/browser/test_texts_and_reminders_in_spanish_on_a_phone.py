"""Text messages and reminders in Spanish on a 375 px phone (issue 20): a client whose browser asks
for Spanish turns on reminders by text, with the code texted to them in Spanish; the practice
admin reads the text-message and reminder settings in Spanish, mistakes included. Every step fits
the screen, its controls are 44 px targets and axe finds nothing serious; the admin's pages fit a
desktop too. With TANDEM_SHOTS=<folder>, each step's picture is kept to look at."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tandem.sms.models import TextMessage, TextNumber
from tandem.sms.tests.gateway import API_KEY, SECRET, FakeGateway, GatewayServer
from tests.browser.conftest import new_page, sign_in_by_fields
from tests.browser.demo_server import fits_the_screen, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

# What a thumb has to hit: every button, choice, field and summary in the page's main part.
SMALL_TARGETS = """() => [...document.querySelectorAll(
    'main button, main summary, main input:not([type=hidden]), main select')]
  .filter(e => e.getClientRects().length)
  .filter(e => (e.closest('label') || e).getBoundingClientRect().height < 44)
  .map(e => (e.textContent || e.name).trim().slice(0, 40))"""
TOO_WIDE = """() => [...document.querySelectorAll('main *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .map(e => e.tagName + ' ' + Math.round(e.getBoundingClientRect().right))"""


@pytest.fixture
def gateway(settings: Any) -> Iterator[FakeGateway]:
    with GatewayServer() as fake:
        settings.TANDEM_SMS_BACKEND = "http"
        settings.TANDEM_SMS_GATEWAY_URL = fake.url
        settings.TANDEM_SMS_API_KEY = API_KEY
        settings.TANDEM_SMS_WEBHOOK_SECRET = SECRET
        yield fake


def spanish(browser: Any, width: int, phone: bool) -> Any:
    # The browser asks for Spanish.
    return new_page(browser, {"width": width, "height": 812}, phone=phone, locale="es-ES")


def check(page: Any, step: str, phone: bool = True) -> None:
    folder = os.environ.get("TANDEM_SHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{step}.png"), full_page=True)
    assert fits_the_screen(page), step
    assert page.evaluate(TOO_WIDE) == [], step
    if phone:
        assert page.evaluate(SMALL_TARGETS) == [], step
    assert serious_violations(page) == [], step


def said(page: Any) -> str:
    return str(page.locator("main").inner_text())


def test_a_spanish_speaking_client_turns_on_texts_on_a_phone(
    live_server: Any, people: Any, browser: Any, gateway: FakeGateway
) -> None:
    page = spanish(browser, 375, phone=True)
    try:
        sign_in_by_fields(page, live_server.url, "client@harbour.test")
        page.goto(live_server.url + "/portal/settings/")
        assert "Los recordatorios te llegan por correo electrónico." in said(page)
        page.get_by_role("link", name="Recordatorios por SMS").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", name="Mensajes de texto").is_visible()
        check(page, "texts-es-number")

        page.get_by_label("Tu número de móvil").fill("no lo sé")
        page.get_by_role("button", name="Envíame un código por SMS").click()
        page.wait_for_load_state()
        assert "Eso no parece un número de teléfono." in said(page)
        check(page, "texts-es-not-a-number")

        page.get_by_label("Tu número de móvil").fill("07911 123456")
        page.get_by_role("button", name="Envíame un código por SMS").click()
        page.wait_for_load_state()
        assert "Te hemos enviado un código por SMS al +44 7911 123456." in said(page)
        check(page, "texts-es-code")
        # The client has chosen no language: the code they asked for on a Spanish page is in
        # Spanish, and so is the new one they ask for.
        assert gateway.sent[-1]["body"].startswith("Tandem: código")
        page.get_by_role("button", name="Enviarme un código nuevo").click()
        page.wait_for_load_state()
        assert "Te hemos enviado un código nuevo por SMS." in said(page)
        body = gateway.sent[-1]["body"]
        code = re.fullmatch(
            r"Tandem: código (\d{6}), válido 10 minutos\. Si no lo pediste, ignóralo\.", body
        ).group(1)

        page.get_by_label("El código que te enviamos por SMS").fill("1234567")
        page.get_by_role("button", name="Confirmar mi número").click()
        page.wait_for_load_state()
        assert "Ese no es el código que enviamos." in said(page)
        check(page, "texts-es-wrong-code")

        page.get_by_label("El código que te enviamos por SMS").fill(code)
        page.get_by_role("button", name="Confirmar mi número").click()
        page.wait_for_load_state()
        assert "Tu número está confirmado." in said(page)
        check(page, "texts-es-confirmed")

        page.get_by_label("Por SMS", exact=True).check()
        page.get_by_role("button", name="Guardar mi elección").click()
        page.wait_for_load_state()
        assert "Se ha guardado tu elección." in said(page)
        assert TextNumber.objects.get(client=people.client).reminders_by == TextNumber.TEXT
    finally:
        page.context.close()


def some_texts(people: Any) -> None:
    for status in (TextMessage.DELIVERED, TextMessage.DELIVERED, TextMessage.FAILED):
        TextMessage.objects.create(
            practice=people.practice,
            client=people.client,
            purpose=TextMessage.REMINDER,
            to="+447911123456",
            status=status,
        )


@pytest.mark.parametrize("width", [375, 1280])
def test_the_admin_reads_the_text_and_reminder_settings_in_spanish(
    live_server: Any, people: Any, browser: Any, width: int
) -> None:
    some_texts(people)
    phone = width < 600
    page = spanish(browser, width, phone=phone)
    try:
        sign_in_by_fields(page, live_server.url, "admin@harbour.test")
        page.goto(live_server.url + "/practice/texts/")
        assert page.get_by_role("heading", name="Mensajes de texto").is_visible()
        assert page.get_by_role("heading", name="SMS de los últimos 30 días").is_visible()
        check(page, f"practice-texts-es-{width}", phone)
        page.get_by_label("Las horas de silencio empiezan a las").fill("")
        page.get_by_role("button", name="Guardar").click()
        page.wait_for_load_state()
        assert "Indica a qué hora empiezan las horas de silencio" in said(page)
        check(page, f"practice-texts-es-{width}-mistake", phone)

        page.goto(live_server.url + "/practice/reminders/")
        assert page.get_by_role("heading", name="Recordatorios").is_visible()
        check(page, f"practice-reminders-es-{width}", phone)
        page.get_by_label("Después, cada … días").fill("45")
        page.get_by_role("button", name="Guardar").click()
        page.wait_for_load_state()
        assert "Elige un número entero de días entre 1 y 30." in said(page)
        check(page, f"practice-reminders-es-{width}-mistake", phone)
    finally:
        page.context.close()
