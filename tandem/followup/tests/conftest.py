"""An ended episode with scores at its sessions, ready to be followed up."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tandem.care.actions import end_episode
from tandem.care.models import Session
from tandem.measures.actions import submit_response

# A fake SMS gateway, a verified mobile number, the worker's queue and a local mail server, for a
# check-in's notice by text (test_check_in_by_text.py).
from tandem.sms.tests.conftest import gateway, verified  # noqa: F401
from tandem.tasks.tests.conftest import db_tasks, run_worker, smtp  # noqa: F401

ENDED_ON = date(2026, 1, 31)
LOW_PHQ9 = {f"q{i}": 0 for i in range(1, 10)} | {"q1": 1, "q2": 1, "q3": 1, "q4": 1}  # 4
LOW_GAD7 = {f"q{i}": 0 for i in range(1, 8)} | {"q1": 1, "q2": 1, "q3": 1, "difficulty": 0}  # 3


def phq9(total: int) -> dict[str, int]:
    """PHQ-9 answers adding up to ``total`` (0-24 without the risk question)."""
    answers = {f"q{i}": 0 for i in range(1, 10)}
    for i in range(1, 9):
        answers[f"q{i}"] = min(3, max(0, total - 3 * (i - 1)))
    return answers


def gad7(total: int) -> dict[str, int]:
    answers = {f"q{i}": 0 for i in range(1, 8)} | {"difficulty": 0}
    for i in range(1, 8):
        answers[f"q{i}"] = min(3, max(0, total - 3 * (i - 1)))
    return answers


@pytest.fixture
def ended(people: Any) -> Any:
    """Ada's episode: PHQ-9 16 then 4, GAD-7 12 then 3 (recovered), graduated on 31 January."""
    episode = people.episode
    Session.objects.filter(pk=people.session.pk).update(date=date(2025, 12, 1))
    people.session.refresh_from_db()
    last = Session.objects.create(episode=episode, number=2, date=date(2026, 1, 20))
    for session, p, g in ((people.session, 16, 12), (last, 4, 3)):
        submit_response(people.client_user, episode, "phq9", phq9(p), session=session)
        submit_response(people.client_user, episode, "gad7", gad7(g), session=session)
    end_episode(people.therapist, episode, "graduated", when=ENDED_ON)
    episode.refresh_from_db()
    return people
