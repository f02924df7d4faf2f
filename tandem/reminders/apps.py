from django.apps import AppConfig


class Config(AppConfig):
    name = "tandem.reminders"
    label = "reminders"
    verbose_name = "Reminders"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from datetime import timedelta

        from tandem.reminders.tasks import send_due_reminders
        from tandem.tasks.periodic import register

        register("reminders", send_due_reminders, timedelta(minutes=15))
