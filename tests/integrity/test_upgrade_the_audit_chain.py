"""An audit chain hashed the old way (over the raw email, address and detail) upgrades to the
erasable kind (tandem/audit/migrations/0004_personal_digest.py), and a tampered one does not.

The chain is built with the schema and the sealing code of before: the hash written out below is
the one Tandem used until then. The upgrade verifies it, re-hashes it, and seals one more record
that carries the old chain's head; afterwards today's ``verify`` passes and an erasure works on
the upgraded records. A chain changed behind the old code's back stops the upgrade, which then
changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tandem.audit.chain import ERASED_COUNT, verify
from tandem.audit.models import AuditEvent

BEFORE = [("audit", "0003_number_the_existing_chain")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    """Migrate to ``targets``; the models as they then stand (every other app as it is today)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    apps_moved = {app for app, _ in targets}
    others = [n for n in executor.loader.graph.leaf_nodes() if n[0] not in apps_moved]
    return executor.loader.project_state(others + targets).apps


def _latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def old_digest(event: Any) -> str:
    """The record hash as Tandem computed it before the upgrade."""
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


def old_chain(old: Any) -> dict[str, Any]:
    """Records written and sealed the old way; a client's login deleted afterwards, which emptied
    the actor of their records (as deleting any account did then); one record left unsealed."""
    Practice = old.get_model("accounts", "Practice")
    User = old.get_model("accounts", "User")
    Event = old.get_model("audit", "AuditEvent")
    practice = Practice.objects.create(name="Harbour", slug="harbour")
    therapist = User.objects.create(email="t@harbour.test", practice=practice, password="!")
    gone = User.objects.create(email="gone@mail.test", practice=practice, password="!")
    start = timezone.now() - timedelta(days=3)
    previous = ""
    rows = [
        (therapist, "client.view", 7, {}),
        (gone, "login", None, {}),
        (gone, "response.create", 7, {"instrument": "phq9"}),
        (therapist, "session.delete", 7, {"reason": "wrong client", "number": 2}),
        (None, "reminder.send", 7, {"slot": 1}),
    ]
    for seq, (actor, action, client_id, detail) in enumerate(rows, start=1):
        event = Event.objects.create(
            at=start + timedelta(minutes=seq),
            actor=actor,
            actor_label=actor.email if actor else "system",
            practice_id=practice.pk,
            client_id=client_id,
            action=action,
            ip="192.0.2.5" if actor else "",
            detail=detail,
            seq=seq,
            prev_hash=previous,
        )
        event.hash = previous = old_digest(event)
        event.save(update_fields=["hash"])
    Event.objects.create(actor=therapist, actor_label=therapist.email, action="client.view")
    gone_pk = gone.pk
    gone.delete()
    assert Event.objects.filter(actor__isnull=True, actor_label="gone@mail.test").count() == 2
    return {"head": previous, "length": len(rows), "gone": gone_pk, "therapist": therapist.pk}


@pytest.mark.django_db(transaction=True)
def test_an_old_chain_is_verified_re_hashed_and_carried_into_the_new_one() -> None:
    latest = _latest()
    old = _migrate(BEFORE)
    try:
        made = old_chain(old)
        old_hashes = dict(old.get_model("audit", "AuditEvent").objects.values_list("pk", "hash"))
    finally:
        _migrate(latest)

    report = verify()
    assert report.ok, report.reason
    assert report.checked == made["length"] + 1 and report.unsealed == 1
    upgrade = AuditEvent.objects.get(action="audit.upgrade")
    assert upgrade.seq == made["length"] + 1
    assert upgrade.detail == {
        "old_chain_records": made["length"],
        "old_chain_head_hash": made["head"],
        "actors_put_back": 2,
    }
    sealed = AuditEvent.objects.filter(seq__lte=made["length"]).order_by("seq")
    assert all(e.hash != old_hashes[e.pk] and e.salt and e.personal_digest for e in sealed)
    # The deleted account's number, which its old hash pinned, is back on its records.
    assert (
        AuditEvent.objects.filter(actor_label="gone@mail.test")
        .exclude(actor_id=made["gone"])
        .count()
        == 0
    )
    # Each record has a salt of its own, the unsealed one too; sealing it extends the chain.
    assert AuditEvent.objects.values("salt").distinct().count() == AuditEvent.objects.count()
    from tandem.audit.chain import seal

    assert seal() == 1 and verify().ok and verify().checked == made["length"] + 2


@pytest.mark.django_db(transaction=True)
def test_the_upgraded_records_can_be_erased_and_still_verify() -> None:
    from tandem.audit.chain import record, seal
    from tandem.audit.redaction import redact_client

    latest = _latest()
    old = _migrate(BEFORE)
    try:
        made = old_chain(old)
    finally:
        _migrate(latest)
    with transaction.atomic():
        erasure = record(actor=None, action="client.erase", client_id=7, detail={"episodes": 1})
        assert redact_client(7, made["gone"], erasure) == 5
    seal()
    report = verify()
    assert report.ok, report.reason
    assert report.redacted == 5 and AuditEvent.objects.get(pk=erasure.pk).detail[ERASED_COUNT] == 5
    assert not AuditEvent.objects.filter(actor_label="gone@mail.test").exists()
    assert not AuditEvent.objects.filter(detail__has_key="reason").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "tamper",
    [
        {"detail": {"reason": "routine"}},
        {"actor_label": "someone-else@harbour.test"},
        {"action": "client.list"},
    ],
)
def test_a_tampered_old_chain_stops_the_upgrade_and_nothing_changes(tamper: dict[str, Any]) -> None:
    latest = _latest()
    old = _migrate(BEFORE)
    Event = old.get_model("audit", "AuditEvent")
    try:
        old_chain(old)
        target = Event.objects.get(seq=4)
        Event.objects.filter(pk=target.pk).update(**tamper)
        before = list(Event.objects.order_by("pk").values())
        with pytest.raises(CommandError) as refused:
            _migrate(latest)
        assert f"record {target.pk} (place 4 in the chain) does not match" in str(refused.value)
        assert "changed nothing" in str(refused.value)
        # Still the old schema, with the same rows, hashes and all.
        applied = MigrationExecutor(connection).loader.applied_migrations
        assert ("audit", "0004_personal_digest") not in applied
        assert list(Event.objects.order_by("pk").values()) == before
    finally:
        Event.objects.all().delete()
        _migrate(latest)
