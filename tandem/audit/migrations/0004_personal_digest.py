"""The audit chain hashes a record's personal fields through a salted digest, so that erasing a
client can blank them without breaking the chain (``tandem.audit.redaction``).

The existing chain was hashed the old way, over the raw fields. It is verified first, the old way;
if it does not verify, the upgrade stops with the reason and changes nothing (one transaction).
Then every sealed record gets a salt and a personal digest and is re-hashed the new way, in the
same order, and one more record is sealed at the end, noting the old chain's length and head hash,
so that the proof of the old chain is carried into the new one.

Before this, deleting a user set the actor of their audit records to nothing, which altered
hashed records: the check finds each such record's actor among the numbers of deleted accounts
(the only value its old hash accepts) and puts it back. The actor of a record is now a number kept
when the account goes.

The digests are written out here, not imported: this migration must go on meaning what it meant
when it was written, whatever the code does later.
"""

import hashlib
import json
import secrets

import django.db.models.deletion
from django.conf import settings
from django.core.management.base import CommandError
from django.db import migrations, models
from django.utils import timezone

import tandem.audit.models

BATCH = 2000


def _canonical(body):
    return json.dumps(body, sort_keys=True, separators=(",", ":"), default=str).encode()


def _old_digest(event, actor_id):
    return hashlib.sha256(
        _canonical(
            {
                "at": event.at.isoformat(),
                "actor": actor_id,
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
        )
    ).hexdigest()


def _personal_digest(event):
    body = {"actor_label": event.actor_label, "ip": event.ip, "detail": event.detail}
    return hashlib.sha256(event.salt.encode() + _canonical(body)).hexdigest()


def _new_digest(event):
    return hashlib.sha256(
        _canonical(
            {
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
        )
    ).hexdigest()


def _deleted_user_ids(apps, connection):
    """Numbers once given to accounts that no longer exist, newest first."""
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    table = User._meta.db_table
    existing = set(User.objects.values_list("pk", flat=True))
    highest = max(existing, default=0)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            if sequence:
                cursor.execute(f"SELECT last_value FROM {sequence}")  # noqa: S608 — a name
                highest = max(highest, cursor.fetchone()[0])
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            if row:
                highest = max(highest, row[0])
    return [pk for pk in range(highest, 0, -1) if pk not in existing]


def _sealed(Event):
    """The sealed records in chain order, a batch at a time."""
    last = 0
    while True:
        batch = list(Event.objects.filter(seq__gt=last).order_by("seq")[:BATCH])
        if not batch:
            return
        yield from batch
        last = batch[-1].seq


def _walk_old_chain(apps, connection):
    """Verify the chain the old way. Returns (length, head hash, {record id: actor number put
    back}); stops the upgrade if it does not verify."""
    Event = apps.get_model("audit", "AuditEvent")
    previous, checked, restored = "", 0, {}
    deleted, found_for = None, {}
    for event in _sealed(Event):
        reason = ""
        if event.seq != checked + 1 or event.prev_hash != previous:
            reason = "a record before it was removed or altered"
        elif _old_digest(event, event.actor_id) != event.hash:
            reason = "it was altered"
            if event.actor_id is None and event.actor_label not in ("", "system", "anonymous"):
                # Its account was deleted, which emptied the actor: find the number it had.
                if deleted is None:
                    deleted = _deleted_user_ids(apps, connection)
                guess = found_for.get(event.actor_label)
                candidates = ([guess] if guess is not None else []) + deleted
                for pk in candidates:
                    if _old_digest(event, pk) == event.hash:
                        restored[event.pk] = found_for[event.actor_label] = pk
                        reason = ""
                        break
        if reason:
            raise CommandError(
                f"The audit trail's hash chain does not verify: record {event.pk} (place "
                f"{event.seq} in the chain) does not match, as {reason}. The upgrade to erasable "
                "audit records stopped here and changed nothing. Find out what happened to that "
                "record (a backup of the database holds it as it was) before upgrading again."
            )
        previous = event.hash
        checked += 1
    return checked, previous, restored


def refuse_a_broken_chain(apps, schema_editor):
    _walk_old_chain(apps, schema_editor.connection)


def reseal_the_new_way(apps, schema_editor):
    Event = apps.get_model("audit", "AuditEvent")
    length, old_head, restored = _walk_old_chain(apps, schema_editor.connection)
    previous = ""
    batch = []

    def flush():
        Event.objects.bulk_update(batch, ["actor", "salt", "personal_digest", "prev_hash", "hash"])
        batch.clear()

    for event in _sealed(Event):
        event.actor_id = restored.get(event.pk, event.actor_id)
        event.salt = secrets.token_hex(32)
        event.personal_digest = _personal_digest(event)
        event.prev_hash = previous
        event.hash = previous = _new_digest(event)
        batch.append(event)
        if len(batch) >= BATCH:
            flush()
    flush()
    # Records not yet sealed each get a salt of their own (the new column's default gave them
    # all the same one); the sealer works out their digest.
    for pk in Event.objects.filter(seq__isnull=True).values_list("pk", flat=True).iterator():
        Event.objects.filter(pk=pk).update(salt=secrets.token_hex(32))
    if length == 0:
        return
    upgrade = Event(
        at=timezone.now(),
        actor_label="system",
        action="audit.upgrade",
        object_type="AuditChain",
        outcome="ok",
        detail={
            "old_chain_records": length,
            "old_chain_head_hash": old_head,
            "actors_put_back": len(restored),
        },
        salt=secrets.token_hex(32),
        seq=length + 1,
        prev_hash=previous,
    )
    upgrade.personal_digest = _personal_digest(upgrade)
    upgrade.hash = _new_digest(upgrade)
    upgrade.save()


def refuse_to_go_back(apps, schema_editor):
    if apps.get_model("audit", "AuditEvent").objects.filter(seq__isnull=False).exists():
        raise CommandError(
            "The audit chain has been re-hashed the new way and cannot be hashed the old way "
            "again; restore a backup taken before the upgrade instead."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_number_the_existing_chain"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(refuse_a_broken_chain, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="salt",
            field=models.CharField(blank=True, default=tandem.audit.models.new_salt, max_length=64),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="personal_digest",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="redacted_by",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(reseal_the_new_way, refuse_to_go_back),
    ]
