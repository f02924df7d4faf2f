"""Personal access tokens: made once, stored hashed, revocable, and the only way in besides a session."""

from __future__ import annotations

from typing import Any

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
    browser.force_login(people.client_user)
    page = browser.post("/settings/tokens/", {"name": "my phone", "read_only": "on"})
    assert page.status_code == 200
    token = AccessToken.objects.get(user=people.client_user)
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
