"""A client of an English-speaking practice, on an English phone, chooses Spanish in their portal
settings: they come back to the settings in Spanish, the portal stays Spanish, and a personal link
opened later on an English browser (phone and desktop) is in Spanish too, saying which
questionnaires Tandem has no Spanish for."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.links.actions import create_link
from tests.browser.demo_server import fits_the_screen, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

NOT_IN_SPANISH = "Este cuestionario no está disponible en español; se muestra en inglés."


def _english(browser: Any, width: int, height: int) -> Any:
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="en-GB",  # the browser asks for English
        is_mobile=width < 500,
        has_touch=width < 500,
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


def test_a_client_chooses_spanish_and_a_link_follows_the_choice(
    live_server: Any, people: Any, browser: Any
) -> None:
    page = _english(browser, 375, 812)
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill("client@harbour.test")
    page.locator("input[name=password]").fill("a-long-test-password")
    page.locator("button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")

    page.goto(f"{live_server.url}/portal/settings/")
    assert page.get_by_role("heading", name="Your choices").is_visible()
    page.get_by_label("Tandem speaks to me in").select_option("es")
    page.get_by_role("button", name="Save the language").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.url == f"{live_server.url}/portal/settings/"
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", name="Tus decisiones").is_visible()
    assert page.get_by_text("Tandem ya te habla en este idioma.").is_visible()
    assert page.get_by_label("Tandem me habla en").input_value() == "es"
    assert fits_the_screen(page)
    assert serious_violations(page) == []

    page.goto(f"{live_server.url}/portal/")
    assert page.get_by_role("heading", name="Pendiente ahora").is_visible()
    assert page.get_by_text(NOT_IN_SPANISH).first.is_visible()
    assert fits_the_screen(page)
    page.context.close()

    made = create_link(people.therapist, people.session, via="therapist")
    link = "/l/" + made.url.rstrip("/").rsplit("/", 1)[-1] + "/"
    for width, height in ((375, 812), (1280, 860)):
        holder = _english(browser, width, height)
        holder.goto(f"{live_server.url}{link}")
        assert holder.locator("html").get_attribute("lang") == "es"
        assert holder.get_by_role("heading", name="Tus cuestionarios").is_visible()
        notes = holder.locator(".language-note")
        assert notes.count() == 2 and notes.first.inner_text() == NOT_IN_SPANISH
        assert fits_the_screen(holder)
        assert serious_violations(holder) == []
        holder.goto(f"{live_server.url}{link}phq9/")
        assert holder.locator("#language-note").inner_text() == NOT_IN_SPANISH
        assert holder.get_by_role("button", name="Enviar").is_visible()
        assert fits_the_screen(holder)
        holder.context.close()
