from django.apps import AppConfig


class Config(AppConfig):
    name = "tandem.tasks"
    label = "tasks"
    verbose_name = "Background work and reminders"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from datetime import timedelta

        from tandem.tasks.periodic import register
        from tandem.tasks.reminders import send_due_reminders

        register("reminders", send_due_reminders, timedelta(minutes=15))
