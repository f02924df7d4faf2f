"""Personal access tokens: made once, stored hashed, revocable, and the only way in besides a session."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.api.models import AccessToken, hash_token
from tandem.api.tests.conftest import Api, token_for
from tandem.audit.models import AuditEvent


def test_it_stores_only_the_hash(people: Any) -> None:
    secret = token_for(people.therapist)
    stored = AccessToken.objects.get(user=people.therapist)
    assert stored.token_hash == hash_token(secret)
    assert secret not in {stored.token_hash, stored.prefix, stored.name}
    assert AuditEvent.objects.filter(action="token.create").exists()


def test_it_lets_a_token_in_and_notes_when_it_was_used(people: Any) -> None:
    api = Api(token_for(people.therapist))
    response = api.get("/me")
    assert response.status_code == 200
    assert response.json()["email"] == "therapist@harbour.test"
    assert response.json()["token_read_only"] is False
    assert AccessToken.objects.get(user=people.therapist).last_used_at is not None


def test_it_refuses_a_missing_wrong_or_revoked_token(people: Any) -> None:
    from tandem.api.actions import revoke_token

    assert Api(None).get("/me").status_code == 401
    wrong = Api("tdm_not-a-token").get("/me")
    assert wrong.status_code == 401
    assert set(wrong.json()) == {"detail", "errors"}
    secret = token_for(people.therapist)
    revoke_token(people.therapist, AccessToken.objects.get(user=people.therapist))
    assert Api(secret).get("/me").status_code == 401


def test_a_read_only_token_cannot_write(people: Any) -> None:
    api = Api(token_for(people.therapist, read_only=True))
    assert api.get("/clients").status_code == 200
    response = api.post("/sessions", {"episode": people.episode.pk, "date": "2026-01-05"})
    assert response.status_code == 403
    assert "only read" in response.json()["detail"]
    assert response.json()["errors"] == []


def test_session_auth_works_for_the_apps_own_pages_and_checks_csrf(people: Any) -> None:
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people.therapist)
    assert browser.get("/api/v1/me").json()["token_read_only"] is None
    forged = browser.post(
        "/api/v1/sessions",
        {"episode": people.episode.pk, "date": "2026-01-05"},
        content_type="application/json",
    )
    assert forged.status_code in (401, 403)


def test_the_settings_page_makes_shows_once_and_revokes(people: Any) -> None:
    from django.test import Client

    browser = Client()
    browser.force_login(people.therapist)  # a staff page since 17.8 (clients: see below)
    page = browser.post(
        "/settings/tokens/",
        {"name": "my phone", "read_only": "on", "password": "a-long-test-password"},
    )
    assert page.status_code == 200
    token = AccessToken.objects.get(user=people.therapist)
    assert token.read_only
    secret = page.context["new_secret"]
    assert hash_token(secret) == token.token_hash
    again = browser.get("/settings/tokens/")
    assert secret not in again.content.decode()
    assert "API tokens" in again.content.decode()
    browser.post(f"/settings/tokens/{token.pk}/revoke")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Api(secret).get("/me").status_code == 401


def test_nobody_revokes_someone_elses_token(people: Any) -> None:
    from django.test import Client

    token_for(people.therapist)
    token = AccessToken.objects.get(user=people.therapist)
    browser = Client()
    browser.force_login(people.colleague)
    assert browser.post(f"/settings/tokens/{token.pk}/revoke").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.django_db(transaction=True)
def test_it_notes_a_tokens_use_at_most_once_a_minute_outside_any_transaction(people: Any) -> None:
    # As in production (no test transaction around the request): on PostgreSQL the note is its
    # own small transaction that does not wait for the disk.
    from datetime import timedelta

    from django.utils import timezone

    api = Api(token_for(people.therapist))
    assert api.get("/me").status_code == 200
    first = AccessToken.objects.get(user=people.therapist).last_used_at
    assert first is not None
    assert api.get("/me").status_code == 200
    assert AccessToken.objects.get(user=people.therapist).last_used_at == first
    AccessToken.objects.update(last_used_at=timezone.now() - timedelta(minutes=2))
    assert api.get("/me").status_code == 200
    assert AccessToken.objects.get(user=people.therapist).last_used_at > first


@pytest.mark.django_db(transaction=True)
def test_outside_any_transaction_a_revoked_token_or_inactive_person_is_refused_at_once(
    people: Any,
) -> None:
    from django.utils import timezone

    secret = token_for(people.therapist)
    api = Api(secret)
    assert api.get("/me").status_code == 200
    type(people.therapist).objects.filter(pk=people.therapist.pk).update(is_active=False)
    AccessToken.objects.update(last_used_at=None)
    assert api.get("/me").status_code == 401
    assert AccessToken.objects.get().last_used_at is None  # a refused call is not a use
    type(people.therapist).objects.filter(pk=people.therapist.pk).update(is_active=True)
    AccessToken.objects.update(revoked_at=timezone.now())
    assert api.get("/me").status_code == 401
    assert AccessToken.objects.get().last_used_at is None


@pytest.mark.django_db(transaction=True)
def test_noting_a_tokens_use_never_makes_later_clinical_commits_skip_the_disk(
    people: Any,
) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is a PostgreSQL setting")
    api = Api(token_for(people.therapist))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    assert api.get("/me").status_code == 200
    assert AccessToken.objects.get().last_used_at is not None  # the note was written
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), current_setting('synchronous_commit')")
        assert cursor.fetchone() == (backend, "on")  # the same connection the request used


def test_a_client_is_not_offered_the_developer_page_and_cannot_open_it(people: Any) -> None:
    # issue 17.8: "API tokens" is a developer page; a client's menu has no such item
    from django.test import Client as Browser

    browser = Browser()
    browser.force_login(people.client_user)
    home = browser.get("/portal/")
    assert home.status_code == 200
    assert b"API tokens" not in home.content and b"/settings/tokens/" not in home.content
    assert browser.get("/settings/tokens/").status_code == 404
    assert browser.post("/settings/tokens/", {"name": "mine"}).status_code == 404
    assert not AccessToken.objects.filter(user=people.client_user).exists()
    token_for(people.client_user)  # one made for them another way is not revoked here either
    token = AccessToken.objects.get(user=people.client_user)
    assert browser.post(f"/settings/tokens/{token.pk}/revoke").status_code == 404
    # staff keep it
    browser.force_login(people.therapist)
    assert b"API tokens" in browser.get("/caseload/").content
    assert browser.get("/settings/tokens/").status_code == 200
