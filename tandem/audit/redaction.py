"""Erase a client's personal data from the audit trail, keeping its accountability.

When a client is erased (``tandem.care.erasure``), every audit record about them or made by their
login keeps what was done, when, by whom (by number), to which numbered record and with what
outcome, and loses its personal fields: the email address in ``actor_label``, the address in
``ip`` and whatever ``detail`` held (a therapist's reason for deleting a session, say). The record's
salt goes with them, so its personal digest, which the chain's hash covers, can no longer be tested
against guessed values. The chain still verifies (``tandem.audit.chain.verify``).

Each erased record names the erasure's own audit record (``redacted_by``), and that record says how
many it erased (``detail["audit_records_erased"]``): ``verify`` checks that the two agree, so
nobody with database access can blank other records and pass it off as an erasure.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet

from tandem.audit.chain import ERASED_COUNT, ERASURE, PERSONAL_FIELDS, personal_digest
from tandem.audit.models import AuditEvent


def records_about(client_id: int, login_id: int | None) -> QuerySet[AuditEvent]:
    """The records erasure redacts: about the client, made by their login, or about their login
    (its invitation accepted, its password changed); never an erasure's own record."""
    about = Q(client_id=client_id) | Q(object_type="Client", object_id=str(client_id))
    if login_id is not None:
        about |= Q(actor_id=login_id) | Q(object_type="User", object_id=str(login_id))
    return AuditEvent.objects.filter(about, redacted_by__isnull=True).exclude(action=ERASURE)


def redact_client(client_id: int, login_id: int | None, erasure: AuditEvent) -> int:
    """Blank the personal fields and salt of every record about the client, in the caller's
    transaction, naming ``erasure`` (the erasure's own record, not yet committed) as what erased
    them, and note the count in its detail. Returns the count."""
    # In the erasure's transaction: its record not yet committed, so not yet sealed.
    assert connection.in_atomic_block and erasure.action == ERASURE and erasure.pk is not None
    about = records_about(client_id, login_id).exclude(pk=erasure.pk)
    # Records not yet sealed have no personal digest yet: it is worked out now, from the fields
    # as they are, so that the chain covers what was there when they are sealed.
    for event in about.filter(personal_digest="").only("salt", *PERSONAL_FIELDS):
        AuditEvent.objects.filter(pk=event.pk).update(personal_digest=personal_digest(event))
    erased = about.update(actor_label="", ip="", detail={}, salt="", redacted_by=erasure.pk)
    erasure.detail = {**erasure.detail, ERASED_COUNT: erased}
    if not AuditEvent.objects.filter(pk=erasure.pk, seq__isnull=True).update(detail=erasure.detail):
        raise RuntimeError("the erasure's audit record was sealed before it said what it erased")
    return erased
