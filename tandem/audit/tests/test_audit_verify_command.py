"""`tandem audit verify` fails when one byte of a record is changed in the database."""

import pytest
from click.testing import CliRunner
from django.db import connection

from tandem.audit.chain import record
from tandem.audit.models import AuditEvent
from tandem.cli import main

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_passes_an_intact_trail_and_fails_after_one_byte_changes(people):
    for _ in range(3):
        record(
            actor=people.therapist,
            action="client.view",
            obj=people.client,
            client_id=people.client.pk,
        )
    ok = CliRunner().invoke(main, ["audit", "verify"])
    assert ok.exit_code == 0 and "chain intact" in ok.output
    target = AuditEvent.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        # One byte, straight in the database, as an attacker with database access would.
        cursor.execute(
            "UPDATE audit_auditevent SET action = %s WHERE id = %s", ["client.viev", target.pk]
        )
    broken = CliRunner().invoke(main, ["audit", "verify"])
    assert broken.exit_code == 1
    assert f"BROKEN at audit record {target.pk}" in broken.output


def test_it_seals_first_and_prints_the_head_to_keep_elsewhere(people):
    record(actor=people.therapist, action="client.view", obj=people.client)
    AuditEvent.objects.update(seq=None, hash="", prev_hash="")  # as if written a moment ago
    unsealed = CliRunner().invoke(main, ["audit", "verify", "--no-seal"])
    assert unsealed.exit_code == 0
    assert "1 record(s) written but not yet sealed" in unsealed.output
    sealed = CliRunner().invoke(main, ["audit", "verify"])
    head = AuditEvent.objects.get()
    assert sealed.exit_code == 0 and "not yet sealed" not in sealed.output
    assert f"head: record 1 of the chain, hash {head.hash}" in sealed.output


def test_it_finds_a_chain_rewritten_and_re_hashed_against_a_head_noted_earlier(people):
    from tandem.audit.chain import _digest, seal

    for _ in range(3):
        record(actor=people.therapist, action="client.view", obj=people.client)
    seal()
    first = AuditEvent.objects.get(seq=2)
    noted = f"2:{first.hash}"
    assert CliRunner().invoke(main, ["audit", "verify", "--head", noted]).exit_code == 0
    # Someone with database access edits record 2 and recomputes every hash from there on.
    previous = AuditEvent.objects.get(seq=1).hash
    for event in AuditEvent.objects.filter(seq__gte=2).order_by("seq"):
        if event.seq == 2:
            event.action = "client.list"
        event.prev_hash = previous
        event.hash = previous = _digest(event)
        event.save()
    assert CliRunner().invoke(main, ["audit", "verify"]).exit_code == 0  # the chain alone is fooled
    caught = CliRunner().invoke(main, ["audit", "verify", "--head", noted])
    assert caught.exit_code == 1 and "no longer has the hash noted earlier" in caught.output
