"""A check-in's link answered from two places at the same moment, in real concurrent
transactions (PostgreSQL): each questionnaire is stored once, the check-in is answered once, and
it raises one returning-client request."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine
from django.db import connection

from tandem.care.models import Episode
from tandem.errors import ActionError
from tandem.followup.actions import open_follow_up
from tandem.followup.models import FollowUp, ReturningRequest
from tandem.followup.tests.conftest import gad7, phq9
from tandem.links.actions import answer_through_link, create_follow_up_link
from tandem.links.models import QuestionnaireLink

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent transactions: run on PostgreSQL; SQLite lets one writer in at a time "
        "(test_check_in_link_attacked.py answers twice in a row there)",
    ),
]

DUE = date(2026, 2, 28)


def _at_once(jobs: list[Callable[[], object]]) -> list[object]:
    start = threading.Barrier(len(jobs))
    results: list[object] = []

    def run(job: Callable[[], object]) -> None:
        try:
            start.wait(10)
            results.append(job())
        except ActionError as error:
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


@pytest.fixture
def link(ended: Any) -> Any:
    with time_machine.travel(DUE, tick=False):
        episode = Episode.objects.get(status=Episode.ENDED)
        follow_up = open_follow_up(episode.pk, 1, DUE)
        assert follow_up is not None
        QuestionnaireLink.objects.all().delete()  # whatever the email made: one link, ours
        made = create_follow_up_link(None, follow_up, via="reminder")
        yield made.link


def test_the_same_questionnaire_sent_four_times_at_once_is_stored_once(link: Any) -> None:
    with time_machine.travel(DUE, tick=False):
        _at_once([lambda: answer_through_link(link, "phq9", phq9(4)) for _ in range(4)])
    assert FollowUp.objects.get().responses.filter(instrument_id="phq9").count() == 1


def test_the_last_two_answered_at_once_answer_the_check_in_once(link: Any) -> None:
    with time_machine.travel(DUE, tick=False):
        answer_through_link(link, "phq9", phq9(4))
        results = _at_once(
            [
                lambda: answer_through_link(link, "gad7", gad7(3)),
                lambda: answer_through_link(link, "talk_again", {"talk": 1}),
            ]
        )
    assert not [r for r in results if isinstance(r, ActionError)], results
    follow_up = FollowUp.objects.get()
    assert follow_up.answered_at is not None and follow_up.responses.count() == 3
    assert ReturningRequest.objects.filter(follow_up=follow_up).count() == 1
    assert QuestionnaireLink.objects.get(pk=link.pk).completed_at is not None
