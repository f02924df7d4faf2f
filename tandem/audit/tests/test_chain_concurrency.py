"""Many writers at once: every committed record ends up in the chain, once, with no gap.

PostgreSQL hands out ids when rows are inserted, not when they commit, so a record with a lower id
can become visible after one with a higher id. The sealer only ever sees committed records and
seals them in the order it sees them, so such a record is sealed in a later round, after the
higher ids, and nothing is skipped. These tests need real concurrent transactions: PostgreSQL.
"""

from __future__ import annotations

import random
import threading
from typing import Any

import pytest
from django.db import connection, transaction

from tandem.audit import chain
from tandem.audit.chain import record, seal, verify
from tandem.audit.models import AuditEvent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writers: run on PostgreSQL (make test-postgres); "
        "SQLite lets one writer in at a time",
    ),
]


def _write(people: Any, label: str) -> None:
    record(actor=people.therapist, action="client.view", obj=people.client, detail={"w": label})


def test_a_record_that_commits_late_is_sealed_after_later_ids(
    people: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(chain, "_next_seal_at", float("inf"))  # only this test seals
    inserted, release = threading.Event(), threading.Event()

    def slow_writer() -> None:
        try:
            with transaction.atomic():
                _write(people, "slow")
                inserted.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=slow_writer)
    thread.start()
    assert inserted.wait(30)
    _write(people, "quick")  # a higher id, committed first
    slow_id = AuditEvent.objects.get(detail__w="quick").pk - 1
    assert seal() == 1
    assert AuditEvent.objects.get(detail__w="quick").seq == 1
    release.set()
    thread.join(30)
    slow = AuditEvent.objects.get(detail__w="slow")
    assert slow.pk == slow_id and slow.seq is None
    assert seal() == 1
    slow.refresh_from_db()
    assert slow.seq == 2 and slow.prev_hash == AuditEvent.objects.get(seq=1).hash
    report = verify()
    assert report.ok and report.checked == 2 and report.unsealed == 0


def test_concurrent_writers_and_sealers_leave_one_whole_chain(people: Any) -> None:
    writers, transactions_each = 4, 40
    errors: list[BaseException] = []
    writing = threading.Event()
    writing.set()

    def writer(n: int) -> None:
        rng = random.Random(n)
        try:
            for t in range(transactions_each):
                with transaction.atomic():
                    for k in range(rng.randint(1, 3)):
                        _write(people, f"{n}-{t}-{k}")
                        if rng.random() < 0.3:
                            threading.Event().wait(rng.random() / 200)
        except BaseException as exc:  # noqa: BLE001 — reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    def sealer(wait: bool) -> None:
        try:
            while writing.is_set():
                seal(wait=wait)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    sealers = [threading.Thread(target=sealer, args=(w,)) for w in (True, False)]
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for thread in sealers + threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    writing.clear()
    for thread in sealers:
        thread.join(60)
    assert errors == []
    seal()
    total = AuditEvent.objects.count()
    assert total >= writers * transactions_each
    report = verify()
    assert report.ok, report.reason
    assert report.checked == total and report.unsealed == 0
    seqs = sorted(AuditEvent.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, total + 1))
