"""The worker queues escalation and reminders on a clock shared by all workers, each once a period."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tandem.measures.actions import submit_response
from tandem.safety.models import PracticeSafety, RiskAlert
from tandem.tasks.periodic import registered
from tandem.tasks.worker import schedule_periodic

SUPERVISOR = "supervisor@harbour.test"


def test_it_queues_each_periodic_job_once_per_period_whoever_asks(db_tasks):
    start = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        assert sorted(schedule_periodic()) == [
            "escalation",
            "follow-ups",
            "idempotency",
            "left handovers",
            "link guesses",
            "reminders",
            "snapshots",
            "texts waiting",
        ]
        assert schedule_periodic() == []  # a second worker, the same moment
    with time_machine.travel(start + timedelta(minutes=5, seconds=1), tick=False):
        assert schedule_periodic() == ["escalation", "texts waiting"]
    with time_machine.travel(start + timedelta(minutes=15, seconds=1), tick=False):
        assert sorted(schedule_periodic()) == [
            "escalation",
            "follow-ups",
            "reminders",
            "texts waiting",
        ]
    # every job once, then 2, then 4
    assert DBTaskResult.objects.count() == len(registered()) + 6


def test_it_recomputes_the_snapshots_every_night_at_two(db_tasks):
    start = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        assert "snapshots" in schedule_periodic()  # a first start: at once
    with time_machine.travel(datetime(2026, 3, 3, 1, 59, tzinfo=UTC), tick=False):
        assert "snapshots" not in schedule_periodic()
    with time_machine.travel(datetime(2026, 3, 3, 2, 0, 1, tzinfo=UTC), tick=False):
        assert "snapshots" in schedule_periodic()
    with time_machine.travel(datetime(2026, 3, 3, 23, 0, tzinfo=UTC), tick=False):
        assert "snapshots" not in schedule_periodic()
    paths = DBTaskResult.objects.values_list("task_path", flat=True)
    assert sum(p.endswith("recompute_all_practices") for p in paths) == 2


def test_it_escalates_an_overdue_risk_alert_without_anyone_running_a_command(
    people, db_tasks, smtp, run_worker
):
    PracticeSafety.objects.create(practice=people.practice, escalation_hours=2)
    start = timezone.now()
    answers = {f"q{i}": 1 for i in range(1, 9)} | {"q9": 2}
    with time_machine.travel(start, tick=False):
        submit_response(people.client_user, people.episode, "phq9", answers, session=people.session)
    alert = RiskAlert.objects.get()
    run_worker()  # the therapist's own notice goes out at once
    assert len(smtp.to("therapist@harbour.test")) == 1
    with time_machine.travel(start + timedelta(hours=2, minutes=1), tick=False):
        run_worker(periodic=True)
    alert.refresh_from_db()
    assert alert.escalated_at is not None
    [mail] = smtp.to(SUPERVISOR)
    assert "needs review" in mail["Subject"]
