"""Adversarial tests of the two-factor flow (16.9): codes cannot be guessed without limit."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pyotp
import pytest
from django.conf import settings
from django.test import Client as Browser
from django.utils import timezone

from tandem.accounts import twofactor
from tandem.accounts.models import TwoFactor

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _on(user: Any) -> None:
    TwoFactor.objects.create(user=user, secret=SECRET, confirmed_at=timezone.now())


def _password_step(email: str) -> tuple[Browser, Any]:
    browser = Browser()
    return browser, browser.post("/accounts/login/", {"username": email, "password": PASSWORD})


def test_signing_in_again_does_not_reset_the_count_of_wrong_codes(people: Any) -> None:
    _on(people.therapist)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        browser, _ = _password_step(people.therapist.email)  # a fresh sign-in for every guess
        browser.post("/accounts/two-factor/verify/", {"code": "000000"})
    browser, paused = _password_step(people.therapist.email)
    assert paused.status_code == 429 and b"no code is accepted until" in paused.content
    # Even the right code is refused while paused.
    right = browser.post("/accounts/two-factor/verify/", {"code": pyotp.TOTP(SECRET).now()})
    assert "_auth_user_id" not in browser.session and right.status_code in (302, 429)


def test_the_limit_holds_against_requests_that_read_the_count_at_the_same_time(
    people: Any,
) -> None:
    # Replays the race: before the fix each request read the count, checked the code, wrote the
    # count back, so requests that read "0" together all got a try. Now each attempt is charged
    # by one conditional UPDATE before the code is checked; a stale copy of the row changes
    # nothing, however many requests hold one.
    _on(people.therapist)
    stale = [TwoFactor.objects.get(user=people.therapist) for _ in range(20)]
    tried = [twofactor.verify(people.therapist, "000000") for _ in stale]
    assert not any(tried)
    factor = TwoFactor.objects.get(user=people.therapist)
    assert factor.failed_attempts == settings.AXES_FAILURE_LIMIT
    assert factor.locked_until is not None
    assert not twofactor.verify(people.therapist, pyotp.TOTP(SECRET).now())
    assert twofactor.lock_ends(people.therapist) is not None


def test_the_pause_ends_and_a_right_code_resets_the_count(people: Any) -> None:
    _on(people.therapist)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        twofactor.verify(people.therapist, "000000")
    TwoFactor.objects.filter(user=people.therapist).update(locked_until=timezone.now())
    code = pyotp.TOTP(SECRET).at(time.time() + 30)
    assert twofactor.verify(people.therapist, code)
    assert TwoFactor.objects.get(user=people.therapist).failed_attempts == 0


# --- 17.1: requiring two-factor does not shut anyone out of risk alerts --------------------------


def test_requiring_it_gives_a_grace_period_and_risk_alerts_stay_reachable(people: Any) -> None:

    from tandem.safety.models import RiskAlert

    admin = Browser()
    admin.force_login(people.admin)
    admin.post("/practice/two-factor/", {"require": "1", "confirm": "yes"})
    people.practice.refresh_from_db()
    grace = people.practice.two_factor_grace_until - timezone.now()
    assert timedelta(days=twofactor.GRACE_DAYS - 1) < grace <= timedelta(days=twofactor.GRACE_DAYS)
    supervisor = Browser()
    supervisor.force_login(people.supervisor)
    page = supervisor.get("/practice/risk/")
    assert page.status_code == 200  # during the grace period: everything as usual, and told
    assert b"requires two-factor sign-in" in page.content
    assert supervisor.get("/supervision/").status_code == 200
    # After it: other pages send them to set it up, but risk alerts stay open.
    people.practice.two_factor_grace_until = timezone.now() - timedelta(seconds=1)
    people.practice.save()
    assert supervisor.get("/supervision/").url == "/accounts/two-factor/"
    assert supervisor.get("/practice/risk/").status_code == 200
    # A therapist's risk alerts are on the setup page itself, with the form to acknowledge them.
    from tandem.measures.actions import submit_response

    answers = {**{f"q{i}": 1 for i in range(1, 9)}, "q9": 1}
    submit_response(people.client_user, people.episode, "phq9", answers, session=people.session)
    alert = RiskAlert.objects.get(client=people.client)
    therapist = Browser()
    therapist.force_login(people.therapist)
    assert therapist.get("/caseload/").url == "/accounts/two-factor/"
    setup = therapist.get("/accounts/two-factor/")
    assert f"/risk/{alert.pk}/acknowledge/".encode() in setup.content
    therapist.post(
        f"/risk/{alert.pk}/acknowledge/", {"note": "Phoned them", "next": "/accounts/two-factor/"}
    )
    alert.refresh_from_db()
    assert alert.acknowledged_at is not None


def test_requiring_it_asks_first(people: Any) -> None:
    admin = Browser()
    admin.force_login(people.admin)
    page = admin.post("/practice/two-factor/", {"require": "1"})
    assert b"7 days" in page.content and b"Yes, require it" in page.content
    people.practice.refresh_from_db()
    assert not people.practice.require_two_factor


def test_a_token_does_not_outlast_the_grace_period_without_a_second_factor(
    people: Any, mailoutbox: Any
) -> None:
    # A password stolen before the practice required two-factor (or in the grace period) makes a
    # token; after the grace period every page asks for the second factor, and the API must too.
    from tandem.api.actions import create_token

    _, secret = create_token(people.therapist, people.therapist, "laptop")
    _, client_secret = create_token(people.client_user, people.client_user, "phone")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    people.practice.require_two_factor = True
    people.practice.two_factor_grace_until = timezone.now() + timedelta(days=1)
    people.practice.save()
    assert Browser().get("/api/v1/me", **bearer).status_code == 200  # grace: as usual
    people.practice.two_factor_grace_until = timezone.now() - timedelta(seconds=1)
    people.practice.save()
    refused = Browser().get("/api/v1/me", **bearer)
    assert refused.status_code == 403 and "two-factor" in refused.json()["detail"]
    # clients are not asked for it; staff who set it up go on as before
    mine = Browser().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {client_secret}")
    assert mine.status_code == 200
    TwoFactor.objects.create(
        user=people.therapist,
        secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
        confirmed_at=timezone.now(),
    )
    assert Browser().get("/api/v1/me", **bearer).status_code == 200


def test_a_left_open_browser_cannot_enrol_its_own_phone(people: Any) -> None:
    # Whoever finds a signed-in browser could set up two-factor with their own phone: the owner
    # was then stopped at their next sign-in by a code they never had.
    browser = Browser()
    browser.force_login(people.therapist)
    page = browser.get("/accounts/two-factor/").content.decode()
    secret = page.split('<code class="secret">')[1].split("</code>")[0]
    browser.post("/accounts/two-factor/", {"code": pyotp.TOTP(secret).now()})
    browser.post("/accounts/two-factor/", {"code": pyotp.TOTP(secret).now(), "password": "a guess"})
    assert not twofactor.is_on(people.therapist)
    done = browser.post(
        "/accounts/two-factor/", {"code": pyotp.TOTP(secret).now(), "password": PASSWORD}
    )
    assert b"recovery codes" in done.content.lower() and twofactor.is_on(people.therapist)
