"""A transcript still being analysed says how the page will show the result, and only what is
true: with JavaScript it refreshes by itself (and no link asks for a refresh); without, a link
reloads it (and nothing promises a refresh that will never come). English and Spanish."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.transcripts.models import TranscriptAnalysis
from tests.browser.conftest import PHONE, new_page, sign_in_by_fields

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = {
    "en-GB": ("This page refreshes by itself when the analysis is ready.", "Refresh the page"),
    "es-ES": ("Esta página se actualiza sola", "Actualiza la página"),
}


def _waiting(people: Any) -> None:
    TranscriptAnalysis.objects.create(
        user=people.therapist,
        session=people.session,
        name="s1.txt",
        format="auto",
        status=TranscriptAnalysis.QUEUED,
    )


def _card(browser: Any, live_server: Any, people: Any, locale: str, script: bool) -> Any:
    page = new_page(browser, PHONE, phone=True, locale=locale, java_script_enabled=script)
    sign_in_by_fields(page, live_server.url, "therapist@harbour.test")
    page.goto(f"{live_server.url}/sessions/{people.session.pk}/")
    return page, page.locator("[data-refresh-seconds]")


@pytest.mark.parametrize("locale", sorted(WORDS))
def test_with_a_script_it_promises_the_refresh_and_asks_for_none(
    live_server: Any, people: Any, browser: Any, locale: str
) -> None:
    _waiting(people)
    page, card = _card(browser, live_server, people, locale, script=True)
    refreshes, refresh_link = WORDS[locale]
    assert card.get_by_text(refreshes).is_visible()
    assert not card.get_by_role("link", name=refresh_link).is_visible()
    # Hidden from a screen reader too, not only from the eye.
    assert card.get_by_role("link", name=refresh_link).count() == 0
    page.context.close()


@pytest.mark.parametrize("locale", sorted(WORDS))
def test_without_a_script_it_offers_the_link_and_promises_nothing(
    live_server: Any, people: Any, browser: Any, locale: str
) -> None:
    _waiting(people)
    page, card = _card(browser, live_server, people, locale, script=False)
    refreshes, refresh_link = WORDS[locale]
    assert card.get_by_role("link", name=refresh_link).is_visible()
    assert not card.get_by_text(refreshes).is_visible()
    assert card.get_by_text(refreshes).count() == 0 or card.get_by_text(refreshes).is_hidden()
    page.context.close()
