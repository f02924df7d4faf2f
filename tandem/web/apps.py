from django.apps import AppConfig


class Config(AppConfig):
    name = "tandem.web"
    label = "web"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The pseudo-languages' names and direction (dir="rtl" for ar-xb), for when the test
        # suite offers them; nothing offers them otherwise.
        from django.conf.locale import LANG_INFO

        from tandem.web import pseudo

        LANG_INFO.update(pseudo.LANG_INFO)
