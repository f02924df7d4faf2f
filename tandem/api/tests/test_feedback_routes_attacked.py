"""The feedback routes attacked: other people's ids, another practice, a revoked or a stale token,
a forged cross-site write, malformed ids and pages, a reused Idempotency-Key. Every one is
refused with the API's one error body, changes nothing and shows nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as Browser
from django.utils import timezone

from tandem.api.actions import revoke_token
from tandem.api.models import AccessToken
from tandem.api.tests.conftest import Api, token_for
from tandem.care.models import Session
from tandem.followup.models import FollowUp, ReturningRequest
from tandem.room.models import Handover

ROUTES = (
    "/follow-ups",
    "/follow-ups/{follow_up}",
    "/returning-requests",
    "/returning-requests/{request}",
    "/clients/{client}/texts",
    "/clients/{client}/texts/history",
    "/sessions/{session}/handovers",
)


def _requested(people: Any, client: Any, therapist: Any) -> tuple[FollowUp, ReturningRequest]:
    episode = client.episodes.get()
    follow_up = FollowUp.objects.create(episode=episode, months=1, due_on=timezone.localdate())
    made = ReturningRequest.objects.create(
        follow_up=follow_up, client=client, episode=episode, wants_to_talk=True
    )
    return follow_up, made


@pytest.fixture
def elsewhere(people: Any) -> dict[str, int]:
    """Another practice's check-in, request and hand-over, its therapist gone."""
    follow_up, made = _requested(people, people.outsider_client, people.outsider)
    session = Session.objects.create(
        episode=people.outsider_client.episodes.get(), number=1, date=timezone.localdate()
    )
    Handover.objects.create(
        practice=people.other_practice,
        therapist=people.outsider,
        client=people.outsider_client,
        session=session,
        idle_seconds=180,
    )
    people.outsider.is_active = False
    people.outsider.save(update_fields=["is_active"])
    return {
        "follow_up": follow_up.pk,
        "request": made.pk,
        "client": people.outsider_client.pk,
        "session": session.pk,
    }


def _paths(ids: dict[str, int]) -> list[str]:
    return [path.format(**ids) for path in ROUTES]


@pytest.mark.parametrize("who", ["therapist", "admin", "supervisor", "client_user"])
def test_another_practices_ids_are_not_found(
    people: Any, elsewhere: dict[str, int], api_as: Any, who: str
) -> None:
    api = api_as(getattr(people, who))
    for path in _paths(elsewhere):
        response = api.get(path)
        if path in ("/follow-ups", "/returning-requests"):
            assert response.json()["count"] == 0
            continue
        assert response.status_code in (403, 404), path
        assert set(response.json()) == {"detail", "errors"}
    # Filters naming the other practice's client or episode find nothing either.
    assert api.get("/follow-ups", client=elsewhere["client"]).json()["count"] == 0
    assert api.get("/returning-requests", client=elsewhere["client"]).json()["count"] == 0
    for action, body in (("seen", {}), ("close", {"note": "x"})):
        refused = api.post(f"/returning-requests/{elsewhere['request']}/{action}", body)
        assert refused.status_code in (403, 404)
    assert ReturningRequest.objects.get(pk=elsewhere["request"]).acknowledged_at is None


def test_a_revoked_token_and_a_departed_users_token_get_401(
    people: Any, elsewhere: dict[str, int]
) -> None:
    secret = token_for(people.therapist)
    api = Api(secret)
    assert api.get("/follow-ups").status_code == 200
    revoke_token(people.therapist, AccessToken.objects.get(user=people.therapist))
    assert {api.get(path).status_code for path in _paths(elsewhere)} == {401}
    colleague = Api(token_for(people.colleague))
    people.colleague.is_active = False
    people.colleague.save(update_fields=["is_active"])
    assert {colleague.get(path).status_code for path in _paths(elsewhere)} == {401}


def test_a_cross_site_form_cannot_close_a_request_with_the_browser_session(people: Any) -> None:
    _, made = _requested(people, people.client, people.therapist)
    browser = Browser(enforce_csrf_checks=True)
    browser.force_login(people.therapist)
    response = browser.post(
        f"/api/v1/returning-requests/{made.pk}/close",
        '{"note": "forged"}',
        content_type="application/json",
    )
    assert response.status_code in (401, 403)
    made.refresh_from_db()
    assert made.closed_at is None and made.close_note == ""


@pytest.mark.parametrize(
    "bad", ["abc", "0", "-1", "1.5", "1e3", "9223372036854775808", "%00", "1%20OR%201=1"]
)
def test_malformed_ids_are_a_422_or_404_never_a_server_error(
    people: Any, api_as: Any, bad: str
) -> None:
    api = api_as(people.therapist)
    for path in (
        f"/follow-ups/{bad}",
        f"/returning-requests/{bad}",
        f"/clients/{bad}/texts",
        f"/clients/{bad}/texts/history",
        f"/sessions/{bad}/handovers",
    ):
        response = api.get(path)
        assert response.status_code in (404, 422), (path, response.status_code)
        assert set(response.json()) == {"detail", "errors"}
    for query in ({"client": bad}, {"episode": bad}):
        assert api.get("/follow-ups", **query).status_code == 422
    closing = api.post(f"/returning-requests/{bad}/close", {})
    assert closing.status_code in (404, 422)


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 201},
        {"limit": 10**9},
        {"limit": 0},
        {"limit": -1},
        {"offset": -1},
        {"offset": 10**12},
        {"state": "everything"},
        {"state": ""},
    ],
)
def test_pages_out_of_bounds_and_unknown_states_are_refused(
    people: Any, api_as: Any, params: dict[str, Any]
) -> None:
    api = api_as(people.therapist)
    paths = (
        ["/returning-requests"]
        if "state" in params
        else [
            "/follow-ups",
            "/returning-requests",
            f"/clients/{people.client.pk}/texts/history",
            f"/sessions/{people.session.pk}/handovers",
        ]
    )
    for path in paths:
        response = api.get(path, **params)
        assert response.status_code == 422, (path, params)
        assert response.json()["errors"][0]["field"] in params


def test_a_body_that_is_not_an_object_is_refused(people: Any, api_as: Any) -> None:
    _, made = _requested(people, people.client, people.therapist)
    api = api_as(people.therapist)
    for body in ([], 3, {"note": 3}, {"note": None}):
        response = api.post(f"/returning-requests/{made.pk}/close", body)
        assert response.status_code == 422, body
        assert response.json()["errors"][0]["field"] in ("body", "note")
    assert api.post(f"/returning-requests/{made.pk}/close", []).json()["errors"] == [
        {"field": "body", "message": "The request body must be a JSON object."}
    ]
    # Not JSON at all.
    broken = api.post(f"/returning-requests/{made.pk}/close", "{note: close")
    assert broken.status_code == 400
    assert broken.json()["detail"] == "The request body is not valid JSON."
    made.refresh_from_db()
    assert made.closed_at is None


def test_an_idempotency_key_is_the_callers_own(people: Any, api_as: Any) -> None:
    """Another person sending the same key gets no replay of the first person's answer."""
    _, made = _requested(people, people.client, people.therapist)
    key = {"Idempotency-Key": "shared-key"}
    first = api_as(people.therapist).post(f"/returning-requests/{made.pk}/close", {}, headers=key)
    assert first.status_code == 200
    stranger = api_as(people.colleague).post(
        f"/returning-requests/{made.pk}/close", {}, headers=key
    )
    assert stranger.status_code == 404
    assert "Ada" not in stranger.content.decode()
