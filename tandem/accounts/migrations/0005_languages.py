# The language a person chose and their practice's (docs/i18n.md). A database default, so that code
# still running from before this migration (a rolling upgrade, a migration test) can add rows.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_flows_security"),
    ]

    operations = [
        migrations.AddField(
            model_name="practice",
            name="language",
            field=models.CharField(blank=True, db_default="", default="", max_length=16),
        ),
        migrations.AddField(
            model_name="user",
            name="language",
            field=models.CharField(blank=True, db_default="", default="", max_length=16),
        ),
    ]
