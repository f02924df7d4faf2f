"""The therapist's caseload, a client's page and a session's page with its transcript analysis,
in Spanish on a 375 px phone and a 1280 px desk: Spanish headings, nothing wider than the screen
(Spanish words run longer than English ones). TANDEM_SHOTS=<folder> keeps the screenshots."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import new_page, sign_in_by_fields
from tests.browser.demo_server import PASSWORD, demo_url, fits_the_screen

__all__ = ["demo_url"]

SIZES = {"phone": {"width": 375, "height": 812}, "desk": {"width": 1280, "height": 860}}


@pytest.fixture(params=sorted(SIZES))
def spanish_page(browser: Any, request: Any) -> Iterator[tuple[str, Any]]:
    page = new_page(browser, SIZES[request.param], phone=request.param == "phone", locale="es-ES")
    yield request.param, page
    page.context.close()


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("TANDEM_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _wide(page: Any) -> list[str]:
    """Elements sticking out past the right edge of the screen (what makes a page scroll
    sideways), for the message when it does."""
    return page.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .filter(e => !e.closest('.table-wrap'))
            .slice(0, 5).map(e => e.tagName + ' ' + (e.innerText || '').slice(0, 40))"""
    )


def test_the_caseload_client_and_session_pages_in_spanish(
    demo_url: str, spanish_page: tuple[str, Any]
) -> None:
    size, page = spanish_page
    sign_in_by_fields(page, demo_url, "therapist@example.org", password=PASSWORD)

    page.goto(f"{demo_url}/caseload/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", level=1).inner_text() == "Tus casos"
    assert page.get_by_role("link", name="Añadir un cliente").is_visible()
    assert fits_the_screen(page), _wide(page)
    _shot(page, f"caseload-es-{size}")

    page.get_by_role("link", name="Jordan M.").first.click()
    page.wait_for_load_state("domcontentloaded")
    assert page.get_by_role("heading", name="Objetivos, escritos juntos").is_visible()
    assert page.get_by_role("heading", name="Práctica entre sesiones").is_visible()
    assert fits_the_screen(page), _wide(page)
    _shot(page, f"client-es-{size}")

    # The latest session: the demo's transcript is analysed there, and the client's feedback due.
    page.locator("#sessions tbody tr").last.locator("a").first.click()
    page.wait_for_load_state("domcontentloaded")
    assert page.get_by_role("heading", name="Respuestas", exact=True).is_visible()
    assert page.get_by_role(
        "heading", name="Cómo hablaste con tu cliente: análisis de la transcripción"
    ).is_visible()
    assert page.get_by_role("button", name="Dárselo al cliente").is_visible()
    assert fits_the_screen(page), _wide(page)
    _shot(page, f"session-es-{size}")
