from django.apps import AppConfig


class Config(AppConfig):
    name = "tandem.safety"
    label = "safety"
    default_auto_field = "django.db.models.BigAutoField"
