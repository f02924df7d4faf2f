"""Adversarial tests of signing in, sessions and API tokens (docs/security.md, account flows)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client as Browser
from django.utils import timezone

from tandem.accounts.models import TwoFactor
from tandem.api.actions import create_token

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def test_the_pause_page_says_how_long_and_how_to_go_on(people: Any) -> None:
    browser = Browser()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        browser.post("/accounts/login/", {"username": people.therapist.email, "password": "no"})
    page = browser.post("/accounts/login/", {"username": people.therapist.email, "password": "no"})
    assert page.status_code == 429
    text = page.content.decode()
    assert "15 minutes" in text and "a few minutes" not in text  # 17.17
    assert "/accounts/password/forgotten/" in text and "contact your practice" in text


def test_signing_in_does_not_send_you_to_another_site(people: Any) -> None:
    browser = Browser()
    page = browser.post(
        "/accounts/login/?next=//evil.example/x",
        {"username": people.therapist.email, "password": PASSWORD},
    )
    assert "evil.example" not in page.url


def test_signing_in_gives_a_new_session_key(people: Any) -> None:
    # Session fixation: a session id planted before sign-in is not the signed-in one.
    browser = Browser()
    browser.get("/accounts/login/")
    session = browser.session
    session["planted"] = True
    session.save()
    planted = session.session_key
    browser.post("/accounts/login/", {"username": people.therapist.email, "password": PASSWORD})
    assert browser.session.session_key != planted


def test_a_signed_out_session_cookie_is_worth_nothing(people: Any) -> None:
    browser = Browser()
    browser.post("/accounts/login/", {"username": people.therapist.email, "password": PASSWORD})
    cookie = browser.cookies["sessionid"].value
    browser.post("/accounts/logout/")
    thief = Browser()
    thief.cookies["sessionid"] = cookie
    assert thief.get("/caseload/").status_code == 302


def test_halfway_through_two_factor_no_token_can_be_made(people: Any) -> None:
    # An API token would be a way round the second factor: only a full sign-in reaches the page.
    TwoFactor.objects.create(
        user=people.therapist,
        secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
        confirmed_at=timezone.now(),
    )
    browser = Browser()
    browser.post("/accounts/login/", {"username": people.therapist.email, "password": PASSWORD})
    assert browser.get("/settings/tokens/").status_code == 302
    assert browser.post("/settings/tokens/", {"name": "sneaky"}).status_code == 302
    from tandem.api.models import AccessToken

    assert not AccessToken.objects.filter(user=people.therapist).exists()


def test_a_deactivated_persons_token_stops_at_once(people: Any) -> None:
    _, secret = create_token(people.therapist, people.therapist, "laptop")
    assert Browser().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    people.therapist.is_active = False
    people.therapist.save()
    assert Browser().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


@pytest.mark.parametrize("target", ["//evil.example/x", "/\\evil.example/x", "/\t/evil.example"])
def test_acknowledging_a_risk_alert_does_not_send_you_to_another_site(
    people: Any, target: str
) -> None:
    # Browsers read "/\evil.example" and "/<tab>/evil.example" as "//evil.example".
    from tandem.measures.actions import submit_response
    from tandem.safety.models import RiskAlert

    answers = {**{f"q{i}": 1 for i in range(1, 9)}, "q9": 1}
    submit_response(people.client_user, people.episode, "phq9", answers, session=people.session)
    alert = RiskAlert.objects.get(client=people.client)
    browser = Browser()
    browser.force_login(people.therapist)
    done = browser.post(f"/risk/{alert.pk}/acknowledge/", {"note": "Phoned", "next": target})
    assert done.status_code == 302 and done.url == "/caseload/"


def test_a_left_open_browser_cannot_make_a_token_without_the_password(people: Any) -> None:
    # A token keeps working after the session times out or is signed out: whoever finds a
    # signed-in browser must not be able to turn it into lasting access.
    from tandem.api.models import AccessToken

    browser = Browser()
    browser.force_login(people.therapist)
    assert browser.post("/settings/tokens/", {"name": "mine now"}).status_code in (200, 400)
    browser.post("/settings/tokens/", {"name": "mine now", "password": "a guess"})
    assert not AccessToken.objects.filter(user=people.therapist).exists()
    page = browser.post("/settings/tokens/", {"name": "laptop", "password": PASSWORD})
    assert page.context["new_secret"]
    assert AccessToken.objects.filter(user=people.therapist).count() == 1


def _signed_in(email: str) -> Browser:
    browser = Browser()
    browser.post("/accounts/login/", {"username": email, "password": PASSWORD})
    return browser


def test_the_signed_in_browsers_page_does_not_hand_out_their_session_cookies(
    people: Any,
) -> None:
    # The page listed every other browser with its session key in the form to end it: whoever
    # read the page (a browser left open, a cached copy) could take over the phone's session.
    from tandem.accounts.models import UserSession

    laptop = _signed_in(people.therapist.email)
    phone = _signed_in(people.therapist.email)
    page = laptop.get("/accounts/sessions/").content.decode()
    assert phone.session.session_key not in page
    # ending one browser still works, and only one's own
    theirs = _signed_in(people.colleague.email)
    other = UserSession.objects.get(session_key=theirs.session.session_key)
    laptop.post("/accounts/sessions/", {"session": other.pk})
    assert theirs.get("/caseload/").status_code == 200
    mine = UserSession.objects.get(session_key=phone.session.session_key)
    laptop.post("/accounts/sessions/", {"session": mine.pk})
    assert phone.get("/caseload/").status_code == 302
    assert laptop.get("/caseload/").status_code == 200


def test_pages_with_a_persons_data_are_not_kept_in_the_browsers_cache(people: Any) -> None:
    # On a shared computer, Back after signing out must not bring the caseload or a downloaded
    # record up again from the browser's cache (OWASP ASVS 8.2.1).
    from tandem.api.tests.conftest import Api, token_for

    browser = _signed_in(people.client_user.email)
    for url in ("/portal/", "/portal/settings/my-record/"):
        assert "no-store" in browser.get(url)["Cache-Control"], url
    staff = _signed_in(people.therapist.email)
    assert "no-store" in staff.get("/caseload/")["Cache-Control"]
    assert "no-store" in Api(token_for(people.therapist)).get("/episodes")["Cache-Control"]
