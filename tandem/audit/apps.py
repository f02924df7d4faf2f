from django.apps import AppConfig


class Config(AppConfig):
    name = "tandem.audit"
    label = "audit"
    default_auto_field = "django.db.models.BigAutoField"
