"""The practice report and a client's progress report in Spanish, read by a browser that asks for
Spanish, on a 375 px phone and a 1280 px desktop: Spanish headings, a decimal comma, nothing
sideways on the phone, no serious accessibility violation. With --screenshots the pages are
written to docs/screenshots/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tandem.reports.tests.conftest import add_scores, partnership
from tandem.reports.tests.test_practice_report import _episodes
from tests.browser.conftest import new_page, sign_in_by_fields
from tests.browser.demo_server import fits_the_screen, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SIZES = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 860}}


@pytest.fixture(params=sorted(SIZES))
def spanish_page(request: Any, browser: Any) -> Any:
    page = new_page(browser, SIZES[request.param], phone=request.param == "phone", locale="es-ES")
    page.size_name = request.param
    yield page
    page.context.close()


def _shoot(request: Any, page: Any, name: str) -> None:
    if request.config.getoption("--screenshots"):
        SHOTS.mkdir(exist_ok=True)
        path = SHOTS / f"{name}-{page.size_name}-es.png"
        page.screenshot(path=str(path), full_page=True)


def test_the_practice_report_reads_in_spanish(
    live_server: Any, people: Any, spanish_page: Any, request: Any
) -> None:
    _episodes(people, people.therapist, 12, withdrew=3)
    _episodes(people, people.colleague, 11)
    page = spanish_page
    sign_in_by_fields(page, live_server.url, "admin@harbour.test")
    page.goto(f"{live_server.url}/reports/practice/")
    assert page.get_by_role("heading", name="Informe del centro").is_visible()
    assert page.get_by_role("heading", name="Resultados del centro").is_visible()
    assert page.get_by_role("heading", name="Comparar a los terapeutas con justicia").is_visible()
    # The therapists' change against expected: a decimal comma.
    cell = page.locator(".stat-table td.num").filter(has_text=" (de ").first.inner_text()
    assert "," in cell and "." not in cell, cell
    assert fits_the_screen(page)
    # A chart's words stay inside its drawing: a longer Spanish axis label and reference label
    # once ran off its sides on a phone, where the chart is scaled down to the screen.
    outside = page.evaluate(_TEXT_OUTSIDE_ITS_CHART)
    assert outside == [], outside
    assert serious_violations(page) == []
    _shoot(request, page, "practice-report")


_TEXT_OUTSIDE_ITS_CHART = """() => [...document.querySelectorAll('main svg text')].filter(t => {
    const box = t.getBoundingClientRect(), svg = t.ownerSVGElement.getBoundingClientRect();
    return box.width && /[a-zá-ú]/i.test(t.textContent)
        && (box.left < svg.left - 1 || box.right > svg.right + 1);
}).map(t => t.textContent)"""


def test_the_progress_report_reads_in_spanish(
    live_server: Any, people: Any, spanish_page: Any, request: Any
) -> None:
    add_scores(
        people.episode,
        {
            "phq9": [18, 15.5, 11, 9, 8],
            "gad7": [14, 12, 9, 7, 6],
            "partnership": [partnership(7.5)] * 5,
        },
        respondent=people.client_user,
    )
    page = spanish_page
    sign_in_by_fields(page, live_server.url, "therapist@harbour.test")
    page.goto(f"{live_server.url}/reports/episodes/{people.episode.pk}/")
    assert page.get_by_role("heading", name="Resumen").is_visible()
    assert page.get_by_text(
        "El PHQ-9 pasó de 18 en la sesión 1 a 8 en la sesión 5"
    ).first.is_visible()
    assert page.get_by_role("link", name="Descargar PDF").is_visible()
    assert fits_the_screen(page)
    assert serious_violations(page) == []
    _shoot(request, page, "progress-report")
