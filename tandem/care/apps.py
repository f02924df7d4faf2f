from django.apps import AppConfig


class Config(AppConfig):
    name = "tandem.care"
    label = "care"
    default_auto_field = "django.db.models.BigAutoField"
