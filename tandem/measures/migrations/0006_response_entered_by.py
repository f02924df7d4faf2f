"""Answers a client gave on paper, by phone or aloud, entered by their therapist (issue 19.5).

Every response stored before this was typed in by its respondent, so each keeps "self" (the
field's default) and no one as having entered it for them.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0002_episode_problem"),
        ("measures", "0005_snapshot_kind_alert_replay"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="response",
            name="entered_by",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="entered_responses",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="response",
            name="entry_method",
            field=models.CharField(
                choices=[
                    ("self", "Entered by the respondent"),
                    ("paper", "From a paper form"),
                    ("phone", "Given by phone"),
                    ("read_aloud", "Read aloud in the session"),
                ],
                default="self",
                max_length=12,
            ),
        ),
        migrations.AddIndex(
            model_name="response",
            index=models.Index(
                condition=models.Q(("entered_by__isnull", False)),
                fields=["entered_by"],
                name="response_entered_by",
            ),
        ),
    ]
