"""PHQ-9 item 9: an answer above "not at all" reaches a person, and the client is not left alone with it."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.safety.actions import DEFAULT_CRISIS_TEXT, escalate_overdue
from tandem.safety.models import PracticeSafety, RiskAlert

pytestmark = pytest.mark.django_db


def phq9(item9):
    answers = {f"q{i}": "1" for i in range(1, 9)}
    answers["q9"] = str(item9)
    return answers


def submit(client, people, item9):
    client.force_login(people.client_user)
    return client.post(f"/portal/sessions/{people.session.pk}/phq9/", phq9(item9))


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_it_shows_the_support_page_first_for_any_answer_above_not_at_all(client, people, item9):
    response = submit(client, people, item9)
    assert response.status_code == 302 and response.url == "/portal/support/?after=answers"
    page = client.get(response.url)
    assert DEFAULT_CRISIS_TEXT.split(",")[0].encode() in page.content
    assert b"not watched around the clock" in page.content
    assert b"Continue" in page.content  # never blocks the client from carrying on
    assert RiskAlert.objects.get().value == item9


def test_it_raises_nothing_for_not_at_all(client, people):
    response = submit(client, people, 0)
    assert response.url == "/portal/"
    assert not RiskAlert.objects.exists()


def test_it_puts_the_alert_at_the_top_of_the_therapists_caseload_and_client_page(client, people):
    submit(client, people, 2)
    client.force_login(people.therapist)
    page = client.get("/caseload/").content.decode()
    assert "Risk to review" in page
    assert page.index("Risk to review") < page.index('id="caseload"')
    assert "More than half the days" in page
    assert "Risk to review" in client.get(f"/clients/{people.client.pk}/").content.decode()


def test_it_does_not_show_the_alert_to_a_colleague(client, people):
    submit(client, people, 2)
    client.force_login(people.colleague)
    assert b"Risk to review" not in client.get("/caseload/").content


def test_it_needs_a_note_to_acknowledge(client, people):
    submit(client, people, 1)
    alert = RiskAlert.objects.get()
    client.force_login(people.therapist)
    page = client.post(f"/risk/{alert.pk}/acknowledge/", {"note": ""}, follow=True)
    assert b"Please write a short note" in page.content
    alert.refresh_from_db()
    assert alert.is_open
    client.post(f"/risk/{alert.pk}/acknowledge/", {"note": "Phoned; safety plan reviewed"})
    alert.refresh_from_db()
    assert not alert.is_open and alert.acknowledged_by == people.therapist
    assert b"Risk to review" not in client.get("/caseload/").content
    actions = list(
        AuditEvent.objects.filter(client_id=people.client.pk).values_list("action", flat=True)
    )
    assert "risk.raise" in actions and "risk.acknowledge" in actions


def test_it_emails_the_therapist_without_any_clinical_detail(
    client, people, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, people, 3)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [people.therapist.email]
    body = (mail.subject + mail.body).lower()
    for secret in ["nearly every day", "dead", "harm", "phq", "ada", "item", "answer"]:
        assert secret not in body


def test_it_escalates_an_unacknowledged_alert_after_the_practices_time(
    client, people, mailoutbox, django_capture_on_commit_callbacks
):
    PracticeSafety.objects.create(practice=people.practice, escalation_hours=4)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        submit(client, people, 2)
    mailoutbox.clear()
    with time_machine.travel(start + timedelta(hours=3, minutes=59), tick=False):
        assert escalate_overdue() == []
    with (
        time_machine.travel(start + timedelta(hours=4, minutes=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        escalated = escalate_overdue()
    assert len(escalated) == 1
    assert sorted(mailoutbox[0].to) == sorted([people.supervisor.email, people.admin.email])
    assert "dead" not in mailoutbox[0].body.lower()
    # Once only.
    with time_machine.travel(start + timedelta(hours=9), tick=False):
        assert escalate_overdue() == []


def test_it_does_not_escalate_an_acknowledged_alert(client, people):
    submit(client, people, 2)
    alert = RiskAlert.objects.get()
    client.force_login(people.therapist)
    client.post(f"/risk/{alert.pk}/acknowledge/", {"note": "Seen today"})
    with time_machine.travel(timezone.now() + timedelta(days=3), tick=False):
        assert escalate_overdue() == []


def test_it_shows_the_practices_own_crisis_text_only_to_its_own_clients(client, people):
    PracticeSafety.objects.create(
        practice=people.practice,
        crisis_text="Call the Harbour duty line.",
        crisis_contacts="Harbour duty line: 0100 111 2222",
    )
    submit(client, people, 1)
    page = client.get("/portal/support/")
    assert b"Call the Harbour duty line." in page.content and b"0100 111 2222" in page.content
    client.force_login(people.outsider_client_user)
    page = client.get("/portal/support/")
    assert b"Harbour" not in page.content
    assert DEFAULT_CRISIS_TEXT.split(",")[0].encode() in page.content


def test_it_lists_open_and_closed_alerts_for_the_practice_lead(client, people):
    submit(client, people, 2)
    client.force_login(people.admin)
    page = client.get("/practice/risk/")
    assert b"Open (1)" in page.content and "Ada\u00a0L.".encode() in page.content
    client.force_login(people.outsider)
    assert client.get("/practice/risk/").status_code == 404


def test_it_shows_the_support_page_again_if_the_same_answers_are_sent_twice(client, people):
    submit(client, people, 2)
    again = submit(client, people, 2)
    assert again.url == "/portal/support/?after=answers"
    assert RiskAlert.objects.count() == 1
