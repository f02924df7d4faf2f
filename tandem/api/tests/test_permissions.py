"""The API follows the same policy as the pages: another practice's object is a 404, a client sees
only themselves, private answers only their respondent."""

from __future__ import annotations

from typing import Any

from tandem.api.tests.conftest import MIRROR_ANSWERS, PHQ9_ANSWERS
from tandem.audit.models import AuditEvent
from tandem.measures.actions import submit_response


def test_a_therapist_sees_their_own_clients_only(people: Any, api_as: Any) -> None:
    body = api_as(people.therapist).get("/clients").json()
    assert [c["display_name"] for c in body["items"]] == ["Ada L."]
    assert body["count"] == 1


def test_another_practices_client_is_a_404(people: Any, api_as: Any) -> None:
    api = api_as(people.therapist)
    for path in (
        f"/clients/{people.outsider_client.pk}",
        f"/episodes/{people.outsider_client.episodes.get().pk}",
        f"/episodes/{people.outsider_client.episodes.get().pk}/scores",
    ):
        response = api.get(path)
        assert response.status_code == 404, path
        assert set(response.json()) == {"detail", "errors"}


def test_a_colleagues_client_is_a_404_too(people: Any, api_as: Any) -> None:
    assert api_as(people.therapist).get(f"/clients/{people.other_client.pk}").status_code == 404


def test_a_client_token_sees_only_that_client(people: Any, api_as: Any) -> None:
    api = api_as(people.client_user)
    assert [c["id"] for c in api.get("/clients").json()["items"]] == [people.client.pk]
    assert api.get(f"/clients/{people.other_client.pk}").status_code == 404
    assert [e["id"] for e in api.get("/episodes").json()["items"]] == [people.episode.pk]


def test_a_client_sees_only_their_own_answers(people: Any, api_as: Any) -> None:
    mine = submit_response(
        people.client_user, people.episode, "phq9", PHQ9_ANSWERS, session=people.session
    ).response
    theirs = submit_response(
        people.therapist,
        people.episode,
        "partnership_mirror",
        MIRROR_ANSWERS,
        session=people.session,
    ).response
    api = api_as(people.client_user)
    assert [r["id"] for r in api.get("/responses").json()["items"]] == [mine.pk]
    assert api.get(f"/responses/{theirs.pk}").status_code == 404


def test_private_answers_are_seen_only_by_whoever_gave_them(people: Any, api_as: Any) -> None:
    reflection = submit_response(
        people.therapist,
        people.episode,
        "reflection",
        _complete_answers("reflection"),
        session=people.session,
    ).response
    assert reflection.private
    assert api_as(people.therapist).get(f"/responses/{reflection.pk}").status_code == 200
    assert api_as(people.supervisor).get(f"/responses/{reflection.pk}").status_code == 404


def test_an_admin_sees_names_but_no_answers(people: Any, api_as: Any) -> None:
    submit_response(
        people.client_user, people.episode, "phq9", PHQ9_ANSWERS, session=people.session
    )
    api = api_as(people.admin)
    assert api.get("/clients").json()["count"] == 2
    assert api.get("/responses").json()["count"] == 0
    assert api.get(f"/episodes/{people.episode.pk}").status_code == 404


def test_a_supervisor_sees_only_consenting_clients_and_cannot_write(
    people: Any, api_as: Any
) -> None:
    api = api_as(people.supervisor)
    assert api.get("/clients").json()["count"] == 0
    people.client.share_with_supervisor = True
    people.client.save()
    assert api.get("/clients").json()["count"] == 1
    response = api.post("/sessions", {"episode": people.episode.pk, "date": "2026-01-05"})
    assert response.status_code == 404


def test_reads_are_audited(people: Any, api_as: Any) -> None:
    api_as(people.therapist).get(f"/clients/{people.client.pk}")
    event = AuditEvent.objects.filter(action="client.view").last()
    assert event is not None
    assert event.client_id == people.client.pk
    assert event.detail["via"] == "api"


def _complete_answers(instrument_id: str) -> dict[str, Any]:
    from tandem.measures import registry

    instrument = registry.get(instrument_id)
    assert instrument is not None
    answers: dict[str, Any] = {}
    for item in instrument.items:
        if item.kind == "choice":
            answers[item.id] = item.options[0].value
        elif item.kind == "scale":
            answers[item.id] = item.min
        elif item.kind == "boolean":
            answers[item.id] = True
        else:
            answers[item.id] = "Something I noticed."
    return answers
