"""When Tandem's hourly job closed a hand-over left on its device.

Filled for what is already there: a hand-over still ended as left was closed when it ended; one
unlocked after the job closed it lost that in its ended_at/ended_how, and the job's room.abandoned
audit record keeps it (at the job's own moment when the job also locked it: then locked_at is that
moment exactly; else the record's time, within a moment of it).
"""

from django.db import migrations, models


def fill(apps, schema_editor):
    Handover = apps.get_model("room", "Handover")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    Handover.objects.filter(ended_how="abandoned", closed_by_tandem_at__isnull=True).update(
        closed_by_tandem_at=models.F("ended_at")
    )
    events = AuditEvent.objects.filter(action="room.abandoned", object_type="Handover")
    for object_id, at, detail in events.values_list("object_id", "at", "detail").iterator():
        if not str(object_id).isdigit():
            continue
        handover = Handover.objects.filter(
            pk=int(object_id), closed_by_tandem_at__isnull=True
        ).first()
        if handover is None:
            continue
        locked_now = isinstance(detail, dict) and detail.get("locked_now") is True
        handover.closed_by_tandem_at = (
            handover.locked_at if locked_now and handover.locked_at else at
        )
        handover.save(update_fields=["closed_by_tandem_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("room", "0002_handover_closed_when_left"),
        # Reads only fields every audit schema has (as measures 0010 does): no later audit
        # migration need come first.
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="handover",
            name="closed_by_tandem_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
