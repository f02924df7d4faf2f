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
