"""The right of access covers the follow-up too: the client's download holds each check-in after
their ending, and the returning-client request it raised with what the practice did (its note
included); their check-in answers are among the responses."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from tandem.care.erasure import downloaded_record
from tandem.followup.actions import answer_follow_up, close_request, open_follow_up
from tandem.followup.models import ReturningRequest
from tandem.followup.tests.conftest import gad7, phq9

pytestmark = pytest.mark.django_db

DUE = date(2026, 2, 28)


def test_the_download_holds_the_check_in_and_its_request(ended):
    with time_machine.travel(DUE, tick=False):
        follow_up = open_follow_up(ended.episode.pk, 1, DUE)
        assert follow_up is not None
        assert downloaded_record(ended.client_user, ended.client)["follow_ups"] == [
            {
                "episode": 1,
                "months_after_ending": 1,
                "due_on": "2026-02-28",
                "answered_at": None,
                "returning_request": None,
            }
        ]
        answer_follow_up(ended.client_user, follow_up, "phq9", phq9(4))
        answer_follow_up(ended.client_user, follow_up, "gad7", gad7(3))
        answer_follow_up(ended.client_user, follow_up, "talk_again", {"talk": 1})
        request = ReturningRequest.objects.get()
        close_request(ended.therapist, request.pk, "Phoned; booked a new first session.")
    record = downloaded_record(ended.client_user, ended.client)
    [entry] = record["follow_ups"]
    assert entry["answered_at"] is not None
    made = entry["returning_request"]
    assert made["asked_to_talk_again"] is True and made["reliably_worse_on"] == []
    assert made["closed_at"] is not None and made["seen_at"] is not None
    assert made["note"] == "Phoned; booked a new first session."
    # The answers themselves are responses about the episode with no session.
    check_in = [r for r in record["responses"] if r["session"] is None]
    assert sorted(r["instrument"] for r in check_in) == ["gad7", "phq9", "talk_again"]


def test_a_client_never_followed_up_has_an_empty_list(people):
    assert downloaded_record(people.client_user, people.client)["follow_ups"] == []
