"""'Is my therapy working?': the client's own facts in plain words, never the therapist's side."""

from __future__ import annotations

from typing import Any

from tandem.audit.models import AuditEvent
from tandem.care.actions import end_episode
from tandem.reports.tests.conftest import add_scores, partnership


def test_it_tells_the_client_where_they_started_and_where_they_are(
    client: Any, people: Any
) -> None:
    add_scores(people.episode, {"phq9": [18, 14, 10]}, respondent=people.client_user)
    client.force_login(people.client_user)
    page = client.get("/portal/progress/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Is my therapy working?" in html
    assert "come down by 8 points. That is a real change" in html
    assert "A change of 6 points or more" in html
    assert 'data-chart="my-phq9"' in html
    assert AuditEvent.objects.filter(
        action="portal.progress.view", client_id=people.client.pk
    ).exists()


def test_it_prompts_the_client_after_a_lower_rated_session(client: Any, people: Any) -> None:
    add_scores(
        people.episode,
        {"partnership": [partnership(8), partnership(8), partnership(8), partnership(5)]},
        respondent=people.client_user,
    )
    client.force_login(people.client_user)
    html = client.get("/portal/progress/").content.decode()
    assert "You rated the last session lower than usual" in html


def test_a_prompt_both_measures_would_give_is_said_once(client: Any, people: Any) -> None:
    add_scores(
        people.episode,
        {"phq9": [15, 14, 14, 13], "gad7": [12, 12, 11, 11]},
        respondent=people.client_user,
    )
    client.force_login(people.client_user)
    html = client.get("/portal/progress/").content.decode()
    assert html.count("Things have not shifted much yet.") == 1


def test_it_never_shows_the_therapists_side(client: Any, people: Any) -> None:
    add_scores(people.episode, {"partnership": [partnership(6)]}, respondent=people.client_user)
    add_scores(
        people.episode,
        {"partnership_mirror": [partnership(9.5)]},
        respondent=people.therapist,
        role="therapist",
    )
    client.force_login(people.client_user)
    html = client.get("/portal/progress/").content.decode()
    assert "9.5" not in html and "Therapist" not in html


def test_it_is_for_clients_only(client: Any, people: Any) -> None:
    client.force_login(people.therapist)
    assert client.get("/portal/progress/").status_code == 404


def test_it_is_reachable_from_the_portal_home(client: Any, people: Any) -> None:
    client.force_login(people.client_user)
    assert b'href="/portal/progress/"' in client.get("/portal/").content


def test_its_chart_key_says_a_real_change_as_the_page_does(client: Any, people: Any) -> None:
    add_scores(people.episode, {"phq9": [18, 14, 10]}, respondent=people.client_user)
    client.force_login(people.client_user)
    html = client.get("/portal/progress/").content.decode()
    assert "A real change since you started</li>" in html
    assert "Reliable improvement" not in html


def test_after_the_ending_it_looks_back_rather_than_ahead(client: Any, people: Any) -> None:
    add_scores(people.episode, {"phq9": [18, 14, 10]}, respondent=people.client_user)
    end_episode(people.therapist, people.episode, "graduated")
    client.force_login(people.client_user)
    html = client.get("/portal/progress/").content.decode()
    assert "Your therapy ended on" in html and "to look back on" in html
    assert "is glad to talk about them" not in html
