"""The clinician's scripts speak the page's language: what they write or reveal is in Spanish for
a therapist whose browser asks for it (docs/i18n.md, "JavaScript"). The caseload's count as the
filter narrows it (a live region a screen reader announces) and its keys hint, the transcript's
"this page refreshes by itself" note, and the screen a handed-over device locks itself to."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import new_page, sign_in_by_fields

pytestmark = pytest.mark.django_db(transaction=True)

TRANSCRIPT = "T: What brings you here today?\nC: I would like to sleep better.\n"


@pytest.fixture
def spanish(browser: Any) -> Iterator[Any]:
    page = new_page(
        browser,
        {"width": 375, "height": 800},
        phone=True,
        locale="es-ES",
        extra_http_headers={"Accept-Language": "es-ES,es;q=0.9"},
    )
    yield page
    page.context.close()


def test_the_caseloads_count_and_keys_hint_are_in_spanish(
    live_server: Any, people: Any, spanish: Any
) -> None:
    from tandem.care.models import Client, Episode

    for name in ("Bea R.", "Carlos M."):
        other = Client.objects.create(
            practice=people.practice, display_name=name, therapist=people.therapist
        )
        Episode.objects.create(client=other, therapist=people.therapist, number=1)
    sign_in_by_fields(spanish, live_server.url, "therapist@harbour.test", button="Entrar")
    spanish.goto(f"{live_server.url}/caseload/")
    count = spanish.locator("#caseload-count")
    expect(count).to_have_text("3 de 3 a la vista")
    assert count.get_attribute("aria-live") == "polite"
    spanish.get_by_label("Buscar un cliente").fill("carl")
    expect(count).to_have_text("1 de 3 a la vista")
    expect(spanish.locator(".keys-hint")).to_contain_text("Teclas: ↑ y ↓")
    assert "shown" not in count.inner_text()


def test_the_transcripts_waiting_note_is_in_spanish(
    live_server: Any, people: Any, spanish: Any, settings: Any
) -> None:
    # Queued in the database, as in production, so the page has something to wait for.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    sign_in_by_fields(spanish, live_server.url, "therapist@harbour.test", button="Entrar")
    spanish.goto(f"{live_server.url}/sessions/{people.session.pk}/")
    spanish.locator("textarea").first.fill(TRANSCRIPT)
    spanish.get_by_role("button", name="Analizar").click()
    spanish.wait_for_load_state("domcontentloaded")
    expect(spanish.get_by_text("Analizando…")).to_be_visible()
    # Shown by the script only: the promise that the page refreshes by itself, in Spanish.
    expect(
        spanish.get_by_text("Esta página se actualiza sola cuando el análisis está listo.")
    ).to_be_visible()


def test_a_handed_over_device_locks_itself_to_a_spanish_screen(
    live_server: Any, people: Any, spanish: Any
) -> None:
    from tandem.room.models import Handover

    # The locked screen speaks to the client, in their language; the unlock form is the
    # therapist's. Both Spanish here.
    people.client_user.language = "es"
    people.client_user.save(update_fields=["language"])
    sign_in_by_fields(spanish, live_server.url, "therapist@harbour.test", button="Entrar")
    spanish.goto(f"{live_server.url}/sessions/{people.session.pk}/")
    spanish.get_by_role("button", name="Dárselo al cliente").click()
    spanish.wait_for_load_state("domcontentloaded")
    # A practice's idle time is minutes; a few seconds here, so the test need not wait them.
    Handover.objects.update(idle_seconds=3)
    spanish.reload()
    # Nobody touches it: the page's own timer shows the locked screen.
    expect(
        spanish.get_by_role("heading", name="Devuelve este dispositivo a tu terapeuta, por favor")
    ).to_be_visible(timeout=10_000)
    expect(spanish.get_by_role("button", name="Desbloquear")).to_be_visible()
    assert Handover.objects.get().lock_reason == "idle"
