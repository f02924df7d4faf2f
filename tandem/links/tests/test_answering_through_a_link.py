"""Answering through a link: the portal's due list and forms, saved as the portal saves them,
and the link used up once everything is answered."""

from __future__ import annotations

import pytest
from django.test import Client as Browser

from tandem.audit.models import AuditEvent
from tandem.links.actions import due_through
from tandem.links.models import QuestionnaireLink
from tandem.links.tests.conftest import calm_answers, path_of
from tandem.measures.models import Response
from tandem.safety.models import RiskAlert

pytestmark = pytest.mark.django_db


def test_it_lists_the_sessions_questionnaires_and_nothing_of_the_record(people, made):
    page = Browser().get(path_of(made))
    assert page.status_code == 200
    text = page.content.decode()
    for item in due_through(made.link):
        assert item.instrument.title in text
    assert "Harbour" in text  # the practice's name, and no other
    for name in ("Ada", people.therapist.name, "Therapist", "Goal", "progress"):
        assert name not in text, name
    assert page["Referrer-Policy"] == "same-origin"  # the token is never sent to another site
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in page["Cache-Control"]


def test_answering_everything_uses_the_link_up(people, made):
    browser = Browser()
    due = [d.instrument.id for d in due_through(made.link)]
    assert len(due) >= 2
    assert browser.get(path_of(made)).status_code == 200
    for instrument_id in due:
        answered = browser.post(path_of(made) + f"{instrument_id}/", calm_answers(instrument_id))
        assert answered.status_code == 302, answered.content.decode()[:2000]
    saved = Response.objects.filter(session=people.session, respondent_role="client")
    assert sorted(saved.values_list("instrument_id", flat=True)) == sorted(due)
    assert {r.respondent for r in saved} == {people.client_user}
    link = QuestionnaireLink.objects.get()
    assert link.completed_at is not None
    after = browser.get(path_of(made))
    assert after.status_code == 410 and "Thank you" in after.content.decode()
    answers = AuditEvent.objects.filter(action="link.answer").order_by("pk")
    assert [e.detail["instrument"] for e in answers] == due
    assert answers.last().detail["complete"] is True
    assert AuditEvent.objects.filter(action="link.open").exists()


def test_a_link_cannot_answer_what_is_not_due_or_is_the_therapists(people, made):
    browser = Browser()
    for instrument_id in ("partnership_mirror", "reflection", "selfcare", "no-such-thing"):
        assert browser.get(path_of(made) + f"{instrument_id}/").status_code == 404
        assert browser.post(path_of(made) + f"{instrument_id}/", {}).status_code == 404
    assert not Response.objects.exists()


def test_answers_sent_twice_are_saved_once(people, made):
    browser = Browser()
    data = calm_answers("gad7")
    assert browser.post(path_of(made) + "gad7/", data).status_code == 302
    # The second send finds the questionnaire no longer waiting.
    assert browser.post(path_of(made) + "gad7/", data).status_code == 404
    assert Response.objects.filter(instrument_id="gad7").count() == 1


def test_a_risk_answer_leads_to_the_crisis_page_and_raises_the_alert(people, made):
    browser = Browser()
    answered = browser.post(path_of(made) + "phq9/", calm_answers("phq9", q9=2))
    assert answered.status_code == 302
    assert answered.url == path_of(made) + "support/?after=answers"
    alert = RiskAlert.objects.get(client=people.client)
    assert alert.response.session == people.session
    support = browser.get(answered.url)
    assert support.status_code == 200
    text = support.content.decode()
    assert "Thank you for telling us" in text and "What to do now" in text
    # Not the safety plan, not the therapist's name: a link shows nobody's record.
    assert people.therapist.name not in text and "safety plan" not in text.lower()
    assert AuditEvent.objects.filter(action="link.support.view").exists()


def test_the_crisis_page_still_opens_when_the_risk_answer_was_the_last(people, made):
    browser = Browser()
    due = [d.instrument.id for d in due_through(made.link)]
    for instrument_id in [i for i in due if i != "phq9"]:
        browser.post(path_of(made) + f"{instrument_id}/", calm_answers(instrument_id))
    answered = browser.post(path_of(made) + "phq9/", calm_answers("phq9", q9=3))
    assert answered.url.endswith("support/?after=answers")
    assert QuestionnaireLink.objects.get().completed_at is not None
    assert browser.get(answered.url).status_code == 200


def test_invalid_answers_are_shown_again_and_nothing_is_saved(people, made):
    page = Browser().post(path_of(made) + "gad7/", {"q1": "9"})
    assert page.status_code == 400
    assert not Response.objects.exists()
    assert QuestionnaireLink.objects.get().completed_at is None


def test_answers_through_a_link_before_sign_up_become_the_clients_when_they_sign_up(people):
    """A client invited but not yet signed up answers through a link: the answers are kept as the
    client's with no login yet (an invitation not taken up may still go to another address),
    and become their login's when they accept the invitation."""
    from tandem.accounts.actions import accept_invitation
    from tandem.accounts.models import Invitation
    from tandem.care.actions import invite_client
    from tandem.links.actions import answer_through_link, create_link
    from tandem.links.tests.conftest import calm_answers
    from tandem.measures.models import Response

    people.client_user.set_unusable_password()
    people.client_user.is_active = False
    people.client_user.save()
    made = create_link(people.therapist, people.session, via="therapist")
    answer_through_link(made.link, "phq9", calm_answers("phq9"))
    response = Response.objects.get(session=people.session, instrument_id="phq9")
    assert response.respondent_id is None and response.respondent_role == "client"
    assert response.entry_method == "self" and response.entered_by is None
    invite_client(people.therapist, people.client, "client@harbour.test")
    invitation = Invitation.objects.filter(user=people.client_user).latest("pk")
    accept_invitation(invitation, "a long enough passphrase 42")
    response.refresh_from_db()
    assert response.respondent_id == people.client_user.pk
