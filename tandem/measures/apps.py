from django.apps import AppConfig


class Config(AppConfig):
    name = "tandem.measures"
    label = "measures"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from datetime import timedelta

        from tandem.measures import snapshots
        from tandem.measures.analytics import compute_bands_payload
        from tandem.measures.models import PracticeSnapshot
        from tandem.measures.tasks import recompute_all_practices
        from tandem.tasks.periodic import register

        snapshots.register(PracticeSnapshot.BANDS, compute_bands_payload)
        # Expected bands and practice reports, relearned every night (and at a worker's first
        # start, so a new installation has them by the time anyone looks).
        register("snapshots", recompute_all_practices, timedelta(days=1), at_hour=2)
