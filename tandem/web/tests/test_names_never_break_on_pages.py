"""Walked page by page, no person's name on the staff pages or the client's portal has a space a
line may break at beside its initial: a client with a long name ending in an initial and a
therapist whose name starts with one, each shown kept together (tandem.web.words.kept_together)
in every heading, sentence, table, message and label a person reads. The page's <title> (a tab,
not a line) and data (form values, data- attributes, links) keep the name as stored."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client as Browser

from tandem.reports.tests.conftest import add_scores, partnership
from tandem.safety.tests.test_risk_answers import submit
from tandem.web.words import plain_spaces

pytestmark = pytest.mark.django_db

CLIENT = "Gabriela Fernández Castellanos R."
THERAPIST = "R. Okafor"
# The spaces beside an initial, as a page must not show them.
BREAKABLE = ("Castellanos R.", "R. Okafor")
# Attributes read aloud or shown as a tooltip: read by people, so kept together like the text.
READ_ATTRIBUTES = ("aria-label", "alt", "title", "placeholder")
# Not lines a name can wrap in: the tab's title, and a choice in a list (one line, never wrapped).
SKIPPED = ("title", "script", "style", "option")


class _Read(HTMLParser):
    """What a person reads on a page in lines that wrap: its text (not the <title>, a list's
    choices, scripts or styles) and the attributes read aloud."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.read: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self._skip += 1
        self.read += [value for name, value in attrs if name in READ_ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.read.append(data)


def read(html: str) -> list[str]:
    parser = _Read()
    parser.feed(html)
    return parser.read


@pytest.fixture
def named(people: Any, client: Any) -> Any:
    people.client.display_name = CLIENT
    people.client.share_with_supervisor = True
    people.client.save()
    people.therapist.full_name = THERAPIST
    people.therapist.save()
    add_scores(
        people.episode,
        {"phq9": [18, 15, 11], "partnership": [partnership(7.5)] * 3},
        respondent=people.client_user,
    )
    submit(client, people, 2)  # an open risk alert: the alert box on the client's page
    return people


def _walk(people: Any) -> dict[str, str]:
    c, e, s = people.client.pk, people.episode.pk, people.session.pk
    walks = {
        people.therapist: [
            "/caseload/",
            f"/clients/{c}/",
            f"/sessions/{s}/",
            f"/sessions/{s}/respond/reflection/",
            f"/sessions/{s}/enter/gad7/",
            f"/reports/episodes/{e}/",
        ],
        people.supervisor: ["/supervision/", f"/clients/{c}/"],
        people.admin: [
            "/practice/",
            "/practice/clients/",
            f"/practice/clients/{c}/",
            f"/practice/clients/{c}/erase/",
            f"/practice/clients/{c}/audit/",
        ],
        # Last: by now the staff above have opened the record, so the client's trail names them.
        people.client_user: [
            "/portal/",
            "/portal/support/?after=answers",
            "/portal/who-has-seen-my-record/",
        ],
    }
    pages = {}
    for user, urls in walks.items():
        browser = Browser()
        browser.force_login(user)
        for url in urls:
            response = browser.get(url)
            assert response.status_code == 200, url
            pages[f"{user.email} {url}"] = response.content.decode()
    # A message made in Python, shown on the page after a move.
    admin = Browser()
    admin.force_login(people.admin)
    moved = admin.post(
        f"/practice/clients/{c}/assign/", {"therapist": people.therapist.pk}, follow=True
    )
    pages["admin: the message after a move"] = moved.content.decode()
    return pages


def test_no_name_on_any_page_breaks_beside_its_initial(named: Any) -> None:
    broken, nameless = [], []
    for page, html in _walk(named).items():
        texts = read(html)
        if not any(name in plain_spaces(t) for t in texts for name in (CLIENT, THERAPIST)):
            nameless.append(page)
        broken += [f"{page}: {t.strip()[:90]!r}" for t in texts for b in BREAKABLE if b in t]
    assert nameless == []  # each page walked shows a name: the check below has something to read
    assert broken == []
