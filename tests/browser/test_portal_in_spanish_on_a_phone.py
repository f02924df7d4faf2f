"""A client whose browser asks for Spanish signs in on a 375 px phone, reads the portal in
Spanish, answers Tandem's own session partnership scale in Spanish, and the stored response says
"es". With --screenshots the Spanish portal's pages are written to docs/screenshots/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tandem.measures.models import Response
from tests.browser.conftest import new_page
from tests.browser.demo_server import fits_the_screen, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def spanish_phone(browser: Any) -> Any:
    # The browser asks for Spanish (Accept-Language: es-ES).
    page = new_page(browser, {"width": 375, "height": 812}, phone=True, locale="es-ES")
    yield page
    page.context.close()


def _shoot(request: Any, page: Any, name: str) -> None:
    if request.config.getoption("--screenshots"):
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}-phone-es.png"), full_page=True)


def test_a_spanish_speaking_client_answers_our_own_scale_in_spanish(
    live_server: Any, people: Any, spanish_phone: Any, request: Any
) -> None:
    page = spanish_phone
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill("client@harbour.test")
    page.locator("input[name=password]").fill("a-long-test-password")
    page.locator("button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")

    page.goto(f"{live_server.url}/portal/")
    assert page.get_by_role("heading", name="Pendiente ahora").is_visible()
    assert page.get_by_text("¿Qué tal tu última sesión?").is_visible()
    assert fits_the_screen(page)
    _shoot(request, page, "portal-home")

    page.get_by_role("link", name="Dar tu opinión").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.get_by_role("heading", name="Colaboración en la sesión").is_visible()
    assert page.get_by_role("group", name="Sentí que me escuchaban y me respetaban.").is_visible()
    assert page.locator("#language-note").count() == 0
    assert fits_the_screen(page)
    assert serious_violations(page) == []
    _shoot(request, page, "portal-questionnaire")

    for item, value in (("heard", 8), ("focus", 7), ("fit", 9), ("together", 6), ("takeaway", 8)):
        page.locator(f"label[for=id_{item}_{value}]").click()
    page.get_by_label("¿Qué haría mejor la próxima sesión?").fill(
        "Más tiempo para hablar del sueño"
    )
    page.get_by_role("button", name="Enviar").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.get_by_text("Gracias. Tus respuestas están guardadas.").is_visible()

    saved = Response.objects.get(session=people.session, instrument_id="partnership")
    assert saved.language == "es"
    assert saved.answers["heard"] == 8
    assert saved.answers["next_time"] == "Más tiempo para hablar del sueño"

    # A validated questionnaire Tandem has no Spanish for: English questions, said in Spanish.
    page.goto(f"{live_server.url}/portal/sessions/{people.session.pk}/phq9/")
    note = page.locator("#language-note")
    assert note.inner_text() == (
        "Este cuestionario no está disponible en español; se muestra en inglés."
    )
    assert page.locator("#instrument-form").get_attribute("lang") == "en"
    assert fits_the_screen(page)
    _shoot(request, page, "portal-phq9-fallback")

    page.goto(f"{live_server.url}/portal/support/")
    assert page.get_by_role("heading", name="Qué hacer ahora").is_visible()
    assert fits_the_screen(page)
    _shoot(request, page, "portal-crisis")
