"""GET /follow-ups: the check-ins after an ending, for whoever may read the episode, with their
state, scores and the request they raised; the practice admin and colleagues see none."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine

from tandem.audit.models import AuditEvent
from tandem.followup.actions import answer_follow_up, open_follow_up
from tandem.followup.tests.conftest import ended, gad7, phq9  # noqa: F401 — the fixture

DUE = date(2026, 2, 28)


@pytest.fixture
def answered(ended: Any) -> Any:  # noqa: F811
    """Ada's 1-month check-in answered on its day: PHQ-9 12 (reliably worse than 4), GAD-7 3,
    and yes to talking again; her 3-month check-in opened and left unanswered."""
    with time_machine.travel(DUE, tick=False):
        follow_up = open_follow_up(ended.episode.pk, 1, DUE)
        assert follow_up is not None
        for instrument, answers in (("phq9", phq9(12)), ("gad7", gad7(3))):
            answer_follow_up(ended.client_user, follow_up, instrument, answers)
        answer_follow_up(ended.client_user, follow_up, "talk_again", {"talk": 1})
    later = open_follow_up(ended.episode.pk, 3, date(2026, 4, 30))
    assert later is not None
    follow_up.refresh_from_db()
    ended.follow_up, ended.later = follow_up, later
    return ended


def test_the_therapist_lists_the_check_ins_with_their_scores_and_request(
    answered: Any, api_as: Any
) -> None:
    with time_machine.travel(date(2026, 5, 2), tick=False):
        body = api_as(answered.therapist).get("/follow-ups", client=answered.client.pk).json()
    assert body["count"] == 2
    first, second = body["items"]
    assert (first["months"], first["state"], first["due_on"]) == (1, "answered", "2026-02-28")
    assert first["last_day"] == "2026-03-27"  # open for 28 days from its day
    assert {s["instrument"]: s["total"] for s in first["scores"]} == {
        "phq9": 12.0,
        "gad7": 3.0,
        "talk_again": None,
    }
    request = first["returning_request"]
    assert request["wants_to_talk"] is True and request["worsened"] == ["phq9"]
    assert request["seen_at"] is None and request["closed_at"] is None
    assert (second["months"], second["state"], second["scores"]) == (3, "open", [])
    assert second["returning_request"] is None
    assert second["answered_at"] is None


def test_a_check_in_left_past_its_weeks_is_closed(answered: Any, api_as: Any) -> None:
    with time_machine.travel(date(2026, 6, 1), tick=False):
        one = api_as(answered.therapist).get(f"/follow-ups/{answered.later.pk}").json()
    assert one["state"] == "closed"


def test_filters_by_episode_and_audits_each_read(answered: Any, api_as: Any) -> None:
    api = api_as(answered.therapist)
    assert api.get("/follow-ups", episode=answered.episode.pk).json()["count"] == 2
    assert api.get("/follow-ups", episode=999_999).json()["count"] == 0
    assert AuditEvent.objects.filter(action="followup.list", client_id=answered.client.pk).exists()
    api.get(f"/follow-ups/{answered.follow_up.pk}")
    event = AuditEvent.objects.get(action="followup.read")
    assert event.client_id == answered.client.pk and event.detail["via"] == "api"


def test_the_client_sees_their_own_check_ins(answered: Any, api_as: Any) -> None:
    api = api_as(answered.client_user)
    assert api.get("/follow-ups").json()["count"] == 2
    assert api.get(f"/follow-ups/{answered.follow_up.pk}").status_code == 200
    other = api_as(answered.other_client_user)
    assert other.get("/follow-ups").json()["count"] == 0
    assert other.get(f"/follow-ups/{answered.follow_up.pk}").status_code == 404


def test_a_supervisor_reads_them_only_with_the_clients_consent(answered: Any, api_as: Any) -> None:
    api = api_as(answered.supervisor)
    path = f"/follow-ups/{answered.follow_up.pk}"
    assert api.get(path).status_code == 404
    answered.client.share_with_supervisor = True
    answered.client.save(update_fields=["share_with_supervisor"])
    assert api.get(path).status_code == 200


@pytest.mark.parametrize("who", ["admin", "colleague", "outsider"])
def test_nobody_else_sees_a_check_in(answered: Any, api_as: Any, who: str) -> None:
    api = api_as(getattr(answered, who))
    assert api.get(f"/follow-ups/{answered.follow_up.pk}").status_code == 404
    assert api.get("/follow-ups", client=answered.client.pk).json()["count"] == 0


@pytest.mark.parametrize(
    "who", ["therapist", "client", "colleague", "supervisor", "admin", "outsider"]
)
def test_only_the_therapist_makes_a_link_to_an_open_check_in(
    answered: Any, api_as: Any, who: str
) -> None:
    from django.test import Client as Browser

    from tandem.links.models import QuestionnaireLink

    answered.client.share_with_supervisor = True
    answered.client.save()
    user = {
        "therapist": answered.therapist,
        "client": answered.client_user,
        "colleague": answered.colleague,
        "supervisor": answered.supervisor,
        "admin": answered.admin,
        "outsider": answered.outsider,
    }[who]
    with time_machine.travel(date(2026, 5, 2), tick=False):
        made = api_as(user).post(f"/follow-ups/{answered.later.pk}/links", {})
        if who != "therapist":
            assert made.status_code in (403, 404)
            assert "/l/" not in made.content.decode()
            assert not QuestionnaireLink.objects.exists()
            return
        assert made.status_code == 201, made.content
        body = made.json()
        assert set(body) == {"id", "follow_up_id", "url", "expires_at"}
        assert body["follow_up_id"] == answered.later.pk
        path = "/l/" + body["url"].rstrip("/").rsplit("/", 1)[-1] + "/"
        assert Browser().get(path).status_code == 200
        event = AuditEvent.objects.get(action="link.create")
        assert event.detail["via"] == "api" and event.detail["follow_up"] == answered.later.pk
        # The answered check-in has nothing to link to; a read-only token makes nothing.
        done = api_as(user).post(f"/follow-ups/{answered.follow_up.pk}/links", {})
        assert done.status_code == 400 and "nothing to link to" in done.json()["detail"]
        read_only = api_as(user, read_only=True).post(f"/follow-ups/{answered.later.pk}/links", {})
        assert read_only.status_code == 403
        assert QuestionnaireLink.objects.count() == 1
