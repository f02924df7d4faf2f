"""Every address that shows a person a page is in the untranslated-string check (pages.py): a new
page cannot be left out of it unnoticed. An address that shows no page of its own (it only acts
and goes back, answers a program, or sends a file) is listed below with the reason."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from tests.i18n.pages import PAGES, Scene

pytestmark = pytest.mark.django_db

# Whole areas read by programs or operators, in English by design (docs/i18n.md, "Django's own
# words, the API, and values for programs").
NOT_PAGES_UNDER = {
    "api/v1/": "the JSON API and its reference stay English for the programs that read them",
    "django-admin/": "Django's own admin, for operators; Django brings its own translations",
}

# Addresses that show no page of their own. A refusal or mistake there comes back as a message on
# the page it returns to, or as an error page, which the check covers.
NOT_PAGES = {
    "healthz": "a health check for the load balancer (JSON)",
    "readyz": "a readiness check for the load balancer (JSON)",
    "logout": "signs out and goes to the sign-in page",
    "account_language": "saves the language chosen and goes back",
    "practice_invitation_resend": "sends the invitation again and goes back",
    "practice_invitation_withdraw": "withdraws the invitation and goes back",
    "practice_assign": "moves the client and goes back",
    "portal_practice_plan_moved": "the practice plan's old address: sends the browser on",
    "portal_pause": "pauses or resumes reminders and goes back",
    "portal_my_record": "the client's record as a JSON file",
    "room_still_here": "the handed-over page's tap, answered with a status only",
    "room_lock": "locks the handed-over device and goes to the locked page",
    "sms_status": "the text gateway's delivery reports (JSON)",
    "sms_reply": "the text gateway's replies such as STOP (JSON)",
    "client_record_download": "the client's record as a JSON file",
    "new_episode": "opens an episode and goes back to the client's page",
    "pause_episode": "pauses the episode and goes back",
    "resume_episode": "resumes the episode and goes back",
    "plan_active": "finishes or reopens a practice plan and goes back",
    "room_hand_over": "starts a hand-over and goes to the room",
    "withdraw_link": "withdraws a link and goes back",
    "progress_report_pdf": "a PDF file (its Spanish is checked by the reports' own tests)",
    "returning_acknowledge": "marks a request seen and goes back",
    "returning_close": "closes a request and goes back",
    "api_token_revoke": "revokes a token and goes back",
}


def addresses() -> dict[str, str]:
    """Every address Tandem answers, as {view name: route}."""
    found: dict[str, str] = {}

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.setdefault(namespace + pattern.name, route)

    walk(get_resolver("tandem.urls").url_patterns, "", "")
    return found


def pages_checked(people: Any) -> set[str]:
    """The view name of each page in PAGES. A page's address may prepare what it needs (end an
    episode, send a text); each is undone before the next, as each test of the check starts
    afresh."""

    class Undo(Exception):
        pass

    checked: set[str] = set()
    for page in PAGES:
        path = ""
        try:
            with transaction.atomic():
                browser = Client()
                if page.who:
                    browser.force_login(getattr(people, page.who))
                path = page.path(Scene(people, browser))
                raise Undo
        except Undo:
            pass
        for field in fields(people):
            getattr(people, field.name).refresh_from_db()
        try:
            checked.add(resolve(path.split("?")[0], urlconf="tests.i18n.urls").view_name)
        except Resolver404:
            continue  # the 404 page's own entry
    return checked


def test_every_page_is_in_the_check(people: Any) -> None:
    pages = {
        name: route
        for name, route in addresses().items()
        if not route.startswith(tuple(NOT_PAGES_UNDER)) and name not in NOT_PAGES
    }
    checked = pages_checked(people)
    missing = sorted(f"/{route} ({name})" for name, route in pages.items() if name not in checked)
    assert not missing, (
        "These addresses show a page but are not in the untranslated-string check: add each to "
        "tests/i18n/pages.py (docs/i18n.md, 'How the check works'), or, if it shows no page of "
        "its own, to NOT_PAGES here with the reason:\n  " + "\n  ".join(missing)
    )


def test_every_address_said_to_show_no_page_still_exists() -> None:
    # A renamed or removed address must leave this list too, so that its reason is not kept for
    # an address that may since show a page.
    assert not set(NOT_PAGES) - set(addresses())
