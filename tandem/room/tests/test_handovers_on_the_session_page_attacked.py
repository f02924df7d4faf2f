"""Who reads a session's hand-overs: exactly who reads the session's page. Nobody of another
practice, no client, no colleague, no supervisor the client does not share with, not the device
while it is in the client's hands, and nothing once the client is erased."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.care.erasure import erase_client
from tandem.room import actions
from tandem.room.models import Handover
from tandem.room.tests.conftest import PASSWORD, hand_over
from tandem.web.words import plain_spaces

pytestmark = pytest.mark.django_db

HEADING = "Handed to the client in the room"


@pytest.fixture
def handed_back(people: Any) -> Handover:
    handover = actions.hand_over(people.therapist, people.session)
    actions.lock(handover, "handed_back")
    assert actions.unlock(people.therapist, handover, PASSWORD).ok
    return handover


def _read(client: Any, people: Any, who: Any) -> tuple[int, bool]:
    client.force_login(who)
    page = client.get(f"/sessions/{people.session.pk}/")
    return page.status_code, HEADING.encode() in page.content


@pytest.mark.parametrize(
    ("who", "shares", "seen"),
    [
        ("therapist", False, True),
        ("supervisor", True, True),
        ("supervisor", False, False),
        ("colleague", True, False),
        ("admin", True, False),
        ("outsider", True, False),
        ("client_user", True, False),
        ("other_client_user", True, False),
        ("outsider_client_user", True, False),
    ],
)
def test_the_section_goes_with_the_page(client, people, handed_back, who, shares, seen):
    people.client.share_with_supervisor = shares
    people.client.save()
    status, shown = _read(client, people, getattr(people, who))
    assert (status, shown) == ((200, True) if seen else (404, False))


@pytest.mark.parametrize("who", ["therapist", "supervisor", "colleague", "admin", "outsider"])
def test_the_api_and_the_page_agree_on_who_reads_the_hand_overs(client, people, handed_back, who):
    from tandem.api.tests.conftest import Api, token_for

    people.client.share_with_supervisor = True
    people.client.save()
    person = getattr(people, who)
    api = Api(token_for(person)).get(f"/sessions/{people.session.pk}/handovers")
    status, shown = _read(client, people, person)
    assert (api.status_code == 200) == shown == (status == 200)
    if shown:
        assert api.json()["count"] == 1


def test_a_handed_over_device_asking_for_the_session_page_gets_the_locked_screen(
    client, people, handed_back
):
    client.force_login(people.therapist)
    hand_over(client, people)
    page = client.get(f"/sessions/{people.session.pk}/")
    assert page.status_code == 423
    text = plain_spaces(page.content.decode())
    assert HEADING not in text and "Ada L." not in text
    assert "Please hand this device back to your therapist" in text
    # And asking locked it.
    assert Handover.objects.filter(lock_reason="left").count() == 1


def test_an_erased_clients_session_and_hand_overs_are_gone(client, people, handed_back):
    session_pk = people.session.pk
    erase_client(people.admin, people.client, "Ada L.")
    assert not Handover.objects.exists()
    client.force_login(people.therapist)
    assert client.get(f"/sessions/{session_pk}/").status_code == 404


def test_the_device_of_an_erased_client_is_signed_out_and_shows_nothing(client, people):
    client.force_login(people.therapist)
    hand_over(client, people)
    erase_client(people.admin, people.client, "Ada L.")
    page = client.get(f"/sessions/{people.session.pk}/")
    # Signed out (tandem.room.middleware), so the page asks for a sign-in.
    assert page.status_code == 302 and "/accounts/login/" in page.url
