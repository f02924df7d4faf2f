"""Parallel guesses at a two-factor code, in real concurrent transactions (PostgreSQL): of many
requests sent at once, no more than the limit get a code checked (16.9)."""

from __future__ import annotations

import threading
from typing import Any

import pyotp
import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from tandem.accounts import twofactor
from tandem.accounts.models import TwoFactor

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent transactions: run on PostgreSQL (make test-postgres); SQLite lets "
        "one writer in at a time (test_flow_two_factor.py replays the race there)",
    ),
]

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def test_parallel_guesses_get_no_more_tries_than_the_limit(people: Any) -> None:
    TwoFactor.objects.create(user=people.therapist, secret=SECRET, confirmed_at=timezone.now())
    checked: list[str] = []
    real_check = twofactor._check

    def counting_check(*args: Any) -> bool:
        checked.append("x")
        return real_check(*args)

    twofactor._check = counting_check  # type: ignore[assignment]
    start = threading.Barrier(12)

    def guess() -> None:
        try:
            start.wait(10)
            twofactor.verify(people.therapist, "000000")
        finally:
            connection.close()

    try:
        threads = [threading.Thread(target=guess) for _ in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        twofactor._check = real_check  # type: ignore[assignment]
    assert len(checked) == settings.AXES_FAILURE_LIMIT
    factor = TwoFactor.objects.get(user=people.therapist)
    assert factor.failed_attempts == settings.AXES_FAILURE_LIMIT and factor.locked_until
    assert not twofactor.verify(people.therapist, pyotp.TOTP(SECRET).now())
