"""A delivery key claimed before sending (tandem.tasks.delivery): one run sends, a claim never
reads as "sent", a failed send gives it back, an abandoned one is taken over by one run only, and
a worker still on the release before claims keeps working while the new one migrates."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from tandem.tasks.delivery import (
    CLAIM_LEASE,
    StillSending,
    already_sent,
    claim,
    mark_sent,
    release,
)
from tandem.tasks.models import Delivery
from tandem.tasks.worker import MAX_ATTEMPTS, backoff

pytestmark = pytest.mark.django_db

KEY = "reminder-email:7"


def test_one_claim_and_it_is_not_sent_until_marked() -> None:
    assert claim(KEY) is True
    assert not already_sent(KEY)
    with pytest.raises(StillSending):
        claim(KEY)
    mark_sent(KEY)
    assert already_sent(KEY) and claim(KEY) is False


def test_a_claim_given_back_lets_the_next_run_send() -> None:
    assert claim(KEY)
    release(KEY)
    assert not already_sent(KEY) and claim(KEY) is True


def test_release_never_takes_back_a_sent_email() -> None:
    mark_sent(KEY)
    release(KEY)
    assert already_sent(KEY)


def test_an_abandoned_claim_is_taken_over_once() -> None:
    assert claim(KEY)
    with time_machine.travel(timezone.now() + CLAIM_LEASE + timedelta(seconds=1)):
        assert claim(KEY) is True
        with pytest.raises(StillSending):
            claim(KEY)  # the run that took it over holds it now


def test_the_workers_tries_outlast_the_claim() -> None:
    """A job whose worker died mid-send is tried again after the claim is abandoned: the time
    from the first retry to the last is longer than the claim lasts."""
    later_tries = sum((backoff(n) for n in range(2, MAX_ATTEMPTS)), timedelta())
    assert later_tries > CLAIM_LEASE


def test_a_worker_on_the_release_before_claims_can_still_record_an_email() -> None:
    """While the new release migrates, a worker still running the old one inserts the key and
    when it was sent, and nothing else."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO tasks_delivery (key, sent_at) VALUES (%s, %s)", [KEY, timezone.now()]
        )
    assert already_sent(KEY) and claim(KEY) is False
    assert Delivery.objects.get(key=KEY).claimed_at is not None
