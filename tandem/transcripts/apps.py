from django.apps import AppConfig


class Config(AppConfig):
    name = "tandem.transcripts"
    label = "transcripts"
    verbose_name = "Transcript analysis"
    default_auto_field = "django.db.models.BigAutoField"
