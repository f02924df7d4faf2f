"""A follow-up check-in answered from a personal link, without signing in: carried by the
check-in's email where the practice sends links, opening the check-in and nothing else, raising
the returning-client request as the portal does, and refused once used, withdrawn, expired,
closed, or answered in the portal meanwhile."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client as Browser
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.followup.actions import open_follow_up
from tandem.followup.models import FollowUp, ReturningRequest
from tandem.followup.tests.conftest import gad7, phq9
from tandem.links.actions import create_follow_up_link, revoke_link, save_link_policy
from tandem.links.models import QuestionnaireLink
from tandem.safety.models import RiskAlert

pytestmark = pytest.mark.django_db

DUE = date(2026, 2, 28)


@pytest.fixture
def travel():
    with time_machine.travel(DUE, tick=False):
        yield


@pytest.fixture
def links_on(ended):
    save_link_policy(ended.admin, {"valid_days": 7, "in_reminders": True})
    return ended


def _open(django_capture_on_commit_callbacks) -> FollowUp:
    """Open the 1-month check-in of the ended episode, its email sent as the transaction
    commits."""
    from tandem.care.models import Episode

    episode = Episode.objects.get(status=Episode.ENDED)
    with django_capture_on_commit_callbacks(execute=True):
        follow_up = open_follow_up(episode.pk, 1, DUE)
    assert follow_up is not None
    return follow_up


def _path_in(body: str) -> str:
    [url] = re.findall(r"http://\S+/l/\S+/", body)
    return "/l/" + url.rstrip("/").rsplit("/", 1)[-1] + "/"


def test_without_the_practices_say_so_the_email_links_to_the_portal(
    ended, travel, django_capture_on_commit_callbacks
):
    _open(django_capture_on_commit_callbacks)
    [email] = mail.outbox
    assert "/portal/" in email.body and "/l/" not in email.body
    assert not QuestionnaireLink.objects.exists()


def test_the_email_carries_a_link_that_opens_the_check_in_and_nothing_clinical(
    links_on, travel, django_capture_on_commit_callbacks
):
    follow_up = _open(django_capture_on_commit_callbacks)
    [email] = mail.outbox
    assert "without signing in" in email.body and "/portal/" not in email.body
    # Read without the link: a random token can spell "phq" or "gad" (as it did once in a run).
    words = re.sub(r"http://\S+/l/\S+/", "", email.subject + email.body).lower()
    for clinical in ("PHQ", "GAD", "therap", "score", "depress", "anxi", "worse"):
        assert clinical.lower() not in words, clinical
    link = QuestionnaireLink.objects.get()
    assert link.follow_up == follow_up and link.session is None and link.via == "reminder"
    page = Browser().get(_path_in(email.body))
    text = page.content.decode()
    assert page.status_code == 200
    assert "1 month after your therapy ended" in text
    for title in ("PHQ-9", "GAD-7", "Staying in touch"):
        assert title.lower() in text.lower(), title
    # Nothing of the record: not the client's name, not the therapist's.
    assert "Ada" not in text and links_on.therapist.full_name not in text
    assert AuditEvent.objects.filter(action="followup.remind", detail__link=True).exists()


def test_answering_through_the_link_makes_the_request_and_uses_the_link_up(
    links_on, travel, django_capture_on_commit_callbacks
):
    follow_up = _open(django_capture_on_commit_callbacks)
    path = _path_in(mail.outbox[0].body)
    browser = Browser()
    assert browser.post(path + "phq9/", phq9(4)).status_code == 302
    assert browser.post(path + "gad7/", gad7(3)).status_code == 302
    done = browser.post(path + "talk_again/", {"talk": "1"}, follow=True)
    assert "Thank you" in done.content.decode()
    assert "the practice will be in touch" in done.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.answered_at is not None and follow_up.responses.count() == 3
    # The answers are the client's own, as in the portal.
    assert set(follow_up.responses.values_list("respondent", flat=True)) == {
        links_on.client_user.pk
    }
    request = ReturningRequest.objects.get()
    assert request.wants_to_talk and request.follow_up == follow_up
    link = QuestionnaireLink.objects.get()
    assert link.completed_at is not None
    # Used up: it opens nothing more, and holding it signed nobody in.
    assert browser.get(path).status_code == 410
    assert browser.get("/portal/").status_code == 302
    answered = AuditEvent.objects.filter(action="link.answer", object_id=str(link.pk))
    assert answered.count() == 3
    assert all(e.detail.get("follow_up") == follow_up.pk for e in answered)


def test_a_risk_answer_through_the_link_leads_to_the_crisis_page(
    links_on, travel, django_capture_on_commit_callbacks
):
    _open(django_capture_on_commit_callbacks)
    path = _path_in(mail.outbox[0].body)
    sent = Browser().post(path + "phq9/", phq9(4) | {"q9": 2})
    assert sent.status_code == 302 and sent["Location"] == path + "support/?after=answers"
    assert RiskAlert.objects.filter(client=links_on.client).exists()
    assert Browser().get(sent["Location"]).status_code == 200


def test_answered_in_the_portal_meanwhile_the_link_opens_nothing(
    links_on, travel, django_capture_on_commit_callbacks, client
):
    follow_up = _open(django_capture_on_commit_callbacks)
    path = _path_in(mail.outbox[0].body)
    client.force_login(links_on.client_user)
    base = f"/portal/follow-up/{follow_up.pk}/"
    client.post(base + "phq9/", phq9(4))
    client.post(base + "gad7/", gad7(3))
    client.post(base + "talk_again/", {"talk": "0"})
    page = Browser().get(path)
    assert page.status_code == 410
    assert Browser().post(path + "phq9/", phq9(20)).status_code == 410
    assert follow_up.responses.filter(instrument_id="phq9").get().total == 4


def test_a_closed_check_in_closes_its_link(links_on, django_capture_on_commit_callbacks):
    with time_machine.travel(DUE, tick=False):
        _open(django_capture_on_commit_callbacks)
    path = _path_in(mail.outbox[0].body)
    # Past the check-in's weeks, though within the link's own days.
    QuestionnaireLink.objects.update(expires_at=timezone.now() + timedelta(days=60))
    with time_machine.travel(DUE + timedelta(days=45), tick=False):
        page = Browser().get(path)
        assert page.status_code == 410 and "no longer works" in page.content.decode()
        assert Browser().post(path + "phq9/", phq9(4)).status_code == 410
    assert not FollowUp.objects.get().responses.exists()


def test_withdrawn_and_expired_links_open_nothing(
    links_on, travel, django_capture_on_commit_callbacks
):
    _open(django_capture_on_commit_callbacks)
    path = _path_in(mail.outbox[0].body)
    link = QuestionnaireLink.objects.get()
    assert revoke_link(links_on.admin, link)
    assert Browser().get(path).status_code == 410
    follow_up = FollowUp.objects.get()
    made = create_follow_up_link(None, follow_up, via="reminder")
    fresh = "/l/" + made.url.rstrip("/").rsplit("/", 1)[-1] + "/"
    assert Browser().get(fresh).status_code == 200
    with time_machine.travel(DUE + timedelta(days=8), tick=False):
        assert Browser().get(fresh).status_code == 410


def test_the_admin_sees_and_withdraws_a_check_in_link(
    links_on, travel, django_capture_on_commit_callbacks, client
):
    _open(django_capture_on_commit_callbacks)
    link = QuestionnaireLink.objects.get()
    client.force_login(links_on.admin)
    page = client.get("/practice/links/").content.decode()
    assert "1-month follow-up check-in" in page
    assert client.post(f"/links/{link.pk}/withdraw/", {"back": "practice"}).status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_a_link_whose_email_failed_is_withdrawn(
    links_on, travel, django_capture_on_commit_callbacks, monkeypatch
):
    from tandem.links import emailing

    def refuse(*args, **kwargs):
        raise OSError("the mail server is away")

    monkeypatch.setattr(emailing, "send_mail", refuse)
    _open(django_capture_on_commit_callbacks)  # the task fails, to be tried again
    assert QuestionnaireLink.objects.exists()
    assert not QuestionnaireLink.objects.filter(revoked_at=None).exists()


def test_no_link_for_a_check_in_already_answered_or_another_practice(
    links_on, travel, django_capture_on_commit_callbacks
):
    from tandem.errors import ActionError

    follow_up = _open(django_capture_on_commit_callbacks)
    with pytest.raises(ActionError, match="another practice"):
        create_follow_up_link(links_on.outsider, follow_up, via="therapist")
    FollowUp.objects.filter(pk=follow_up.pk).update(answered_at=timezone.now())
    follow_up.refresh_from_db()
    with pytest.raises(ActionError, match="nothing to link to"):
        create_follow_up_link(None, follow_up, via="reminder")


def test_the_command_line_prints_a_check_in_link_alone_on_the_last_line(
    ended, travel, django_capture_on_commit_callbacks
):
    from click.testing import CliRunner

    from tandem.cli.link import link

    runner = CliRunner()
    before = runner.invoke(link, ["client@harbour.test"])
    assert before.exit_code == 1 and "--follow-up" in before.output
    none_yet = runner.invoke(link, ["client@harbour.test", "--follow-up"])
    assert none_yet.exit_code == 1 and "no open follow-up check-in" in none_yet.output
    follow_up = _open(django_capture_on_commit_callbacks)
    made = runner.invoke(link, ["client@harbour.test", "--follow-up"])
    assert made.exit_code == 0, made.output
    url = made.output.strip().splitlines()[-1]
    assert url.startswith("http") and "/l/" in url and " " not in url
    assert QuestionnaireLink.objects.get(via="command line").follow_up == follow_up
    assert Browser().get(_path_in(url + " ")).status_code == 200
    both = runner.invoke(link, ["client@harbour.test", "--follow-up", "--session", "1"])
    assert both.exit_code == 2


def test_the_therapist_withdraws_a_check_in_link_they_made_and_a_colleague_cannot(
    links_on, travel, django_capture_on_commit_callbacks, client
):
    follow_up = _open(django_capture_on_commit_callbacks)
    made = create_follow_up_link(links_on.therapist, follow_up, via="api")
    client.force_login(links_on.colleague)
    assert client.post(f"/links/{made.link.pk}/withdraw/").status_code == 404
    client.force_login(links_on.therapist)
    assert client.post(f"/links/{made.link.pk}/withdraw/").status_code == 302
    made.link.refresh_from_db()
    assert made.link.revoked_at is not None and made.link.revoked_by == links_on.therapist
