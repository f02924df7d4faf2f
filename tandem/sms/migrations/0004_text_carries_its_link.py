# A text keeps which personal link it carried, so that the link is withdrawn when what the text
# said is emailed instead (tandem.sms.tasks.email_instead).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("links", "0003_follow_up_links"),
        ("sms", "0003_text_for_a_follow_up"),
    ]

    operations = [
        migrations.AddField(
            model_name="textmessage",
            name="link",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="links.questionnairelink",
            ),
        ),
    ]
