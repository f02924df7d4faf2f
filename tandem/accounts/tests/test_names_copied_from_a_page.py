"""A name copied from a page carries the no-break space it is shown with ("Ada\u00a0L.",
kept_together); pasted where the practice types a client's name, it still counts as the name."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.care.models import Client

pytestmark = pytest.mark.django_db

SHOWN = "Ada\u00a0L."  # as every page shows people.client's name


def test_the_name_copied_from_the_erase_page_confirms_the_erasure(client: Any, people: Any) -> None:
    client.force_login(people.admin)
    page = client.get(f"/practice/clients/{people.client.pk}/erase/").content.decode()
    assert f"Type <strong>{SHOWN}</strong> to confirm" in page
    done = client.post(
        f"/practice/clients/{people.client.pk}/erase/", {"confirm": SHOWN}, follow=True
    )
    assert b"has been erased" in done.content
    assert not Client.objects.filter(pk=people.client.pk).exists()


def test_the_name_copied_from_a_page_finds_the_client(client: Any, people: Any) -> None:
    client.force_login(people.admin)
    found = client.get("/practice/clients/", {"q": SHOWN}).content.decode()
    assert SHOWN in found and "1 client found" in found
