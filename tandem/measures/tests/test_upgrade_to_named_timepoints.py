"""A database from before named timepoints upgrades with every schedule meaning what it meant.

The schedules stored one rule each (every session, first session only, first then every N);
the migration turns each into named timepoints. This builds the schema as it stood before,
stores one schedule of each rule, migrates to today and asks today's due rule at sessions 1 to 30:
the same answers as the old rule, no follow-up added, and going back gives the rules back.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tandem.core.schedule import due_at_session, follow_ups_due
from tandem.measures.models import Schedule

BEFORE = [("measures", "0006_response_entered_by")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _old_rule(rule: str, n: int, every_n: int | None) -> bool:
    if rule == "every_session":
        return True
    if rule == "first_session":
        return n == 1
    assert every_n is not None
    return (n - 1) % every_n == 0


OLD = [
    ("phq9", "every_session", None, True),
    ("gad7", "first_session", None, True),
    ("growth", "every_n", 4, True),
    ("reliance", "every_n", 3, False),
]


@pytest.mark.django_db(transaction=True)
def test_old_schedules_keep_their_meaning_through_the_upgrade_and_back():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    old = _migrate(BEFORE)
    try:
        Practice = old.get_model("accounts", "Practice")
        OldSchedule = old.get_model("measures", "Schedule")
        practice = Practice.objects.create(name="Harbour", slug="harbour")
        for instrument_id, rule, every_n, active in OLD:
            OldSchedule.objects.create(
                practice=practice,
                instrument_id=instrument_id,
                rule=rule,
                every_n=every_n,
                active=active,
            )
    finally:
        _migrate(latest)

    for instrument_id, rule, every_n, active in OLD:
        schedule = Schedule.objects.get(practice__slug="harbour", instrument_id=instrument_id)
        assert schedule.active == active and schedule.every_n == every_n
        for n in range(1, 31):
            assert due_at_session(schedule.timepoints, n, schedule.every_n) == _old_rule(
                rule, n, every_n
            ), (instrument_id, n)
        # Nothing new starts: no follow-up after the ending, no last-session questionnaire.
        assert not {"last_session", "follow_up_1m", "follow_up_3m", "follow_up_6m"} & set(
            schedule.timepoints
        )
    assert all(
        follow_ups_due(s.timepoints, date(2026, 1, 1), date(2027, 1, 1)) == []
        for s in Schedule.objects.all()
    )
    assert Schedule.objects.get(instrument_id="gad7").timepoints == ["assessment"]

    # And back again: the rules return as they were.
    back = _migrate(BEFORE)
    try:
        rules = {
            s.instrument_id: (s.rule, s.every_n, s.active)
            for s in back.get_model("measures", "Schedule").objects.all()
        }
        assert rules == {i: (r, n, a) for i, r, n, a in OLD}
    finally:
        _migrate(latest)
