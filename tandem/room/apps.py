from django.apps import AppConfig


class Config(AppConfig):
    name = "tandem.room"
    label = "room"
    verbose_name = "In the room"
    default_auto_field = "django.db.models.BigAutoField"
