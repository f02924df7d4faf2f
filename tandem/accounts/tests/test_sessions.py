"""Sessions end when idle, after an absolute limit, on logout, and when revoked from elsewhere."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from tandem.accounts.models import UserSession

pytestmark = pytest.mark.django_db


def sign_in(email):
    browser = Client()
    response = browser.post(
        "/accounts/login/", {"username": email, "password": "a-long-test-password"}
    )
    assert response.status_code == 302
    return browser


def test_it_signs_staff_out_after_thirty_idle_minutes(people):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        browser = sign_in("therapist@harbour.test")
        assert browser.get("/caseload/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert browser.get("/caseload/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=29 + 31), tick=False):
        response = browser.get("/caseload/")
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
        assert browser.get("/caseload/").url.startswith("/accounts/login/")


def test_it_gives_clients_a_longer_idle_time(people):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        browser = sign_in("client@harbour.test")
    with time_machine.travel(start + timedelta(minutes=45), tick=False):
        assert browser.get("/portal/").status_code == 200


def test_it_signs_everyone_out_after_the_absolute_limit_even_when_active(people):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        browser = sign_in("therapist@harbour.test")
    for minutes in range(20, 12 * 60, 20):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert browser.get("/caseload/").status_code == 200
    with time_machine.travel(start + timedelta(hours=12, minutes=5), tick=False):
        assert browser.get("/caseload/").status_code == 302


def test_logout_ends_the_session_on_the_server(people):
    browser = sign_in("therapist@harbour.test")
    key = browser.session.session_key
    browser.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    assert not UserSession.objects.filter(session_key=key).exists()


def test_it_lists_sessions_and_signs_out_everywhere_else(people):
    laptop = sign_in("therapist@harbour.test")
    phone = sign_in("therapist@harbour.test")
    page = laptop.get("/accounts/sessions/")
    assert page.content.count(b"Signed in") == 2
    laptop.post("/accounts/sessions/", {"everywhere": "1"})
    assert phone.get("/caseload/").status_code == 302
    assert laptop.get("/caseload/").status_code == 200


def test_it_revokes_one_session(people):
    laptop = sign_in("therapist@harbour.test")
    phone = sign_in("therapist@harbour.test")
    row = UserSession.objects.get(session_key=phone.session.session_key)
    laptop.post("/accounts/sessions/", {"session": row.pk})
    assert phone.get("/caseload/").status_code == 302
    assert laptop.get("/caseload/").status_code == 200


def test_it_cannot_end_someone_elses_session(people):
    mine = sign_in("therapist@harbour.test")
    theirs = sign_in("colleague@harbour.test")
    row = UserSession.objects.get(session_key=theirs.session.session_key)
    mine.post("/accounts/sessions/", {"session": row.pk})
    assert theirs.get("/caseload/").status_code == 200


def test_it_names_each_browser_as_its_owner_would(people):
    browser = Client(
        HTTP_USER_AGENT="Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
    )
    assert (
        browser.post(
            "/accounts/login/",
            {"username": "client@harbour.test", "password": "a-long-test-password"},
        ).status_code
        == 302
    )
    laptop = Client(
        HTTP_USER_AGENT="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/124.0 Safari/537.36 Edg/124.0"
    )
    laptop.post(
        "/accounts/login/", {"username": "client@harbour.test", "password": "a-long-test-password"}
    )
    html = browser.get("/accounts/sessions/").content.decode()
    assert "<strong>Safari on an iPhone</strong> (this browser)" in html
    assert "<strong>Edge on Windows</strong>" in html
    assert "Mozilla/5.0" not in html
    assert "last active just now" in html and "0 minutes" not in html
