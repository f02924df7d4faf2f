from django.apps import AppConfig


class Config(AppConfig):
    name = "tandem.room"
    label = "room"
    verbose_name = "In the room"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from datetime import timedelta

        from tandem.room.tasks import close_left_handovers
        from tandem.tasks.periodic import register

        register("left handovers", close_left_handovers, timedelta(hours=1))
