"""Schedules by named timepoint: each stored rule becomes the timepoints that mean the same.

every_session -> [every_session]; first_session -> [assessment]; every_n -> [every_n] (the first
session, then every N, as before). Nothing is added: a practice's schedules collect exactly what
they collected before, and no follow-up starts until its admin chooses one. Going back turns the
timepoints into the nearest old rule (follow-ups and the last session have none and are dropped).
"""

from django.db import migrations, models

FROM_RULE = {
    "every_session": ["every_session"],
    "first_session": ["assessment"],
    "every_n": ["every_n"],
}


def rules_to_timepoints(apps, schema_editor):
    Schedule = apps.get_model("measures", "Schedule")
    for rule, timepoints in FROM_RULE.items():
        Schedule.objects.filter(rule=rule).update(timepoints=timepoints)


def timepoints_to_rules(apps, schema_editor):
    Schedule = apps.get_model("measures", "Schedule")
    for schedule in Schedule.objects.all():
        chosen = set(schedule.timepoints or [])
        if "every_session" in chosen:
            rule = "every_session"
        elif "every_n" in chosen:
            rule = "every_n"
        elif "assessment" in chosen:
            rule = "first_session"
        else:
            rule = "every_session"
            schedule.active = False  # only follow-ups or the last session: nothing in sessions
        schedule.rule = rule
        schedule.save(update_fields=["rule", "active"])


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0006_response_entered_by"),
    ]

    operations = [
        migrations.AddField(
            model_name="schedule",
            name="timepoints",
            field=models.JSONField(default=list),
        ),
        migrations.RunPython(rules_to_timepoints, timepoints_to_rules),
        migrations.RemoveField(model_name="schedule", name="rule"),
    ]
