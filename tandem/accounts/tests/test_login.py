"""Signing in: the email is the username, passwords are Argon2id, repeated failures lock."""

import pytest
from django.conf import settings as django_settings

pytestmark = pytest.mark.django_db


def test_the_server_hashes_passwords_with_argon2():
    # conftest swaps in a fast hasher for the suite; the real setting is read from the module.
    import tandem.settings as real

    assert real.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_it_signs_in_with_email_and_password_and_goes_to_the_right_home(client, people):
    response = client.post(
        "/accounts/login/",
        {"username": "therapist@harbour.test", "password": "a-long-test-password"},
    )
    assert response.status_code == 302
    assert client.get("/").url == "/caseload/"


def test_it_sends_a_client_to_their_portal(client, people):
    client.post(
        "/accounts/login/", {"username": "client@harbour.test", "password": "a-long-test-password"}
    )
    assert client.get("/").url == "/portal/"


def test_it_says_the_same_thing_for_a_wrong_password_and_an_unknown_email(client, people):
    wrong = client.post(
        "/accounts/login/", {"username": "therapist@harbour.test", "password": "nope"}
    )
    unknown = client.post(
        "/accounts/login/", {"username": "nobody@harbour.test", "password": "nope"}
    )
    assert wrong.status_code == unknown.status_code == 200
    assert b"do not match an active account" in wrong.content
    assert b"do not match an active account" in unknown.content


def test_it_locks_sign_in_after_repeated_failures_even_with_the_right_password(client, people):
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "therapist@harbour.test", "password": "wrong"})
    locked = client.post(
        "/accounts/login/",
        {"username": "therapist@harbour.test", "password": "a-long-test-password"},
    )
    assert locked.status_code == 429
    assert b"paused" in locked.content
    assert "_auth_user_id" not in client.session


def test_it_asks_anonymous_visitors_to_sign_in(client, people):
    assert client.get("/caseload/").url.startswith("/accounts/login/")
    assert client.get("/portal/").url.startswith("/accounts/login/")
