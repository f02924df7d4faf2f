from django.apps import AppConfig


class Config(AppConfig):
    name = "tandem.api"
    label = "api"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from datetime import timedelta

        from tandem.api.tasks import forget_expired_idempotency_keys
        from tandem.tasks.periodic import register

        # Stored answers to retried API requests, deleted after their lifetime (issue 16.11).
        register("idempotency", forget_expired_idempotency_keys, timedelta(hours=1))
