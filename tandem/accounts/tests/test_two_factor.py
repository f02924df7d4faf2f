"""Two-factor sign-in (TOTP with recovery codes) for staff; a practice can require it."""

import re
import time

import pyotp
import pytest
from django.test import Client

from tandem.accounts.models import TwoFactor

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def password_step(email):
    browser = Client()
    response = browser.post("/accounts/login/", {"username": email, "password": PASSWORD})
    return browser, response


def turn_on(email):
    browser, _ = password_step(email)
    page = browser.get("/accounts/two-factor/")
    secret = re.search(rb'<code class="secret">([A-Z2-7]+)</code>', page.content).group(1).decode()
    codes_page = browser.post(
        "/accounts/two-factor/", {"code": pyotp.TOTP(secret).now(), "password": PASSWORD}
    )
    codes = re.findall(rb"<li><code>([0-9a-f]{6}-[0-9a-f]{6})</code></li>", codes_page.content)
    assert len(codes) == 10
    return secret, [c.decode() for c in codes]


def test_it_turns_on_with_a_code_from_the_app(people):
    secret, _ = turn_on("therapist@harbour.test")
    factor = TwoFactor.objects.get(user=people.therapist)
    assert factor.is_on and factor.secret == secret
    assert all(len(h) == 64 for h in factor.recovery_hashes)  # only hashes are kept


def test_it_asks_for_a_code_after_the_password(people):
    secret, _ = turn_on("therapist@harbour.test")
    browser, response = password_step("therapist@harbour.test")
    assert response.url == "/accounts/two-factor/verify/"
    assert browser.get("/caseload/").status_code == 302  # not signed in yet
    wrong = browser.post("/accounts/two-factor/verify/", {"code": "000000"})
    assert b"did not work" in wrong.content
    # A fresh code (the setup consumed the current step, so use the next one).
    code = pyotp.TOTP(secret).at(time.time() + 30)
    assert browser.post("/accounts/two-factor/verify/", {"code": code}).status_code == 302
    assert browser.get("/caseload/").status_code == 200


def test_a_code_cannot_be_used_twice(people):
    secret, _ = turn_on("therapist@harbour.test")
    code = pyotp.TOTP(secret).at(time.time() + 30)
    first, _ = password_step("therapist@harbour.test")
    first.post("/accounts/two-factor/verify/", {"code": code})
    second, _ = password_step("therapist@harbour.test")
    page = second.post("/accounts/two-factor/verify/", {"code": code})
    assert b"did not work" in page.content


def test_a_recovery_code_works_once(people):
    _, codes = turn_on("therapist@harbour.test")
    browser, _ = password_step("therapist@harbour.test")
    assert browser.post("/accounts/two-factor/verify/", {"code": codes[0]}).status_code == 302
    again, _ = password_step("therapist@harbour.test")
    assert b"did not work" in again.post("/accounts/two-factor/verify/", {"code": codes[0]}).content
    assert len(TwoFactor.objects.get(user=people.therapist).recovery_hashes) == 9


def test_it_gives_up_after_five_wrong_codes(people):
    turn_on("therapist@harbour.test")
    browser, _ = password_step("therapist@harbour.test")
    for _ in range(4):
        browser.post("/accounts/two-factor/verify/", {"code": "123456"})
    last = browser.post("/accounts/two-factor/verify/", {"code": "123456"})
    # The account's second factor is paused (16.9), with the real time and a way forward.
    assert last.status_code == 429
    assert b"paused for 15 minutes" in last.content


def test_a_practice_that_requires_it_sends_staff_to_set_it_up(people):
    people.practice.require_two_factor = True
    people.practice.save()
    browser, _ = password_step("therapist@harbour.test")
    assert browser.get("/caseload/").url == "/accounts/two-factor/"
    # Clients are not staff: the requirement does not apply to them.
    client_browser, _ = password_step("client@harbour.test")
    assert client_browser.get("/portal/").status_code == 200


def test_the_admin_can_require_it(client, people):
    client.force_login(people.admin)
    page = client.post("/practice/two-factor/", {"require": "1"})
    assert b"Yes, require it" in page.content  # asked first (17.1)
    people.practice.refresh_from_db()
    assert not people.practice.require_two_factor
    client.post("/practice/two-factor/", {"require": "1", "confirm": "yes"})
    people.practice.refresh_from_db()
    assert people.practice.require_two_factor
