from django.apps import AppConfig


class Config(AppConfig):
    name = "tandem.tasks"
    label = "tasks"
    verbose_name = "Background work"
    default_auto_field = "django.db.models.BigAutoField"
