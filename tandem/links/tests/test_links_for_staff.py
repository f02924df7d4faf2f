"""The staff's side: the session page makes a link and shows it once, lists the links that still
work with a way to withdraw each; the practice admin sets the days and reminders, and withdraws."""

from __future__ import annotations

import pytest
from django.test import Client as Browser

from tandem.audit.models import AuditEvent
from tandem.links.models import LinkPolicy, QuestionnaireLink
from tandem.web.words import plain_spaces

pytestmark = pytest.mark.django_db


def _as(user) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def test_the_session_page_makes_a_link_and_shows_it_once(people):
    therapist = _as(people.therapist)
    page = therapist.get(f"/sessions/{people.session.pk}/")
    assert "Make a link" in page.content.decode()
    made = therapist.post(f"/sessions/{people.session.pk}/links/")
    assert made.status_code == 201
    text = made.content.decode()
    assert "shown only this once" in text and "Copy the link" in text
    url = text.split('id="questionnaire-link" type="text" readonly value="')[1].split('"')[0]
    assert "/l/" in url
    token = url.rstrip("/").rsplit("/", 1)[-1]
    # Listed on the session page from now on, never with its token.
    again = therapist.get(f"/sessions/{people.session.pk}/").content.decode()
    assert "Links that still work" in again and token not in again
    assert QuestionnaireLink.objects.get().created_by == people.therapist


def test_the_session_page_says_why_no_link_can_be_made(people):
    from tandem.care.models import Session

    Session.objects.create(episode=people.episode, number=2, date=people.session.date)
    therapist = _as(people.therapist)
    refused = therapist.post(f"/sessions/{people.session.pk}/links/", follow=True)
    assert "Nothing is waiting" in refused.content.decode()
    assert not QuestionnaireLink.objects.exists()


def test_a_supervisor_sees_no_link_section(people):
    people.client.share_with_supervisor = True
    people.client.save()
    page = _as(people.supervisor).get(f"/sessions/{people.session.pk}/")
    assert page.status_code == 200 and "Make a link" not in page.content.decode()


def test_the_therapist_withdraws_a_link_from_the_session_page(people, made):
    therapist = _as(people.therapist)
    done = therapist.post(f"/links/{made.link.pk}/withdraw/", follow=True)
    assert "withdrawn" in done.content.decode()
    assert QuestionnaireLink.objects.get().revoked_by == people.therapist
    assert AuditEvent.objects.filter(action="link.revoke", client_id=people.client.pk).exists()
    again = therapist.post(f"/links/{made.link.pk}/withdraw/", follow=True)
    assert "already stopped working" in again.content.decode()
    assert AuditEvent.objects.filter(action="link.revoke").count() == 1


def test_the_practice_admin_lists_and_withdraws_links(people, made):
    admin = _as(people.admin)
    page = admin.get("/practice/links/")
    assert page.status_code == 200
    assert "Ada\u00a0L." in page.content.decode()
    # Reading a client's name in a list is on that client's trail.
    assert AuditEvent.objects.filter(action="client.list", client_id=people.client.pk).exists()
    done = admin.post(f"/links/{made.link.pk}/withdraw/", {"back": "practice"})
    assert done.status_code == 302 and done.url == "/practice/links/"
    assert QuestionnaireLink.objects.get().revoked_by == people.admin
    assert "None at the moment" in admin.get("/practice/links/").content.decode()


def test_the_practice_admin_sets_the_days_and_the_reminders(people):
    admin = _as(people.admin)
    saved = admin.post("/practice/links/", {"valid_days": "3", "in_reminders": "on"})
    assert saved.status_code == 302
    policy = LinkPolicy.objects.get(practice=people.practice)
    assert (policy.valid_days, policy.in_reminders) == (3, True)
    assert AuditEvent.objects.filter(action="practice.links.update").exists()
    refused = admin.post("/practice/links/", {"valid_days": "90"})
    assert refused.status_code == 400 and "from 1 to 30" in refused.content.decode()
    assert LinkPolicy.objects.get().valid_days == 3


def test_an_admin_of_another_practice_sees_none_of_these_links(people, made):
    from conftest import make_user

    elsewhere_admin = make_user(
        "admin@elsewhere.test", people.other_practice, is_practice_admin=True
    )
    browser = _as(elsewhere_admin)
    assert "Ada L." not in plain_spaces(browser.get("/practice/links/").content.decode())
    assert browser.post(f"/links/{made.link.pk}/withdraw/").status_code == 404
