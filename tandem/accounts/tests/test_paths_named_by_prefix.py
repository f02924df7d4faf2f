"""Two tables still name paths by prefix rather than by URL name (docs/architecture.md): the
pages staff reach before setting up a required second factor, and the secret links kept out of
the access log. These tests tie each table to the pages it must cover, by name, so that moving a
page to another address cannot silently take it out of its table."""

from __future__ import annotations

from django.urls import reverse

from tandem.accounts.middleware import _RISK_PATHS, _TWO_FACTOR_FREE
from tandem.web.accesslog import SECRET_PATHS, loggable_path


def test_the_risk_pages_stay_reachable_before_two_factor_set_up():
    for name, args in (("practice_risk", []), ("acknowledge_risk", [7])):
        assert reverse(name, args=args).startswith(_RISK_PATHS), name


def test_setting_up_two_factor_and_signing_out_stay_reachable():
    for name in ("two_factor_setup", "logout"):
        assert reverse(name).startswith(_TWO_FACTOR_FREE), name


def test_invitation_and_reset_links_stay_out_of_the_access_log():
    invitation = reverse("accept_invitation", args=["a-secret-token"])
    reset = reverse("password_reset_confirm", args=["MQ", "set-password"])
    for link in (invitation, reset):
        assert link.startswith(SECRET_PATHS)
        assert "secret" not in loggable_path(link) and "MQ" not in loggable_path(link)
