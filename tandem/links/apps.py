from django.apps import AppConfig


class Config(AppConfig):
    name = "tandem.links"
    label = "links"
    verbose_name = "Questionnaire links"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from datetime import timedelta

        from tandem.links.tasks import forget_wrong_link_addresses
        from tandem.tasks.periodic import register

        register("link guesses", forget_wrong_link_addresses, timedelta(hours=1))
