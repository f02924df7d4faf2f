"""Every page in tests/i18n/pages.py, shown in the pseudo-language, has no English left on it
but data (docs/i18n.md, "How the check works")."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from tests.i18n.check import english_left, visible_lines
from tests.i18n.pages import PAGES, Page, Scene

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pages(settings: Any, pseudo_languages: None) -> None:
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.i18n.urls"


def known_data() -> set[str]:
    """Every string the database holds that a person typed or Tandem stored as data (names,
    email addresses, a practice's words), so that a page may show it as it is. Fields with
    choices are left out: their stored values are codes, not what a page says."""
    found: set[str] = set()
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            found.update(v for v in row if isinstance(v, str) and len(v) > 1)
    return found | instrument_words()


def instrument_words() -> set[str]:
    """Every string of every instrument file (titles, labels such as "PHQ-9", questions, answers,
    licences): instrument content is data, in the instrument's own words or its translation's
    (docs/i18n.md), never a message of the catalogues."""
    from pydantic import BaseModel

    from tandem.measures import registry

    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            if len(value) > 1:
                found.add(value)
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)
        elif isinstance(value, list | tuple | set | frozenset):
            for item in value:
                walk(item)

    for instrument in registry.registry().values():
        walk(instrument)
    return found


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_the_page_has_no_english_left(page: Page, people: Any, settings: Any) -> None:
    browser = Client(headers={"accept-language": "en-xa"}, raise_request_exception=False)
    if page.who:
        browser.force_login(getattr(people, page.who))
    scene = Scene(people, browser)
    path = page.path(scene)
    form = page.form(scene)
    response = browser.post(path, form) if form is not None else browser.get(path)
    assert response.status_code == page.status, (path, response.status_code)
    html = response.content.decode()
    assert '<html lang="en-xa" dir="ltr">' in html
    sent = set(form.values()) if form else set()
    if page.made:
        sent.update(re.findall(page.made, html))
    # Each language is offered in its own name ("English", "Español"), whatever the page's.
    languages = {str(name) for _, name in settings.LANGUAGES}
    left = english_left(html, known_data() | sent | languages)
    assert not left, (
        f"{page.name} ({path}) shows English that is not marked for translation, or is marked "
        "but not yet in the .po files (run `make messages`):\n  " + "\n  ".join(left)
    )


def test_the_check_finds_english() -> None:
    # The check itself: plain English is found, pseudo-language text and data are not.
    html = (
        "<html><head><title>[Šîĝñ îñ] · Tandem</title><style>body{color:red}</style></head>"
        '<body><a class="brand">Tan<span>dem</span></a><p>[Ŵéļçöɱé, Ada L.]</p>'
        '<input type="submit" value="Send"><img alt="A chart"><script>var x="English";</script>'
        '<p>Sign in</p><button data-words="Copied" data-words-count="[{shown} öƒ {total}]">'
        "[Çöþý]</button></body></html>"
    )
    assert english_left(html, {"Ada L."}) == ["Send", "A chart", "Sign in", "Copied"]
    assert "var" not in " ".join(visible_lines(html))
