"""The client's home page before anything has happened: nothing to thank them for yet."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_before_the_first_session_nothing_is_due_yet(client: Any, people: Any) -> None:
    people.session.delete()
    client.force_login(people.client_user)
    html = client.get("/portal/").content.decode()
    assert "Nothing is due yet. After each session" in html
    assert "Thank you" not in html
