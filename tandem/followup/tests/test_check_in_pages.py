"""The client's check-in in the portal (crisis path included), and the request it raises on the
therapist's caseload: seen, closed, audited, nobody else's, and the admin's once the therapist
has left."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from tandem.audit.models import AuditEvent
from tandem.followup.actions import open_follow_up
from tandem.followup.models import ReturningRequest
from tandem.followup.tests.conftest import gad7, phq9
from tandem.safety.models import RiskAlert
from tandem.web.words import plain_spaces

pytestmark = pytest.mark.django_db

DUE = date(2026, 2, 28)


@pytest.fixture
def travel():
    with time_machine.travel(DUE, tick=False):
        yield


@pytest.fixture
def check_in(ended, travel):
    return open_follow_up(ended.episode.pk, 1, DUE)


def _answer_all(client, follow_up, talk: str, phq9_total: int = 4):
    base = f"/portal/follow-up/{follow_up.pk}/"
    assert client.post(base + "phq9/", phq9(phq9_total)).status_code == 302
    assert client.post(base + "gad7/", gad7(3)).status_code == 302
    return client.post(base + "talk_again/", {"talk": talk}, follow=True)


def test_the_portal_offers_the_check_in_with_kind_words(client, ended, check_in):
    client.force_login(ended.client_user)
    home = client.get("/portal/").content.decode()
    assert "How are you doing?" in home and f"/portal/follow-up/{check_in.pk}/" in home
    page = client.get(f"/portal/follow-up/{check_in.pk}/").content.decode()
    assert "We hope things are going well" in page
    assert "Would you like to talk to your therapist again?" in page
    assert AuditEvent.objects.filter(action="followup.view", client_id=ended.client.pk).exists()


def test_answering_yes_thanks_the_client_and_reaches_the_therapist(client, ended, check_in):
    client.force_login(ended.client_user)
    page = _answer_all(client, check_in, talk="1").content.decode()
    assert "Thank you" in page and "will be in touch" in page
    request = ReturningRequest.objects.get()
    client.force_login(ended.therapist)
    caseload = client.get("/caseload/").content.decode()
    assert "Asking to come back" in caseload and "Ada\u00a0L." in caseload
    assert "said they would like to talk to you again" in caseload
    assert client.post(f"/returning/{request.pk}/seen/").status_code == 302
    request.refresh_from_db()
    assert request.acknowledged_by == ended.therapist and request.closed_at is None
    assert client.post(f"/returning/{request.pk}/close/", {"note": "Booked in"}).status_code == 302
    request.refresh_from_db()
    assert request.closed_at is not None and request.close_note == "Booked in"
    assert "Asking to come back" not in client.get("/caseload/").content.decode()
    assert set(
        AuditEvent.objects.filter(action__startswith="returning.").values_list("action", flat=True)
    ) == {"returning.request", "returning.acknowledge", "returning.close"}
    # Closed is closed: a second close changes nothing.
    page = client.post(f"/returning/{request.pk}/close/", follow=True).content.decode()
    assert "already closed" in page


def test_a_risk_answer_at_follow_up_still_leads_to_the_crisis_page(client, ended, check_in):
    client.force_login(ended.client_user)
    answers = phq9(4) | {"q9": 2}
    page = client.post(f"/portal/follow-up/{check_in.pk}/phq9/", answers)
    assert page.status_code == 302 and page["Location"] == "/portal/support/?after=answers"
    assert RiskAlert.objects.filter(client=ended.client).exists()


def test_nobody_else_sees_or_answers_the_check_in(client, ended, check_in):
    for someone in (ended.other_client_user, ended.outsider_client_user):
        client.force_login(someone)
        assert client.get(f"/portal/follow-up/{check_in.pk}/").status_code == 404
        assert client.post(f"/portal/follow-up/{check_in.pk}/phq9/", phq9(4)).status_code == 404
    client.force_login(ended.client_user)
    assert client.get(f"/portal/follow-up/{check_in.pk}/growth/").status_code == 404
    assert client.get(f"/portal/follow-up/{check_in.pk + 999}/").status_code == 404
    assert check_in.responses.count() == 0


def test_a_check_in_past_its_weeks_is_closed(client, ended, check_in):
    with time_machine.travel(date(2026, 3, 28), tick=False):
        client.force_login(ended.client_user)
        page = client.post(f"/portal/follow-up/{check_in.pk}/phq9/", phq9(4), follow=True)
        assert "closed now" in page.content.decode()
        assert "How are you doing?" not in client.get("/portal/").content.decode()
    assert check_in.responses.count() == 0


def test_another_therapist_cannot_see_or_handle_the_request(client, ended, check_in):
    client.force_login(ended.client_user)
    _answer_all(client, check_in, talk="1")
    request = ReturningRequest.objects.get()
    for someone in (ended.colleague, ended.outsider, ended.supervisor):
        client.force_login(someone)
        assert client.post(f"/returning/{request.pk}/seen/").status_code == 404
        assert client.post(f"/returning/{request.pk}/close/").status_code == 404
    client.force_login(ended.colleague)
    assert "Asking to come back" not in client.get("/caseload/").content.decode()
    request.refresh_from_db()
    assert request.acknowledged_at is None and request.closed_at is None


def test_the_admin_sees_it_only_once_the_therapist_has_left(client, ended, check_in):
    client.force_login(ended.client_user)
    _answer_all(client, check_in, talk="0", phq9_total=12)  # reliably worse, said no
    request = ReturningRequest.objects.get()
    client.force_login(ended.admin)
    assert "Ada L." not in plain_spaces(client.get("/practice/returning/").content.decode())
    assert client.post(f"/returning/{request.pk}/close/").status_code == 404
    ended.therapist.is_active = False
    ended.therapist.save()
    page = client.get("/practice/returning/").content.decode()
    assert "Ada\u00a0L." in page
    assert "PHQ" not in page and "worse" not in page  # no answers for the admin
    assert client.post(f"/returning/{request.pk}/close/").status_code == 302
    request.refresh_from_db()
    assert request.closed_by == ended.admin


def test_the_admin_finds_the_page_from_the_practice_page(client, ended):
    client.force_login(ended.admin)
    assert 'href="/practice/returning/"' in client.get("/practice/").content.decode()
    assert AuditEvent.objects.filter(action="practice.returning.view").count() == 0
    client.get("/practice/returning/")
    assert AuditEvent.objects.filter(action="practice.returning.view").count() == 1
