"""Write audit records, seal them into a hash chain, and verify the chain.

Writing and sealing are separate, so that writers never wait for each other:

- ``record`` is a plain insert in the caller's transaction: the record commits, or rolls back,
  with the change it describes, and nothing is ever lost.
- ``seal`` gives every committed record not yet in the chain its place (``seq``), the previous
  record's hash and its own hash, in one short transaction. One sealer runs at a time. It only
  sees committed records, so a transaction that commits late (PostgreSQL hands out ids when rows
  are inserted, not when they commit) is simply sealed in a later round, after records with
  higher ids: the chain follows the order records became visible, never leaves a gap, and never
  needs a record to be re-hashed. Each web process seals after its own writes at most every
  ``SEAL_EVERY_SECONDS``; the worker seals on its housekeeping beat; ``tandem audit verify`` and
  the audit pages seal first.
- ``verify`` walks the chain in ``seq`` order; records not yet sealed are counted, not checked.

A record's hash covers its accountable fields as they are and its personal fields (the email in
``actor_label``, ``ip``, ``detail``) through a salted digest worked out at sealing, so that
erasing a client can blank the personal fields and the salt (``tandem.audit.redaction``) and the
chain still verifies; ``verify`` checks the personal fields against the digest while the salt is
there, and counts the records erased.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, ParamSpec

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Count
from django.http import HttpRequest

from tandem.audit.models import AuditEvent
from tandem.db.rows import Table

logger = logging.getLogger("tandem.audit")

# An erasure's own record, and the key in its detail saying how many records it erased.
ERASURE = "client.erase"
ERASED_COUNT = "audit_records_erased"

# Any constant works; it names the lock that lets one sealer at a time extend the chain.
_SEAL_LOCK = 7_247_001
# A web process seals after its own writes at most this often, so the unsealed tail stays seconds
# long while each request pays for sealing at most once in this many seconds.
SEAL_EVERY_SECONDS = 2.0
# Records sealed per transaction: bounds the time one round holds the sealer's lock.
SEAL_BATCH = 2000

_next_seal_at = 0.0
_sealing = threading.Lock()

P = ParamSpec("P")


# The personal fields: hashed into the chain only through the record's salted personal digest, so
# that erasure can blank them (``tandem.audit.redaction``) without breaking the chain.
PERSONAL_FIELDS = ("actor_label", "ip", "detail")


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), default=str).encode()


def personal_digest(event: AuditEvent) -> str:
    """sha256 of the record's salt and its personal fields. Without the salt, a digest of an
    email address or an IP address could be found by hashing guesses (docs/security.md)."""
    body = {name: getattr(event, name) for name in PERSONAL_FIELDS}
    return hashlib.sha256(event.salt.encode() + _canonical(body)).hexdigest()


def _digest(event: AuditEvent) -> str:
    """The record's hash: its accountable fields as they are, its personal fields through their
    digest, and the previous record's hash."""
    body = {
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "practice": event.practice_id,
        "client": event.client_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "outcome": event.outcome,
        "personal": event.personal_digest,
        "prev": event.prev_hash,
    }
    return hashlib.sha256(_canonical(body)).hexdigest()


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


def audit_event(
    *,
    # Loose on purpose: whoever asked, as Django hands them over (a signed-in person, an
    # anonymous visitor at a failed sign-in) or None for the system (the worker, the command
    # line); read below with getattr, which no narrower type would let mypy follow.
    actor: Any,
    action: str,
    obj: Any = None,
    client_id: int | None = None,
    practice_id: int | None = None,
    request: HttpRequest | None = None,
    outcome: str = "ok",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """One audit record, not yet stored (``record`` builds and stores one)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent(
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


def _with_parameters_of(
    source: Callable[P, AuditEvent],
) -> Callable[[Callable[..., AuditEvent]], Callable[P, AuditEvent]]:
    """Declare that the decorated function takes exactly ``source``'s parameters, which it passes
    on unchanged: type checkers and editors then check and offer them, and the list is written
    once. Nothing changes at run time."""

    def declare(function: Callable[..., AuditEvent]) -> Callable[P, AuditEvent]:
        return function

    return declare


@_with_parameters_of(audit_event)
def record(**fields: Any) -> AuditEvent:
    """Add one record to the audit trail, in the caller's transaction if there is one.

    Takes ``audit_event``'s keywords. The record is sealed into the hash chain shortly after it
    commits (see ``seal``).
    """
    event = audit_event(**fields)
    events_table().insert(event)  # fixed SQL: the ORM's insert costs more CPU than the database's
    recorded()
    return event


def record_per_client(client_ids: Any, **fields: Any) -> int:
    """A read that touched several clients' records (a list, a search): one audit record per
    client, so each appears on that client's "who has seen my record" and in their own trail
    (issue 16.4); one record without a client when the read found nothing. Takes ``record``'s
    keywords except ``client_id``; returns how many records were written."""
    ids = sorted({int(c) for c in client_ids if c is not None})
    for client_id in ids or [None]:
        record(client_id=client_id, **fields)
    return max(len(ids), 1)


def recorded() -> None:
    """Call after storing audit records without ``record``: they are sealed soon after commit."""
    if time.monotonic() >= _next_seal_at:
        transaction.on_commit(seal_soon, robust=True)


@cache
def events_table() -> Table[AuditEvent]:
    return Table(AuditEvent, "a")


def seal_soon() -> None:
    """After a commit: seal, unless this process sealed moments ago or another sealer is busy.

    Never raises: the change being audited has already committed, and whatever is left unsealed
    is sealed by the next round.
    """
    global _next_seal_at
    if time.monotonic() < _next_seal_at or not _sealing.acquire(blocking=False):
        return
    try:
        _next_seal_at = time.monotonic() + SEAL_EVERY_SECONDS
        seal(wait=False)
    except DatabaseError:
        logger.warning("sealing the audit trail failed; the next round will seal it", exc_info=True)
    finally:
        _sealing.release()


def seal(*, wait: bool = True) -> int:
    """Seal every committed record not yet in the chain, in id order; returns how many.

    Call it outside a transaction (it holds the sealer's lock until its own commit). With
    ``wait=False`` it returns 0 at once if another process is sealing (on PostgreSQL).
    """
    sealed = 0
    while True:
        done = _seal_round(wait)
        sealed += done
        if done < SEAL_BATCH:
            return sealed


def _seal_round(wait: bool) -> int:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if wait:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SEAL_LOCK])
                else:
                    cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_SEAL_LOCK])
                    if not cursor.fetchone()[0]:
                        return 0
        # (SQLite: the transaction is IMMEDIATE, so it already holds the one write lock.)
        events = list(AuditEvent.objects.filter(seq__isnull=True).order_by("id")[:SEAL_BATCH])
        if not events:
            return 0
        head = (
            AuditEvent.objects.filter(seq__isnull=False)
            .order_by("-seq")
            .values_list("seq", "hash")
            .first()
        )
        seq, previous = head if head is not None else (0, "")
        rows = []
        for event in events:
            seq += 1
            event.seq, event.prev_hash = seq, previous
            if not event.personal_digest:  # (erasure works it out before blanking a record)
                event.personal_digest = personal_digest(event)
            event.hash = previous = _digest(event)
            rows.append((event.seq, event.prev_hash, event.personal_digest, event.hash, event.pk))
        table = AuditEvent._meta.db_table
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # One statement for the whole batch: the database plans one UPDATE, not thousands.
                cursor.execute(
                    f"UPDATE {table} SET seq = v.seq, prev_hash = v.prev_hash, "
                    "personal_digest = v.personal_digest, hash = v.hash "
                    "FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::bigint[]) "
                    "AS v(seq, prev_hash, personal_digest, hash, id) "
                    f"WHERE {table}.id = v.id AND {table}.seq IS NULL",
                    [list(column) for column in zip(*rows, strict=True)],
                )
            else:
                cursor.executemany(
                    f"UPDATE {table} SET seq = %s, prev_hash = %s, personal_digest = %s, "
                    "hash = %s WHERE id = %s AND seq IS NULL",
                    rows,
                )
        return len(rows)


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None
    reason: str
    # Records written but not yet sealed into the chain: not covered by this check.
    unsealed: int = 0
    # The last sealed record's place and hash: note them somewhere else (a ticket, a printout) to
    # tell later that nobody rewrote the chain from some record onwards and re-hashed the rest.
    head_seq: int = 0
    head_hash: str = ""
    # Sealed records whose personal details were erased with a client: what was done, by whom
    # (by number), when and to which record is still checked; their personal digest is taken
    # as stored.
    redacted: int = 0

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def _personal_problem(event: AuditEvent) -> str:
    """What is wrong with the record's personal fields, or "" if nothing is."""
    if event.salt:
        if event.redacted:
            return "this record is marked erased but still has its personal details"
        if personal_digest(event) != event.personal_digest:
            return "this record's personal details were altered"
        return ""
    if not event.redacted:
        return "this record's personal details were removed, though no erasure did it"
    if event.actor_label or event.ip or event.detail:
        return "this record's personal details were erased and then filled in again"
    if event.action == ERASURE:
        return "an erasure's own record was erased"
    return ""


def _unaccounted_redaction() -> tuple[int, str] | None:
    """Every erased record names the erasure that erased it, and every erasure says how many it
    erased, in its own detail (itself checked, never erased): so nobody can erase more."""
    counts = dict(
        AuditEvent.objects.filter(redacted_by__isnull=False)
        .values("redacted_by")
        .annotate(n=Count("id"))
        .values_list("redacted_by", "n")
    )
    for pk, detail in AuditEvent.objects.filter(action=ERASURE).values_list("pk", "detail"):
        said = detail.get(ERASED_COUNT, 0) if isinstance(detail, dict) else 0
        if counts.pop(pk, 0) != said:
            return pk, f"this erasure erased {said} audit records, but a different number say so"
    if counts:
        first = AuditEvent.objects.filter(redacted_by__in=list(counts)).order_by("id").first()
        assert first is not None
        return first.pk, "this record's personal details were erased, though no erasure did it"
    return None


def verify() -> ChainReport:
    """Walk the chain in order; the first record whose place, link or hash does not match breaks it.

    A record's personal fields are checked against its personal digest while it has its salt;
    once erased (salt and fields empty, the erasure named) the stored digest stands for them.
    """
    previous, checked, redacted = "", 0, 0
    sealed = AuditEvent.objects.filter(seq__isnull=False).order_by("seq")
    unsealed = AuditEvent.objects.filter(seq__isnull=True).count()
    for event in sealed.iterator(chunk_size=2000):
        if event.seq != checked + 1 or event.prev_hash != previous:
            return ChainReport(
                checked, event.pk, "a record before this one was removed or altered", unsealed
            )
        if _digest(event) != event.hash:
            return ChainReport(checked, event.pk, "this record was altered", unsealed)
        problem = _personal_problem(event)
        if problem:
            return ChainReport(checked, event.pk, problem, unsealed)
        redacted += event.redacted
        previous = event.hash
        checked += 1
    unaccounted = _unaccounted_redaction()
    if unaccounted is not None:
        return ChainReport(checked, unaccounted[0], unaccounted[1], unsealed)
    return ChainReport(checked, None, "", unsealed, checked, previous, redacted)
