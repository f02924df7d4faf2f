from django.apps import AppConfig


class Config(AppConfig):
    name = "tandem.measures"
    label = "measures"
    default_auto_field = "django.db.models.BigAutoField"
