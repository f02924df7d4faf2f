"""The practice admin's pages in Spanish on a 375 px phone and a 1280 px desk: inviting a colleague
(the link to copy on a server with no mail, its button saying «Copiado» in the page's language),
sending it again and withdrawing it, requiring two-factor sign-in after its question, moving a
client, erasing with the wrong name, the language and API token pages; and a therapist's client
page with an escalated risk alert. Nothing may be wider than the screen: measured against the
page's own width (clientWidth), since a phone's window grows to fit what sticks out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import new_page, sign_in_by_fields

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = {"phone": {"width": 375, "height": 812}, "desk": {"width": 1280, "height": 860}}


@pytest.fixture(params=sorted(SIZES))
def spanish(browser: Any, request: Any) -> Iterator[Any]:
    page = new_page(
        browser,
        SIZES[request.param],
        phone=request.param == "phone",
        locale="es-ES",
        extra_http_headers={"Accept-Language": "es-ES,es;q=0.9"},
    )
    yield page
    page.context.close()


def _sticking_out(page: Any) -> list[str]:
    """What runs past the page's right edge (a table scrolls in its own box, so it is left out)."""
    return list(
        page.evaluate(
            """() => {
                const edge = document.documentElement.clientWidth + 1;
                const wide = document.documentElement.scrollWidth > edge ? ['the page'] : [];
                return wide.concat([...document.querySelectorAll('main *')]
                    .filter(e => e.getBoundingClientRect().right > edge)
                    .filter(e => !e.closest('.table-wrap'))
                    .slice(0, 5).map(e => e.tagName + ' ' + (e.innerText || '').slice(0, 40)));
            }"""
        )
    )


def _messages(page: Any) -> str:
    return " ".join(page.locator(".messages li").all_inner_texts())


def _submit(page: Any, button: Any) -> None:
    button.click()
    page.wait_for_load_state("domcontentloaded")


def test_the_practice_admins_pages_in_spanish(
    live_server: Any, people: Any, spanish: Any, settings: Any
) -> None:
    # No mail server: the link is shown to pass on, with its copy button.
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    page, url = spanish, live_server.url
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
    sign_in_by_fields(page, url, "admin@harbour.test", button="Entrar")

    page.goto(f"{url}/practice/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", name="Personas").is_visible()
    invite = page.locator("form[action$='/invite/']")
    _submit(page, invite.get_by_role("button", name="Enviar la invitación"))
    assert _messages(page).startswith("La invitación no se envió. Nombre:")
    assert _sticking_out(page) == []

    invite = page.locator("form[action$='/invite/']")
    invite.get_by_label("Nombre").fill("Lucía Pérez")
    invite.get_by_label("Correo electrónico").fill("lucia@harbour.test")
    invite.get_by_label("Terapeuta").check()
    _submit(page, invite.get_by_role("button", name="Enviar la invitación"))
    assert "Se ha creado la invitación para lucia@harbour.test." in _messages(page)
    copy = page.locator("button[data-copy-from]")
    expect(copy).to_have_text("Copiar el enlace")
    copy.click()
    expect(copy).to_have_text("Copiado")
    link = page.get_by_label("Enlace de invitación").input_value()
    assert page.evaluate("navigator.clipboard.readText()") == link
    assert page.get_by_role("heading", name="Invitaciones pendientes de aceptar").is_visible()
    assert _sticking_out(page) == []

    _submit(page, page.get_by_role("button", name="Volver a enviar a lucia@harbour.test"))
    assert page.get_by_label("Enlace de invitación").input_value() != link
    _submit(page, page.get_by_role("button", name="Retirar la invitación para lucia@harbour.test"))
    assert _messages(page) == (
        "Has retirado la invitación para lucia@harbour.test; su enlace ya no funciona."
    )

    _submit(page, page.get_by_role("button", name="Exigirlo a todo el equipo…"))
    assert page.get_by_role("heading", level=1).inner_text() == (
        "¿Exigir el acceso en dos pasos a todo el equipo?"
    )
    assert _sticking_out(page) == []
    _submit(page, page.get_by_role("button", name="Sí, exigirlo"))
    assert _messages(page).startswith("Ahora el equipo tiene que usar el acceso en dos pasos.")

    page.get_by_role("link", name="Clientes y terapeutas").click()
    page.wait_for_load_state("domcontentloaded")
    assert _sticking_out(page) == []
    page.get_by_role("link", name="Gestionar Ada L.").click()
    page.wait_for_load_state("domcontentloaded")
    page.get_by_label("Terapeuta").select_option(label="Colleague")
    _submit(page, page.get_by_role("button", name="Cambiar el terapeuta de Ada L."))
    assert _messages(page) == "Ahora Ada\u00a0L. está con Colleague."
    assert _sticking_out(page) == []

    page.get_by_role("link", name="Exportar o borrar").click()
    page.wait_for_load_state("domcontentloaded")
    page.get_by_label("Escribe Ada L. para confirmar").fill("Ada")
    _submit(page, page.get_by_role("button", name="Borrar los datos de Ada L."))
    assert (
        page.get_by_role("alert")
        .inner_text()
        .endswith("Escribe el nombre del cliente tal como aparece para confirmar.")
    )
    assert _sticking_out(page) == []

    for address, heading in (
        ("/practice/language/", "El idioma del centro"),
        ("/settings/tokens/", "Tokens de la API"),
    ):
        page.goto(f"{url}{address}")
        assert page.get_by_role("heading", level=1).inner_text() == heading
        assert _sticking_out(page) == []


def test_a_client_page_with_an_escalated_risk_alert_fits(
    live_server: Any, people: Any, spanish: Any
) -> None:
    from django.utils import timezone

    from tandem.measures.actions import submit_response
    from tandem.safety.models import RiskAlert

    answers = {f"q{i}": 1 for i in range(1, 10)} | {"q9": 2}
    submit_response(people.client_user, people.episode, "phq9", answers, session=people.session)
    RiskAlert.objects.update(escalated_at=timezone.now())
    sign_in_by_fields(spanish, live_server.url, "therapist@harbour.test", button="Entrar")
    spanish.goto(f"{live_server.url}/clients/{people.client.pk}/")
    expect(spanish.locator(".risk .badge")).to_contain_text("Comunicada al supervisor")
    assert _sticking_out(spanish) == []
