"""Returning-client requests through the API: the therapist lists and handles their own, the
practice admin those whose therapist has left (names and dates, no reasons), through the same
actions as the caseload's buttons, once per Idempotency-Key."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.followup.models import FollowUp, ReturningRequest


@pytest.fixture
def asked(people: Any) -> ReturningRequest:
    follow_up = FollowUp.objects.create(
        episode=people.episode, months=1, due_on=timezone.localdate()
    )
    return ReturningRequest.objects.create(
        follow_up=follow_up,
        client=people.client,
        episode=people.episode,
        wants_to_talk=True,
        worsened=["phq9"],
    )


def test_the_therapist_lists_their_open_requests_with_the_reasons(
    people: Any, asked: ReturningRequest, api_as: Any
) -> None:
    body = api_as(people.therapist).get("/returning-requests").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["client_id"] == people.client.pk and item["therapist_id"] == people.therapist.pk
    assert item["reasons_shown"] is True and item["wants_to_talk"] is True
    assert item["worsened"] == ["phq9"]
    assert item["sentence"].startswith("At the 1-month follow-up: said they would like to talk")
    assert AuditEvent.objects.filter(action="returning.list", client_id=people.client.pk).exists()


def test_seen_then_closed_through_the_caseloads_actions(
    people: Any, asked: ReturningRequest, api_as: Any
) -> None:
    api = api_as(people.therapist)
    seen = api.post(f"/returning-requests/{asked.pk}/seen", {})
    assert seen.status_code == 200, seen.content
    assert seen.json()["seen_by_id"] == people.therapist.pk and seen.json()["closed_at"] is None
    first_seen = seen.json()["seen_at"]
    # Seen again: the first "seen" stands, and the read is audited as a read.
    again = api.post(f"/returning-requests/{asked.pk}/seen", {})
    assert again.status_code == 200 and again.json()["seen_at"] == first_seen
    assert AuditEvent.objects.filter(action="returning.acknowledge").count() == 1
    assert AuditEvent.objects.filter(action="returning.view").count() == 1
    closed = api.post(f"/returning-requests/{asked.pk}/close", {"note": "Rang her; new episode."})
    assert closed.status_code == 200
    assert closed.json()["note"] == "Rang her; new episode."
    assert closed.json()["closed_by_id"] == people.therapist.pk
    assert api.get("/returning-requests").json()["count"] == 0
    assert api.get("/returning-requests", state="closed").json()["count"] == 1
    twice = api.post(f"/returning-requests/{asked.pk}/close", {"note": "again"})
    assert twice.status_code == 409
    assert twice.json()["detail"] == "This request is already closed."
    assert ReturningRequest.objects.get().close_note == "Rang her; new episode."
    assert api.post(f"/returning-requests/{asked.pk}/seen", {}).status_code == 409


def test_an_idempotency_key_closes_once_and_replays_the_first_answer(
    people: Any, asked: ReturningRequest, api_as: Any
) -> None:
    api = api_as(people.therapist)
    key = {"Idempotency-Key": "close-ada-1"}
    path = f"/returning-requests/{asked.pk}/close"
    first = api.post(path, {"note": "Called."}, headers=key)
    second = api.post(path, {"note": "Called."}, headers=key)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert AuditEvent.objects.filter(action="returning.close").count() == 1
    assert AuditEvent.objects.filter(action="returning.repeat").count() == 1
    other = api.post(path, {"note": "Something else."}, headers=key)
    assert other.status_code == 409 and other.json()["errors"][0]["field"] == "Idempotency-Key"
    # Once the client moved to a colleague, a retry shows nothing.
    people.client.therapist = people.colleague
    people.client.save(update_fields=["therapist"])
    people.episode.therapist = people.colleague
    people.episode.save(update_fields=["therapist"])
    late = api.post(path, {"note": "Called."}, headers=key)
    assert late.status_code == 409 and "Called." not in late.content.decode()


def test_the_admin_handles_a_request_whose_therapist_left_without_its_reasons(
    people: Any, asked: ReturningRequest, api_as: Any
) -> None:
    admin = api_as(people.admin)
    assert admin.get("/returning-requests").json()["count"] == 0
    assert admin.get(f"/returning-requests/{asked.pk}").status_code == 404
    assert admin.post(f"/returning-requests/{asked.pk}/seen", {}).status_code == 404
    people.therapist.is_active = False
    people.therapist.save(update_fields=["is_active"])
    item = admin.get(f"/returning-requests/{asked.pk}").json()
    assert item["reasons_shown"] is False
    assert item["wants_to_talk"] is item["worsened"] is item["sentence"] is None
    closed = admin.post(f"/returning-requests/{asked.pk}/close", {"note": "Assigned to Colleague."})
    assert closed.status_code == 200 and closed.json()["note"] is None
    assert ReturningRequest.objects.get().closed_by == people.admin


@pytest.mark.parametrize(
    "who", ["colleague", "supervisor", "client_user", "other_client_user", "outsider"]
)
def test_nobody_else_sees_or_handles_it(
    people: Any, asked: ReturningRequest, api_as: Any, who: str
) -> None:
    people.client.share_with_supervisor = True
    people.client.save(update_fields=["share_with_supervisor"])
    api = api_as(getattr(people, who))
    assert api.get("/returning-requests", state="all").json()["count"] == 0
    assert api.get(f"/returning-requests/{asked.pk}").status_code == 404
    assert api.post(f"/returning-requests/{asked.pk}/seen", {}).status_code == 404
    assert api.post(f"/returning-requests/{asked.pk}/close", {}).status_code == 404
    asked.refresh_from_db()
    assert asked.acknowledged_at is None and asked.closed_at is None


def test_a_read_only_token_cannot_handle_it(
    people: Any, asked: ReturningRequest, api_as: Any
) -> None:
    api = api_as(people.therapist, read_only=True)
    assert api.get(f"/returning-requests/{asked.pk}").status_code == 200
    assert api.post(f"/returning-requests/{asked.pk}/seen", {}).status_code == 403
    assert api.post(f"/returning-requests/{asked.pk}/close", {}).status_code == 403
    asked.refresh_from_db()
    assert asked.acknowledged_at is None and asked.closed_at is None


def test_a_note_too_long_or_with_a_nul_is_refused_and_changes_nothing(
    people: Any, asked: ReturningRequest, api_as: Any
) -> None:
    api = api_as(people.therapist)
    for note in ("x" * 2001, "a\x00b"):
        refused = api.post(f"/returning-requests/{asked.pk}/close", {"note": note})
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["field"] == "note"
    unknown = api.post(f"/returning-requests/{asked.pk}/close", {"notes": "typo"})
    assert unknown.status_code == 422
    asked.refresh_from_db()
    assert asked.closed_at is None
