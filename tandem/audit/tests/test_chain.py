"""The audit trail is a hash chain: altering or removing a sealed record is detected."""

import pytest

from tandem.audit.chain import record, seal, verify
from tandem.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def make_events(people, n=5):
    for i in range(n):
        record(
            actor=people.therapist,
            action="client.view",
            obj=people.client,
            client_id=people.client.pk,
            detail={"i": i},
        )


def test_it_verifies_an_untouched_chain(people):
    make_events(people)
    assert seal() == AuditEvent.objects.count()
    report = verify()
    assert report.ok and report.checked == AuditEvent.objects.count()
    assert report.unsealed == 0


def test_a_record_is_written_at_once_and_sealed_later(people):
    make_events(people, n=3)
    assert not AuditEvent.objects.filter(seq__isnull=False).exists()
    before = verify()
    assert before.ok and before.checked == 0 and before.unsealed == 3
    seal()
    after = verify()
    assert after.ok and after.checked == 3 and after.unsealed == 0
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3]
    assert after.head_seq == 3
    assert after.head_hash == AuditEvent.objects.get(seq=3).hash


def test_sealing_again_changes_nothing_and_extends_the_chain(people):
    make_events(people, n=2)
    seal()
    first = {e.pk: e.hash for e in AuditEvent.objects.all()}
    assert seal() == 0
    make_events(people, n=2)
    assert seal() == 2
    assert {e.pk: e.hash for e in AuditEvent.objects.filter(pk__in=first)} == first
    newest = AuditEvent.objects.get(seq=3)
    assert newest.prev_hash == AuditEvent.objects.get(seq=2).hash
    assert verify().checked == 4


def test_it_detects_an_altered_record(people):
    make_events(people)
    seal()
    target = AuditEvent.objects.order_by("id")[2]
    AuditEvent.objects.filter(pk=target.pk).update(actor_label="someone-else@harbour.test")
    report = verify()
    assert not report.ok and report.broken_at == target.pk


def test_it_detects_a_removed_record(people):
    make_events(people)
    seal()
    events = list(AuditEvent.objects.order_by("id"))
    events[2].delete()
    report = verify()
    assert not report.ok and report.broken_at == events[3].pk


def test_it_detects_a_sealed_record_passed_off_as_not_yet_sealed(people):
    # Unsealed records are not checked, so "unsealing" one to edit it freely must break the chain.
    make_events(people)
    seal()
    events = list(AuditEvent.objects.order_by("seq"))
    AuditEvent.objects.filter(pk=events[1].pk).update(seq=None, hash="", prev_hash="")
    report = verify()
    assert not report.ok and report.broken_at == events[2].pk


def test_it_records_who_viewed_a_clients_record(client, people):
    client.force_login(people.therapist)
    client.get(f"/clients/{people.client.pk}/", REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.filter(action="client.view").get()
    assert event.actor == people.therapist and event.client_id == people.client.pk
    assert event.ip == "10.1.2.3" and event.practice_id == people.practice.pk
