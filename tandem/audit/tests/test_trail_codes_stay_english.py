"""The audit trail is the same whatever language its people read Tandem in: an action's code,
its outcome and its details are English codes and data, never the page's words (docs/i18n.md);
only what a page says about an event is translated, when it is shown."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from django.test import Client

from tandem.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _steps(people: Any, person: Any, client: Any, language: str) -> list[tuple[str, str, str]]:
    """Sign in, read a client's page, choose a language, record a session on a date the
    episode refuses and then on one it takes, sign out: what the trail kept of it."""
    browser = Client(headers={"accept-language": language})
    first = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    browser.post("/accounts/login/", {"username": person.email, "password": "a-long-test-password"})
    episode = client.episodes.get()
    browser.get(f"/clients/{client.pk}/")
    browser.post("/accounts/language/", {"language": language})
    refused = browser.post(
        f"/episodes/{episode.pk}/sessions/new/", {"date": "2000-01-01", "attendance": "attended"}
    )
    assert refused.status_code == 400
    browser.post(
        f"/episodes/{episode.pk}/sessions/new/",
        {"date": date.today().isoformat(), "attendance": "attended"},
    )
    browser.post("/accounts/logout/")
    events = AuditEvent.objects.filter(id__gt=first).order_by("id")
    # Ids, names and times are the people's own: the rest must not depend on the language.
    scrub = re.compile(r"\d+|" + re.escape(person.email) + "|" + re.escape(person.name))
    return [
        (e.action, e.outcome, scrub.sub("·", json.dumps(e.detail, sort_keys=True))) for e in events
    ]


def test_a_spanish_reader_leaves_the_same_trail_as_an_english_one(people: Any) -> None:
    people.episode.started_on = date(2025, 1, 6)
    people.episode.save(update_fields=["started_on"])
    ben = people.other_client
    ben.episodes.update(started_on=date(2025, 1, 6))
    spanish = _steps(people, people.therapist, people.client, "es")
    english = _steps(people, people.colleague, ben, "en-gb")
    assert [action for action, _, _ in spanish] == [action for action, _, _ in english]
    assert "account.language" in [action for action, _, _ in spanish]
    for (action, outcome, detail), theirs in zip(spanish, english, strict=True):
        assert re.fullmatch(r"[a-z_0-9]+(\.[a-z_0-9]+)*", action), action
        assert (outcome, detail.replace('"es"', '"·"')) == (
            theirs[1],
            theirs[2].replace('"en-gb"', '"·"'),
        ), action
