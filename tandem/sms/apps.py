from django.apps import AppConfig


class Config(AppConfig):
    name = "tandem.sms"
    label = "sms"
    verbose_name = "Text messages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from datetime import timedelta

        from tandem.sms.tasks import send_waiting_texts
        from tandem.tasks.periodic import register

        # Texts held through the practice's quiet hours go out within five minutes of their end.
        register("texts waiting", send_waiting_texts, timedelta(minutes=5))
