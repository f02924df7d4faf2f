"""A therapist's browser with Ada's session handed over, and answers that fit any instrument."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.measures import registry
from tandem.room.state import HANDOVER

PASSWORD = "a-long-test-password"


def answers_for(instrument_id: str, **chosen: str) -> dict[str, str]:
    """The lowest answer to every question (a 0 on PHQ-9 item 9 raises nothing); ``chosen``
    overrides some."""
    instrument = registry.get(instrument_id)
    assert instrument is not None
    answers = {}
    for item in instrument.items:
        if item.kind == "text" or item.asked_if is not None:
            continue
        if item.kind == "boolean":
            answers[item.id] = "0"
        elif item.kind == "choice":
            answers[item.id] = str(item.options[0].value)
        else:
            answers[item.id] = str(item.min or 0)
    return answers | chosen


def hand_over(browser: Any, people: Any) -> Any:
    response = browser.post(f"/sessions/{people.session.pk}/hand-over/")
    assert response.status_code == 302 and response.url == "/room/", response
    return response


def due_now(browser: Any) -> str:
    """The instrument the room shows next (from the form's address)."""
    page = browser.get("/room/")
    text = page.content.decode()
    marker = 'action="/room/answer/'
    assert marker in text, text
    return text.split(marker, 1)[1].split("/", 1)[0]


@pytest.fixture
def handed(client: Any, people: Any) -> Any:
    """The therapist's signed-in browser, with session 1 handed to Ada."""
    client.force_login(people.therapist)
    hand_over(client, people)
    assert HANDOVER in client.session
    return client
