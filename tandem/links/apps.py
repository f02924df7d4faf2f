from django.apps import AppConfig


class Config(AppConfig):
    name = "tandem.links"
    label = "links"
    verbose_name = "Questionnaire links"
    default_auto_field = "django.db.models.BigAutoField"
