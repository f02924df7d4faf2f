from django.apps import AppConfig


class Config(AppConfig):
    name = "tandem.followup"
    label = "followup"
    verbose_name = "Follow-up after the ending"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from datetime import timedelta

        from tandem.followup.link_purpose import PURPOSE
        from tandem.followup.mail import TEXT_PURPOSE
        from tandem.followup.tasks import open_due_follow_ups
        from tandem.links import purposes
        from tandem.sms import purposes as text_purposes
        from tandem.sms.models import TextMessage
        from tandem.tasks.periodic import register

        register("follow-ups", open_due_follow_ups, timedelta(minutes=15))
        # A personal link can open a check-in: the link app asks this one what it holds.
        purposes.register(purposes.FOLLOW_UP, PURPOSE)
        # A check-in's notice can go by text: the text app asks this one what it says.
        text_purposes.register(TextMessage.FOLLOW_UP, TEXT_PURPOSE)
