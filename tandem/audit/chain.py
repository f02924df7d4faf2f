"""Write audit records into a hash chain, and verify the chain."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest

from tandem.audit.models import AuditEvent

# Any constant works; it names the lock that serialises appends to the chain on PostgreSQL.
_CHAIN_LOCK = 7_247_001


def _digest(event: AuditEvent) -> str:
    body = {
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "practice": event.practice_id,
        "client": event.client_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "ip": event.ip,
        "outcome": event.outcome,
        "detail": event.detail,
        "prev": event.prev_hash,
    }
    encoded = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


def client_ip(request: HttpRequest | None) -> str:
    """The client's address. Behind N trusted proxies it is the N-th address from the right of
    X-Forwarded-For (each proxy appends the address it saw; anything further left is whatever the
    client claimed, so it is never trusted)."""
    if request is None:
        return ""
    proxies = getattr(settings, "TANDEM_TRUSTED_PROXIES", 0)
    if proxies > 0:
        forwarded = [
            a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies][:64]
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


def record(
    *,
    actor: Any,
    action: str,
    obj: Any = None,
    client_id: int | None = None,
    practice_id: int | None = None,
    request: HttpRequest | None = None,
    outcome: str = "ok",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one record to the audit trail (inside the caller's transaction, if any)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        actor=user,
        actor_label=getattr(user, "email", "") or ("system" if actor is None else "anonymous"),
        practice_id=practice_id if practice_id is not None else getattr(user, "practice_id", None),
        client_id=client_id,
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(getattr(obj, "pk", "") or "") if obj is not None else "",
        ip=client_ip(request),
        outcome=outcome,
        detail=detail or {},
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        event.prev_hash = last or ""
        event.hash = _digest(event)
        event.save()
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify() -> ChainReport:
    """Walk the chain in order; the first record whose hash or link does not match breaks it."""
    previous = ""
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != previous:
            return ChainReport(checked, event.pk, "a record before this one was removed or altered")
        if _digest(event) != event.hash:
            return ChainReport(checked, event.pk, "this record was altered")
        previous = event.hash
        checked += 1
    return ChainReport(checked, None, "")
