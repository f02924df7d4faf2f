"""Issue 16.4: every read of a client's data, lists and FHIR searches included, is attributed to
that client, so it shows on their "who has seen my record" and in their own audit trail."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.api.tests.conftest import PHQ9_ANSWERS
from tandem.audit.models import AuditEvent
from tandem.measures.actions import submit_response

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "action"),
    [
        ("/responses?episode={episode}", "response.list"),
        ("/sessions?episode={episode}", "session.list"),
        ("/episodes", "episode.list"),
        ("/clients", "client.list"),
        ("/fhir/QuestionnaireResponse?episode={episode}", "response.list"),
    ],
)
def test_a_list_read_is_recorded_against_each_client_on_it(
    people: Any, api_as: Any, client: Any, path: str, action: str
) -> None:
    submit_response(
        people.client_user, people.episode, "phq9", PHQ9_ANSWERS, session=people.session
    )
    api = api_as(people.therapist)
    response = api.get(path.format(episode=people.episode.pk))
    assert response.status_code == 200
    mine = AuditEvent.objects.filter(action=action, actor=people.therapist)
    assert mine.filter(client_id=people.client.pk).count() == 1
    assert not mine.filter(client_id__isnull=True).exists()
    # and the client sees it
    client.force_login(people.client_user)
    page = client.get("/portal/who-has-seen-my-record/").content.decode()
    assert "in a list" in page


def test_a_list_of_several_clients_names_each_of_them(people: Any, api_as: Any) -> None:
    from tandem.care.models import Client, Episode

    extra = Client.objects.create(
        practice=people.practice, display_name="Dee", therapist=people.therapist
    )
    Episode.objects.create(client=extra, therapist=people.therapist, number=1)
    api_as(people.therapist).get("/clients")
    named = set(
        AuditEvent.objects.filter(action="client.list", actor=people.therapist).values_list(
            "client_id", flat=True
        )
    )
    assert named == {people.client.pk, extra.pk}


def test_an_empty_list_still_leaves_one_record(people: Any, api_as: Any) -> None:
    api_as(people.therapist).get("/responses?episode=999999")
    assert (
        AuditEvent.objects.filter(
            action="response.list", actor=people.therapist, client_id__isnull=True
        ).count()
        == 1
    )
