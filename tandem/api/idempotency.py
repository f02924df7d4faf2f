"""Replaying the first answer to a request sent again with the same ``Idempotency-Key``.

A phone on a bad connection sends a questionnaire, loses the reply and sends it again: the second
request must get the first one's answer, not create a second record or an error.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.accounts.models import User
from tandem.api.errors import ApiError
from tandem.api.models import IdempotencyKey


def request_hash(payload: Any) -> str:
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _conflict() -> ApiError:
    return ApiError(
        409,
        "This Idempotency-Key was already used for a different request. "
        "Use a new key for each new request.",
        [{"field": "Idempotency-Key", "message": "Already used with a different body."}],
    )


# How long a stored answer is kept for retries. A client retries within seconds or minutes;
# a day covers a device that was offline overnight. The stored answer is a copy of clinical data
# (issue 16.11), so it is not kept longer: the worker deletes expired ones every hour, and
# erasing a client deletes theirs at once (tandem.care.erasure).
LIFETIME = timedelta(hours=24)


def forget_expired(now: Any = None) -> int:
    """Delete stored answers older than LIFETIME; returns how many."""
    cutoff = (now or timezone.now()) - LIFETIME
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return int(deleted)


def once(
    user: User,
    key: str | None,
    method: str,
    path: str,
    payload: Any,
    run: Callable[[], tuple[int, dict[str, Any]]],
    replay: Callable[[int, dict[str, Any]], tuple[int, dict[str, Any]]] | None = None,
) -> tuple[int, dict[str, Any]]:
    """Run ``run`` once per (user, key, method, path); later calls get the stored result.

    ``replay`` is given the stored result before it is handed back and answers with what to
    send instead: the stored result is a copy of clinical data, so handing it back is a read
    that the caller must still be allowed, and is audited like one.
    """
    again = replay or (lambda status, body: (status, body))
    if not key:
        return run()
    digest = request_hash(payload)
    where = {"user": user, "key": key, "method": method, "path": path}
    # a key lives LIFETIME: a stored answer holds clinical data, and a retry comes in seconds
    IdempotencyKey.objects.filter(**where, created_at__lt=timezone.now() - LIFETIME).delete()
    stored = IdempotencyKey.objects.filter(**where).first()
    if stored is not None:
        if stored.request_hash != digest:
            raise _conflict()
        return again(stored.status_code, stored.body)
    try:
        with transaction.atomic():
            status, result = run()
            # Errors are not remembered: a retry after fixing the answers must be able to succeed.
            if status < 400:
                IdempotencyKey.objects.create(
                    **where, request_hash=digest, status_code=status, body=result
                )
    except IntegrityError:
        # The same key raced in from another request; the first to commit wins.
        stored = IdempotencyKey.objects.filter(**where).first()
        if stored is None:
            raise
        if stored.request_hash != digest:
            raise _conflict() from None
        return again(stored.status_code, stored.body)
    return status, result
