from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tandem.reports"
    label = "reports"
    verbose_name = "Reports and dashboards"

    def ready(self) -> None:
        from tandem.measures import snapshots
        from tandem.measures.models import PracticeSnapshot
        from tandem.reports.alert_replay import compute_replay_payload
        from tandem.reports.practice import compute_report_payload

        snapshots.register(PracticeSnapshot.PRACTICE_REPORT, compute_report_payload)
        snapshots.register(PracticeSnapshot.ALERT_REPLAY, compute_replay_payload)
