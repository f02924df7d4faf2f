from django.apps import AppConfig


class Config(AppConfig):
    name = "tandem.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tandem.accounts import signals  # noqa: F401 — connects the receivers
