"""Every id a page points at exists on that page (issue 17.13).

A label's ``for``, and ``aria-describedby`` / ``aria-labelledby``, name elements by id. When the
id is missing a screen reader reads nothing: the help text under a field is never heard, an input
has no name. Django 5.2 points a field's ``aria-describedby`` at ``<id>_helptext`` and
``<id>_error``, so our field templates must give those ids to the help text and the errors.

The test signs in as each role of the demo practice, starts from the role's menu and the main
detail pages, follows the links it finds (a couple of pages per route, so the whole site is seen
without reading every client's every session), and parses each page.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client as WebClient
from django.test.utils import override_settings
from django.urls import Resolver404, resolve, reverse

from tandem.accounts.actions import invite_person
from tandem.accounts.models import User
from tandem.care.models import Client, Episode, Session
from tandem.demo import seed

pytestmark = pytest.mark.django_db

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
REFERENCES = ("for", "aria-describedby", "aria-labelledby")
# Downloads, sign-out and the API are not pages a person reads.
SKIP_PREFIXES = ("/static/", "/api/", "/django-admin/", "/accounts/logout/")
SKIP_ROUTES = {"client_record_download", "portal_my_record", "progress_report_pdf"}
PAGES_PER_ROUTE = 2


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The demo practice, seeded once for this module and rolled back at its end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHER):
                seed()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


class IdParser(HTMLParser):
    """The ids a page has, and every reference to an id it makes."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()
        self.references: list[tuple[str, str, str]] = []  # (tag, attribute, id)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if values.get("id"):
            self.ids[values["id"]] += 1
        for name in REFERENCES:
            if name in values:
                for ref in values[name].split() or [""]:
                    self.references.append((tag, name, ref))
        if tag == "a" and values.get("href") and "download" not in values:
            self.links.append(values["href"])

    handle_startendtag = handle_starttag


def problems_on(html: str) -> tuple[list[str], list[str]]:
    parser = IdParser()
    parser.feed(html)
    found = [
        f'<{tag} {name}="{ref}"> names no element on the page'
        for tag, name, ref in parser.references
        if ref not in parser.ids
    ]
    found += [f'id="{id}" is used {n} times' for id, n in parser.ids.items() if n > 1]
    return found, parser.links


def route_of(path: str) -> str | None:
    if path.startswith(SKIP_PREFIXES):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return None if match.url_name in SKIP_ROUTES else match.route


def walk(web: WebClient, start: list[str]) -> tuple[dict[str, list[str]], int]:
    """Problems per page, following links from the start pages; and how many pages were read."""
    queue = deque(start)
    seen: set[str] = set()
    per_route: Counter[str] = Counter()
    problems: dict[str, list[str]] = {}
    pages = 0
    while queue:
        url = queue.popleft()
        parts = urlsplit(url)
        if parts.netloc and parts.netloc != "testserver":
            continue
        url = parts.path + (f"?{parts.query}" if parts.query else "")
        route = route_of(parts.path)
        if url in seen or route is None:
            continue
        seen.add(url)
        key = route + "?" + ",".join(sorted(q.split("=")[0] for q in parts.query.split("&") if q))
        if per_route[key] >= PAGES_PER_ROUTE and url not in start:
            continue
        per_route[key] += 1
        response = web.get(url)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            # A start page that cannot be read means this list has gone stale.
            assert url not in start, f"{url} answered {response.status_code}"
            continue
        pages += 1
        found, links = problems_on(response.content.decode())
        if found:
            problems[url] = found
        queue.extend(links)
    return problems, pages


def detail_pages(email: str) -> list[str]:
    """The main pages a role opens that its menu may not link to directly."""
    user = User.objects.get(email=email)
    if user.is_client:
        urls = [
            reverse(name)
            for name in (
                "portal_home",
                "portal_progress",
                "portal_practice_plan",
                "portal_settings",
                "portal_support",
                "portal_safety_plan",
                "portal_who_viewed",
                "signed_in_sessions",
                "password_change",
            )
        ]
        # Their questionnaires, their goals and practice-log forms are linked from these pages.
        return urls
    urls = [reverse("signed_in_sessions"), reverse("password_change"), reverse("api_tokens")]
    if user.is_practice_admin:
        # An invitation not yet accepted, so that the list of them is on the page.
        invite_person(user, user.practice, "new-colleague@example.org", "therapist")
        urls += [
            reverse(name)
            for name in (
                "practice_people",
                "practice_clients",
                "practice_schedules",
                "practice_safety",
                "practice_reminders",
                "practice_risk",
            )
        ]
    if user.is_therapist:
        urls += [reverse("caseload"), reverse("caseload") + "?show=all", reverse("add_client")]
        client = (
            Client.objects.filter(therapist=user, episodes__status=Episode.ACTIVE)
            .order_by("pk")
            .first()
        )
        assert client is not None
        episode = client.episodes.get(status=Episode.ACTIVE)
        session = episode.sessions.order_by("-number").first()
        assert session is not None
        # The forms for a new session, goals, practice plans, a transcript and ending an episode
        # are on the client's and the session's pages (they only take a POST).
        urls += [
            reverse("client_detail", args=[client.pk]),
            reverse("therapist_safety_plan", args=[client.pk]),
            reverse("progress_report", args=[episode.pk]),
            reverse("session_detail", args=[session.pk]),
            reverse("edit_session", args=[session.pk]),
        ]
        # A session with its transcript analysed (the demo has one: Jordan M.'s latest).
        analysed = Session.objects.filter(
            episode__therapist=user, transcript_analyses__status="done"
        ).first()
        assert analysed is not None
        urls.append(reverse("session_detail", args=[analysed.pk]))
    if user.is_supervisor:
        urls += [reverse("supervision"), reverse("practice_report")]
    return urls


@pytest.mark.parametrize(
    "email",
    [
        "admin@example.org",
        "therapist@example.org",
        "supervisor@example.org",
        "client@example.org",
    ],
)
def test_it_finds_every_id_a_page_points_at(email: str) -> None:
    web = WebClient()
    web.force_login(User.objects.get(email=email))
    problems, pages = walk(web, ["/", *detail_pages(email)])
    assert pages >= 8, f"only {pages} pages read for {email}: the walk did not get far"
    assert not problems, "\n".join(f"{url}: {p}" for url, found in problems.items() for p in found)


def test_it_finds_every_id_on_the_pages_before_signing_in() -> None:
    admin = User.objects.get(email="admin@example.org")
    sent = invite_person(admin, admin.practice, "someone-new@example.org", "therapist")
    start = [
        reverse("login"),
        reverse("password_reset"),
        reverse("password_reset_done"),
        reverse("password_reset_confirm", args=["MQ", "set-password"]),
        urlsplit(sent.link).path,
    ]
    problems, pages = walk(WebClient(), start)
    assert pages >= len(start)
    assert not problems, problems


def test_it_notices_a_missing_id() -> None:
    found, _ = problems_on(
        '<label for="id_a">A</label><input id="id_b" aria-describedby="id_b_helptext">'
    )
    assert found == [
        '<label for="id_a"> names no element on the page',
        '<input aria-describedby="id_b_helptext"> names no element on the page',
    ]


def test_a_field_with_errors_points_at_its_help_and_its_errors() -> None:
    from django import forms
    from django.template.loader import render_to_string

    class Form(forms.Form):
        email = forms.EmailField(help_text="Where the invitation goes.")
        role = forms.ChoiceField(
            choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, help_text="Pick one."
        )
        agree = forms.BooleanField(help_text="Tick to agree.")

    form = Form({"email": "not an address"})
    html = "".join(render_to_string("web/field.html", {"field": field}) for field in form)
    found, _ = problems_on(html)
    assert found == []
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'id="id_email_error"' in html
    assert '<fieldset class="field" aria-describedby="id_role_helptext id_role_error">' in html
    assert 'aria-describedby="id_agree_helptext id_agree_error"' in html
