"""'How well do our alerts work?': the replay over the practice's own ended episodes, for
practice admins and supervisors, kept as a snapshot the worker refreshes."""

from typing import Any

import pytest

from tandem.audit.models import AuditEvent
from tandem.measures import snapshots
from tandem.measures.models import PracticeSnapshot
from tandem.measures.tests.test_outcomes_from_db import build
from tandem.web.words import plain_spaces

pytestmark = pytest.mark.django_db


def test_the_practice_admin_sees_each_alert_against_how_episodes_ended(
    client: Any, people: Any
) -> None:
    build(people)  # two ended episodes with two or more sessions, one deteriorated
    client.force_login(people.admin)
    page = client.get("/reports/practice/alerts/").content.decode()
    assert "How well do our alerts work?" in page
    assert "3 ended episodes, 3 with a PHQ-9" not in page  # one of them has one session only
    assert (
        "3 ended episodes, 2 with a PHQ-9 at two or more sessions: 1 ended reliably worse" in page
    )
    assert "Too few episodes to judge." in page
    assert "Reliable deterioration" in page and 'id="alert-replay"' in page
    assert people.client.display_name not in plain_spaces(page)
    assert AuditEvent.objects.filter(action="report.alert_replay.view").exists()


def test_the_supervisor_sees_it_and_a_therapist_does_not(client: Any, people: Any) -> None:
    client.force_login(people.supervisor)
    assert client.get("/reports/practice/alerts/").status_code == 200
    client.force_login(people.therapist)
    assert client.get("/reports/practice/alerts/").status_code == 404


def test_the_worker_computes_it_with_the_other_practice_figures(people: Any) -> None:
    build(people)
    seconds = snapshots.recompute(people.practice.pk)
    assert PracticeSnapshot.ALERT_REPLAY in seconds
    kept = snapshots.read(people.practice.pk, PracticeSnapshot.ALERT_REPLAY)
    assert kept is not None and kept.payload["validation"]["reliable_deterioration"] == 1
