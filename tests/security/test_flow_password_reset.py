"""Adversarial tests of password reset and change: audited, and nothing outlives the old password."""

from __future__ import annotations

import io
import logging
import re
from typing import Any

import pytest
from django.test import Client as Browser
from django.utils import timezone

from tandem.accounts.models import TwoFactor
from tandem.api.actions import create_token
from tandem.api.models import AccessToken
from tandem.audit.models import AuditEvent
from tandem.web.accesslog import SecretLinkFilter

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
NEW = "a brand new long password"


def _reset(email: str, mailoutbox: Any) -> Browser:
    browser = Browser()
    browser.post("/accounts/password/forgotten/", {"email": email})
    link = re.search(r"(/accounts/password/reset/\S+/)", mailoutbox[-1].body).group(1)  # type: ignore[union-attr]
    form = browser.get(link, follow=True)
    browser.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    return browser


def test_a_reset_is_audited_revokes_api_tokens_and_ends_every_session(
    people: Any, mailoutbox: Any
) -> None:
    _, secret = create_token(people.therapist, people.therapist, "laptop")
    elsewhere = Browser()
    elsewhere.post("/accounts/login/", {"username": people.therapist.email, "password": PASSWORD})
    assert elsewhere.get("/caseload/").status_code == 200
    browser = _reset(people.therapist.email, mailoutbox)
    people.therapist.refresh_from_db()
    assert people.therapist.check_password(NEW)
    event = AuditEvent.objects.get(action="password.reset")
    assert event.actor_id == people.therapist.pk and event.detail["tokens_revoked"] == 1
    assert not AccessToken.objects.filter(user=people.therapist, revoked_at=None).exists()
    api = Browser().get("/api/v1/episodes", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.status_code == 401
    assert elsewhere.get("/caseload/").status_code == 302  # the old session is over
    assert "_auth_user_id" not in browser.session  # a reset does not sign in


def test_a_reset_does_not_get_past_the_second_factor(people: Any, mailoutbox: Any) -> None:
    TwoFactor.objects.create(
        user=people.therapist,
        secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
        confirmed_at=timezone.now(),
    )
    _reset(people.therapist.email, mailoutbox)
    browser = Browser()
    page = browser.post("/accounts/login/", {"username": people.therapist.email, "password": NEW})
    assert page.url == "/accounts/two-factor/verify/"
    assert "_auth_user_id" not in browser.session
    assert TwoFactor.objects.filter(user=people.therapist).exists()  # the reset kept it on


def test_a_change_is_audited_revokes_tokens_and_keeps_only_this_browser(people: Any) -> None:
    create_token(people.therapist, people.therapist, "laptop")
    other = Browser()
    other.post("/accounts/login/", {"username": people.therapist.email, "password": PASSWORD})
    browser = Browser()
    browser.post("/accounts/login/", {"username": people.therapist.email, "password": PASSWORD})
    browser.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert AuditEvent.objects.filter(action="password.change", actor=people.therapist).count() == 1
    assert not AccessToken.objects.filter(user=people.therapist, revoked_at=None).exists()
    assert browser.get("/caseload/").status_code == 200
    assert other.get("/caseload/").status_code == 302


def test_the_log_never_prints_an_invitation_or_reset_link_with_its_secret(people: Any) -> None:
    from django.conf import settings

    assert "secret_links" in settings.LOGGING["handlers"]["console"]["filters"]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(SecretLinkFilter())
    handler.setFormatter(logging.Formatter("%(message)s %(request)s"))
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        Browser().get("/accounts/invite/SECRET-TOKEN-123/")  # 404: Django logs "Not Found: …"
        Browser().get("/accounts/password/reset/MQ/SECRET-RESET-456/")
    finally:
        logger.removeHandler(handler)
    printed = stream.getvalue()
    assert "/accounts/invite/…" in printed
    assert "SECRET-TOKEN-123" not in printed and "SECRET-RESET-456" not in printed


def test_a_reset_link_points_at_the_site_not_at_the_host_the_request_named(
    people: Any, mailoutbox: Any, settings: Any
) -> None:
    # Host-header poisoning: behind a proxy that passes any Host (ALLOWED_HOSTS="*"), an attacker
    # asks for a reset of someone else's account naming their own host; the owner's email must
    # still link to the site (TANDEM_SITE_URL), or one click hands the attacker the token.
    settings.ALLOWED_HOSTS = ["*"]
    settings.TANDEM_SITE_URL = "https://tandem.example.org"
    Browser().post(
        "/accounts/password/forgotten/",
        {"email": people.therapist.email},
        HTTP_HOST="evil.example",
    )
    body = mailoutbox[-1].body
    assert "evil.example" not in body
    assert "https://tandem.example.org/accounts/password/reset/" in body
