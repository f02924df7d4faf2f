"""Replaying the first answer to a request sent again with the same ``Idempotency-Key``.

A phone on a bad connection sends a questionnaire, loses the reply and sends it again: the second
request must get the first one's answer, not create a second record or an error.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction

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


def once(
    user: Any,
    key: str | None,
    method: str,
    path: str,
    payload: Any,
    run: Callable[[], tuple[int, dict[str, Any]]],
) -> tuple[int, dict[str, Any]]:
    """Run ``run`` once per (user, key, method, path); later calls get the stored result."""
    if not key:
        return run()
    digest = request_hash(payload)
    where = {"user": user, "key": key, "method": method, "path": path}
    stored = IdempotencyKey.objects.filter(**where).first()
    if stored is not None:
        if stored.request_hash != digest:
            raise _conflict()
        return stored.status_code, stored.body
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
        return stored.status_code, stored.body
    return status, result
