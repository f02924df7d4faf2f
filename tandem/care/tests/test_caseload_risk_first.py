"""Clients with an open risk alert come first on the caseload and their row says so; the
supervisor's page shows open risk alerts, escalated ones first."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.care.models import Client, Episode, Session
from tandem.measures.actions import submit_response
from tandem.safety.actions import escalate_overdue
from tandem.safety.models import RiskAlert
from tandem.web.words import plain_spaces

pytestmark = pytest.mark.django_db

PHQ9 = {f"q{i}": 0 for i in range(1, 10)}


def _risk(people):
    submit_response(
        people.client_user, people.episode, "phq9", PHQ9 | {"q9": 2}, session=people.session
    )
    return RiskAlert.objects.get(client=people.client)


def _another_client(people, name):
    other = Client.objects.create(
        practice=people.practice, display_name=name, therapist=people.therapist
    )
    episode = Episode.objects.create(client=other, therapist=people.therapist, number=1)
    Session.objects.create(episode=episode, number=1, date=timezone.localdate())
    return other


def test_a_client_with_an_open_risk_alert_is_first_and_the_row_says_so(client, people):
    # "Aaron" sorts before "Ada L." by name, and has something due; the risk still comes first.
    _another_client(people, "Aaron B.")
    _risk(people)
    client.force_login(people.therapist)
    page = client.get("/caseload/").content.decode()
    body = page[page.index("<tbody>") :]
    assert body.index("Ada\u00a0L.") < body.index("Aaron\u00a0B.")
    row = body[body.index("Ada\u00a0L.") : body.index("</tr>")]
    assert "Risk alert open" in row
    assert "Open risk alert since" in row and ": thoughts of self-harm (answered" in row


def test_once_acknowledged_the_row_no_longer_mentions_the_risk(client, people):
    alert = _risk(people)
    alert.acknowledged_at = timezone.now()
    alert.save()
    client.force_login(people.therapist)
    page = client.get("/caseload/").content.decode()
    assert "Risk alert open" not in page


def test_the_supervisor_sees_escalated_risk_alerts_of_clients_who_share(client, people):
    people.client.share_with_supervisor = True
    people.client.save()
    alert = _risk(people)
    escalate_overdue(now=alert.raised_at + timedelta(days=8))
    client.force_login(people.supervisor)
    page = client.get("/supervision/").content.decode()
    assert "Open risk alerts (1, 1 escalated to you)" in page
    assert "Risk to review" in page and "Escalated" in page


def test_without_sharing_the_supervisor_is_told_of_an_escalation_but_not_whose(client, people):
    alert = _risk(people)
    escalate_overdue(now=alert.raised_at + timedelta(days=8))
    client.force_login(people.supervisor)
    page = client.get("/supervision/").content.decode()
    assert "1 open risk alert (1 escalated to you) for a client who does not share" in page
    assert "Ada L." not in plain_spaces(page)


def test_the_caseload_api_rows_count_open_risk_alerts(people):
    from tandem.care.caseload import build_caseload

    _risk(people)
    (row,) = [r for r in build_caseload(people.therapist) if r.client == people.client]
    assert row.as_dict()["open_risk_alerts"] == 1
    assert row.as_dict()["attention"][0].startswith("Open risk alert since")
