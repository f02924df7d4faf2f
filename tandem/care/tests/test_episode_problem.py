"""The therapist sets and changes an episode's problem descriptor, on the client page and in the
API; every change is audited; it decides the anxiety measure of the outcome figures."""

import json
from typing import Any

import pytest

from tandem.api.tests.conftest import token_for
from tandem.audit.models import AuditEvent
from tandem.care.models import Episode

pytestmark = pytest.mark.django_db


def test_the_therapist_sets_the_problem_on_the_client_page_and_it_is_audited(client, people):
    client.force_login(people.therapist)
    page = client.get(f"/clients/{people.client.pk}/").content.decode()
    assert 'name="problem"' in page and "Social anxiety disorder" in page
    done = client.post(
        f"/episodes/{people.episode.pk}/problem/", {"problem": "social_anxiety"}, follow=True
    )
    assert "Main problem set to social anxiety disorder" in done.content.decode()
    people.episode.refresh_from_db()
    assert people.episode.problem == "social_anxiety"
    event = AuditEvent.objects.get(action="episode.problem")
    assert event.detail == {"before": "none", "after": "social_anxiety"}
    # Sending the same value again changes nothing and writes no second record.
    client.post(f"/episodes/{people.episode.pk}/problem/", {"problem": "social_anxiety"})
    assert AuditEvent.objects.filter(action="episode.problem").count() == 1


def test_it_refuses_an_unknown_problem_in_plain_words(client, people):
    client.force_login(people.therapist)
    page = client.post(
        f"/episodes/{people.episode.pk}/problem/", {"problem": "phobia"}, follow=True
    )
    assert "The main problem was not changed" in page.content.decode()
    people.episode.refresh_from_db()
    assert people.episode.problem == "none"


def test_a_colleague_cannot_change_anothers_episode(client, people):
    client.force_login(people.colleague)
    response = client.post(f"/episodes/{people.episode.pk}/problem/", {"problem": "ptsd"})
    assert response.status_code == 404
    assert Episode.objects.get(pk=people.episode.pk).problem == "none"


def patch(user: Any, path: str, body: Any) -> Any:
    from django.test import Client

    return Client().patch(
        f"/api/v1{path}",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token_for(user)}"},
    )


def test_the_api_shows_and_changes_the_problem(people):
    response = patch(people.therapist, f"/episodes/{people.episode.pk}", {"problem": "ptsd"})
    assert response.status_code == 200, response.content
    assert response.json()["problem"] == "ptsd"
    assert Episode.objects.get(pk=people.episode.pk).problem == "ptsd"
    assert AuditEvent.objects.filter(action="episode.problem").count() == 1


def test_the_api_refuses_a_bad_problem_and_the_client(people):
    bad = patch(people.therapist, f"/episodes/{people.episode.pk}", {"problem": "phobia"})
    assert bad.status_code == 422
    assert "problem" in bad.content.decode()
    own = patch(people.client_user, f"/episodes/{people.episode.pk}", {"problem": "ptsd"})
    assert own.status_code in (403, 404)
    assert Episode.objects.get(pk=people.episode.pk).problem == "none"


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "Main problem set to post-traumatic stress disorder (PTSD)."),
        ("es", "Problema principal: trastorno de estrés postraumático (TEPT)."),
    ],
)
def test_the_problem_keeps_its_acronym_in_the_message(
    client: Any, people: Any, language: str, said: str
) -> None:
    client.force_login(people.therapist)
    done = client.post(
        f"/episodes/{people.episode.pk}/problem/",
        {"problem": "ptsd"},
        follow=True,
        headers={"accept-language": language},
    )
    assert said in done.content.decode()
