from django.apps import AppConfig


class Config(AppConfig):
    name = "tandem.safety"
    label = "safety"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from datetime import timedelta

        from tandem.safety.tasks import escalate_overdue_alerts
        from tandem.tasks.periodic import register

        register("escalation", escalate_overdue_alerts, timedelta(minutes=5))
