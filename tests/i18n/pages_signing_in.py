"""The sign-in pages for the untranslated-string check (listed in pages.py; see there how a page
is written)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.urls import reverse

from tests.i18n.page import Page, Scene

# --- Scenes the sign-in pages need ---------------------------------------------------------------


def _invitation(scene: Scene) -> str:
    from tandem.accounts.actions import invite_person

    sent = invite_person(
        scene.people.admin, scene.people.practice, "newcomer@harbour.test", "therapist"
    )
    return urlsplit(sent.link).path


def _role_invitation(scene: Scene) -> str:
    """An invitation offering a role to someone who has an account (they are signed in)."""
    from tandem.accounts.actions import invite_person

    people = scene.people
    sent = invite_person(people.admin, people.practice, people.therapist.email, "supervisor")
    return urlsplit(sent.link).path


def _no_role_yet(scene: Scene) -> str:
    """Someone signed in who holds no role in the practice yet: the home page says so."""
    from tandem.accounts.models import User

    someone = User.objects.create_user(
        "no-role@harbour.test", "a-long-test-password", practice=scene.people.practice
    )
    scene.browser.force_login(someone)
    return reverse("home")


def _reset_link(scene: Scene) -> str:
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = scene.people.therapist
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    # The link's first answer moves the token into the session and redirects to the form.
    first = scene.browser.get(reverse("password_reset_confirm", args=[uid, token]))
    return str(first["Location"])


def _second_factor(scene: Scene) -> str:
    """A therapist with two-factor sign-in on, past their password, asked for the code."""
    import pyotp

    from tandem.accounts import twofactor

    therapist = scene.people.therapist
    secret = twofactor.new_secret()
    twofactor.confirm_setup(therapist, secret, pyotp.TOTP(secret).now())
    scene.browser.logout()
    scene.browser.post(
        reverse("login"), {"username": therapist.email, "password": "a-long-test-password"}
    )
    return reverse("two_factor_verify")


def _two_factor_on(scene: Scene) -> str:
    import pyotp

    from tandem.accounts import twofactor

    secret = twofactor.new_secret()
    twofactor.confirm_setup(scene.people.therapist, secret, pyotp.TOTP(secret).now())
    return reverse("two_factor_setup")


def _setup_code(scene: Scene) -> dict[str, str]:
    """The right code and password for the secret the set-up page offered: the recovery codes."""
    import pyotp

    scene.browser.get(reverse("two_factor_setup"))
    secret = scene.browser.session["_tandem_2fa_secret"]
    return {"code": pyotp.TOTP(secret).now(), "password": "a-long-test-password"}


def _too_many_tries(scene: Scene) -> dict[str, str]:
    """Wrong passwords up to the limit: the next one is answered by the paused page."""
    from django.conf import settings

    wrong = {"username": scene.people.therapist.email, "password": "not-it"}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        scene.browser.post(reverse("login"), wrong)
    return wrong


SIGNING_IN = [
    Page("sign in", "login"),
    Page("sign in, wrong password", "login", post={"username": "a@b.test", "password": "x"}),
    Page("password reset: ask", "password_reset"),
    Page("password reset: ask, no address", "password_reset", post={"email": ""}, status=200),
    Page("password reset: sent", "password_reset_done"),
    Page("password reset: choose", _reset_link),
    Page(
        "password reset: choose, too short",
        _reset_link,
        post={"new_password1": "short", "new_password2": "short"},
        status=400,
    ),
    Page("password reset: bad link", "/accounts/password/reset/MQ/not-a-token/"),
    Page("password reset: done", "password_reset_complete"),
    Page("password change", "password_change", who="therapist"),
    Page("invitation: choose a password", _invitation),
    Page(
        "invitation: passwords differ",
        _invitation,
        post={"password1": "one-long-password", "password2": "another-long-one"},
        status=400,
    ),
    Page("invitation: cannot be used", "/accounts/invite/not-a-token/", status=404),
    Page("invitation: a new role", _role_invitation, who="therapist"),
    Page("two-factor: set up", "two_factor_setup", who="therapist"),
    Page(
        "two-factor: set up, wrong password",
        "two_factor_setup",
        who="therapist",
        post={"code": "1", "password": "x"},
    ),
    Page("two-factor: on", _two_factor_on, who="therapist"),
    Page(
        "two-factor: recovery codes",
        "two_factor_setup",
        who="therapist",
        post=_setup_code,
        made=r"\b[0-9a-f]{6}-[0-9a-f]{6}\b",
    ),
    Page("signing in is paused", "login", post=_too_many_tries, status=429),
    Page("two-factor: the code", _second_factor),
    Page("two-factor: a wrong code", _second_factor, post={"code": "000000"}),
    Page("account", "signed_in_sessions", who="therapist"),
    Page("home, with no role yet", _no_role_yet),
    Page("not found", "/no-such-page/", status=404),
    Page("not found, signed in", "/no-such-page/", who="client_user", status=404),
    Page("forbidden", "/test-errors/403/", status=403),
    Page("server error", "/test-errors/500/", who="therapist", status=500),
]
