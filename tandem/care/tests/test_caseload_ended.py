"""“Everyone, including ended” on the caseload, and the supervisor's page, show an ended client's
history (sessions, scores), and say “Graduated” when that is how the episode ended."""

from datetime import date

import pytest

from tandem.care import actions
from tandem.care.models import Session
from tandem.measures.actions import submit_response
from tandem.web.words import plain_spaces

pytestmark = pytest.mark.django_db

PHQ9 = {f"q{i}": 2 for i in range(1, 10)} | {"q9": 0}


def _ended_with_history(people, reason="graduated"):
    second = Session.objects.create(episode=people.episode, number=2, date=date(2025, 3, 3))
    people.session.date = date(2025, 2, 3)
    people.session.save()
    submit_response(people.client_user, people.episode, "phq9", PHQ9, session=people.session)
    submit_response(
        people.client_user, people.episode, "phq9", PHQ9 | {"q1": 0, "q2": 0}, session=second
    )
    actions.end_episode(people.therapist, people.episode, reason, when=date(2025, 3, 10))


def _row(page: str, name: str) -> str:
    start = page.index(name)
    return page[start : page.index("</tr>", start)]


def test_an_ended_client_shows_their_history_on_everyone_including_ended(client, people):
    _ended_with_history(people)
    client.force_login(people.therapist)
    assert "Ada L." not in plain_spaces(client.get("/caseload/").content.decode())
    row = _row(client.get("/caseload/?show=all").content.decode(), "Ada\u00a0L.")
    assert "3 Mar 2025" in row  # last session
    assert '<td data-label="Sessions" class="num">2</td>' in row
    assert "16 → 12" in row  # PHQ-9 first and last
    assert "Graduated" in row


def test_an_ended_client_is_ended_not_graduated_when_they_withdrew(client, people):
    _ended_with_history(people, reason="withdrew")
    client.force_login(people.therapist)
    row = _row(client.get("/caseload/?show=all").content.decode(), "Ada\u00a0L.")
    assert "Ended" in row and "Graduated" not in row


def test_the_supervisor_sees_the_ended_clients_history_too(client, people):
    _ended_with_history(people)
    people.client.share_with_supervisor = True
    people.client.save()
    client.force_login(people.supervisor)
    row = _row(client.get("/supervision/").content.decode(), "Ada\u00a0L.")
    assert '<td data-label="Sessions" class="num">2</td>' in row
    assert "16 → 12" in row and "Graduated" in row


def test_a_returning_client_shows_the_open_episode_not_the_ended_one(client, people):
    _ended_with_history(people)
    actions.open_episode(people.therapist, people.client)
    client.force_login(people.therapist)
    row = _row(client.get("/caseload/?show=all").content.decode(), "Ada\u00a0L.")
    assert "Active" in row and "#2" in row
    assert '<td data-label="Sessions" class="num">0</td>' in row
