"""The audit trail is a hash chain: altering or removing a record is detected."""

import pytest

from tandem.audit.chain import record, verify
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
    report = verify()
    assert report.ok and report.checked == AuditEvent.objects.count()


def test_it_detects_an_altered_record(people):
    make_events(people)
    target = AuditEvent.objects.order_by("id")[2]
    AuditEvent.objects.filter(pk=target.pk).update(actor_label="someone-else@harbour.test")
    report = verify()
    assert not report.ok and report.broken_at == target.pk


def test_it_detects_a_removed_record(people):
    make_events(people)
    events = list(AuditEvent.objects.order_by("id"))
    events[2].delete()
    report = verify()
    assert not report.ok and report.broken_at == events[3].pk


def test_it_records_who_viewed_a_clients_record(client, people):
    client.force_login(people.therapist)
    client.get(f"/clients/{people.client.pk}/", REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.filter(action="client.view").get()
    assert event.actor == people.therapist and event.client_id == people.client.pk
    assert event.ip == "10.1.2.3" and event.practice_id == people.practice.pk
