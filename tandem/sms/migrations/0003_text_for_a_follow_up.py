# A text can be about a follow-up check-in (tandem.sms.purposes), once per check-in.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sms", "0002_reminder_emailed_instead"),
    ]

    operations = [
        migrations.AddField(
            model_name="textmessage",
            name="about_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="textmessage",
            name="purpose",
            field=models.CharField(
                choices=[
                    ("code", "A code to verify the number"),
                    ("reminder", "A questionnaire reminder"),
                    ("follow_up", "A follow-up check-in"),
                ],
                max_length=10,
            ),
        ),
        migrations.AddConstraint(
            model_name="textmessage",
            constraint=models.UniqueConstraint(
                fields=("purpose", "about_id"), name="one_text_per_thing"
            ),
        ),
    ]
