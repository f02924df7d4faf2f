"""The JSON API is read by programs: its words stay English whatever language the caller chose
and whatever their browser asks for (docs/i18n.md), so an integration never meets a message it
was not written for, and a script comparing a detail keeps working."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from tandem.followup import actions as followup_actions
from tandem.followup.models import FollowUp, ReturningRequest

pytestmark = pytest.mark.django_db

SPANISH = {"Accept-Language": "es"}


@pytest.fixture
def spanish_therapist(people: Any) -> Any:
    people.therapist.language = "es"
    people.therapist.save(update_fields=["language"])
    people.practice.language = "es"
    people.practice.save(update_fields=["language"])
    return people.therapist


def test_a_refusal_is_english_for_a_token_of_someone_who_reads_spanish(
    spanish_therapist: Any, people: Any, api_as: Any
) -> None:
    api = api_as(spanish_therapist)
    api.headers.update(SPANISH)
    response = api.post("/sessions", {"episode": people.episode.pk, "date": "2024-12-31"})
    assert response.status_code == 422
    assert response.json()["detail"] == "The session date needs another look."
    (error,) = response.json()["errors"]
    assert "began on 6 Jan 2025" in error["message"], error["message"]
    assert response["Content-Language"] == "en-gb"


def test_a_refusal_is_english_with_the_session_cookie_of_someone_who_reads_spanish(
    spanish_therapist: Any, people: Any
) -> None:
    browser = HttpClient(headers=SPANISH)
    browser.force_login(spanish_therapist)
    # The pages around it are Spanish...
    assert browser.get("/accounts/sessions/")["Content-Language"] == "es"
    # ...the API is not.
    response = browser.post(
        "/api/v1/sessions",
        {"episode": people.episode.pk, "date": "2024-12-31"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "began on 6 Jan 2025" in response.json()["errors"][0]["message"]
    assert response["Content-Language"] == "en-gb"


def test_a_sentence_the_api_gives_is_english(
    spanish_therapist: Any, people: Any, api_as: Any
) -> None:
    follow_up = FollowUp.objects.create(
        episode=people.episode, months=3, due_on=timezone.localdate()
    )
    ReturningRequest.objects.create(
        follow_up=follow_up,
        client=people.client,
        episode=people.episode,
        wants_to_talk=True,
        worsened=["phq9", "gad7"],
    )
    api = api_as(spanish_therapist)
    api.headers.update(SPANISH)
    [item] = api.get("/returning-requests").json()["items"]
    assert item["sentence"].startswith("At the 3-month follow-up:"), item["sentence"]
    assert "PHQ-9 and GAD-7" in item["sentence"]


def test_not_found_is_english(spanish_therapist: Any, api_as: Any) -> None:
    api = api_as(spanish_therapist)
    api.headers.update(SPANISH)
    response = api.get("/sessions/999999")
    assert response.status_code == 404
    assert response.json()["detail"] == "There is nothing here, or you do not have access to it."


def test_a_request_closed_by_someone_else_meanwhile_is_a_plain_conflict(
    spanish_therapist: Any, people: Any, api_as: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The route checks the request is open, then the action locks it and checks again: when a
    colleague on the caseload closes it between the two, the action's refusal is the answer (a
    409 in English), not a server error."""
    follow_up = FollowUp.objects.create(
        episode=people.episode, months=1, due_on=timezone.localdate()
    )
    asked = ReturningRequest.objects.create(
        follow_up=follow_up,
        client=people.client,
        episode=people.episode,
        wants_to_talk=True,
        worsened=[],
    )
    close = followup_actions.close_request

    def closed_on_the_caseload_first(actor: Any, pk: int, note: str = "", request: Any = None):
        close(people.therapist, pk, "closed on the caseload")
        return close(actor, pk, note, request)

    monkeypatch.setattr(followup_actions, "close_request", closed_on_the_caseload_first)
    api = api_as(spanish_therapist)
    api.headers.update(SPANISH)
    response = api.post(f"/returning-requests/{asked.pk}/close", {"note": "rang her"})
    assert response.status_code == 409, response.content
    assert response.json()["detail"] == "This request is already closed."
    asked.refresh_from_db()
    assert asked.close_note == "closed on the caseload"


GROWTH = (
    "confidence", "choice", "self_activation", "spontaneity", "entitlement",
    "commitment", "intimacy", "responsibility", "limits", "containment",
)  # fmt: skip


def test_the_language_a_response_was_shown_in_is_the_caller_s_to_say(
    people: Any, api_as: Any
) -> None:
    """The API's own words are English, so the language kept with an answer is not taken from
    the caller's choice or browser: an app says which wording it showed, else it is the
    instrument's own."""
    from tandem.measures.models import Response

    people.client_user.language = "es"
    people.client_user.save(update_fields=["language"])
    api = api_as(people.client_user)
    api.headers.update(SPANISH)
    answers = dict.fromkeys(GROWTH, 2)
    plain = api.post(
        "/responses", {"instrument": "growth", "episode": people.episode.pk, "answers": answers}
    )
    assert plain.status_code == 201, plain.content
    assert Response.objects.get(pk=plain.json()["id"]).language == "en"
    Response.objects.all().delete()
    said = api.post(
        "/responses",
        {
            "instrument": "growth",
            "episode": people.episode.pk,
            "answers": answers,
            "language": "es",
        },
    )
    assert said.status_code == 201, said.content
    assert Response.objects.get(pk=said.json()["id"]).language == "es"
    unknown = api.post(
        "/responses",
        {
            "instrument": "growth",
            "episode": people.episode.pk,
            "answers": answers,
            "language": "fr",
        },
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"] == [
        {"field": "language", "message": "The Growth has wording in en, es only."}
    ]
    listed = {i["id"]: i["languages"] for i in api.get("/instruments").json()["items"]}
    assert listed["growth"] == ["en", "es"] and listed["phq9"][0] == "en"
