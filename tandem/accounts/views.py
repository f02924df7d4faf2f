"""Signing in: by invitation (a new account or a new role), with a password and a second factor,
resetting and changing the password, and the signed-in person's own sessions."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from tandem.accounts import actions, browsers, language, twofactor
from tandem.accounts.forms import (
    LanguageForm,
    LoginForm,
    PlainPasswordChangeForm,
    PlainSetPasswordForm,
    ResetEmailForm,
    SetPasswordForm,
)
from tandem.accounts.models import ROLE_WORDS, Invitation, User, UserSession, hash_token
from tandem.audit.chain import record
from tandem.errors import ActionError
from tandem.policy import risk_alerts_for


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = (
        Invitation.objects.select_related("user", "practice", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None or not invitation.is_usable:
        return render(request, "registration/invitation_unusable.html", status=404)
    assert invitation.user is not None  # is_usable
    if invitation.user.has_usable_password():
        return _accept_role(request, invitation)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.accept_invitation(
                invitation,
                form.cleaned_data["password1"],
                request,
                language=form.cleaned_data["language"],
            )
        except ActionError as error:
            messages.error(request, str(error))
            return redirect("login")
        if request.user.is_authenticated:
            # Whoever was signed in in this browser is signed out first: the new session is
            # the new account's alone (login() below also gives it a new session key).
            logout(request)
        messages.success(request, _("Welcome to Tandem. Your password is set."))
        if twofactor.is_on(user):
            # An invitation link never signs in past a second factor.
            _start_second_factor(request, user, "/")
            return redirect("two_factor_verify")
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("home")
    return render(
        request,
        "registration/accept_invitation.html",
        {"form": form, "invitation": invitation, "title": _("Set your password")},
        status=400 if form.errors else 200,
    )


def _accept_role(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    """An invitation to an account that exists: its holder, signed in, confirms the new role."""
    here = request.path
    if not request.user.is_authenticated:
        # Signing in goes through the password and, where it is on, the second factor.
        return redirect(f"{reverse('login')}?{urlencode({'next': here})}")
    if request.user.pk != invitation.user_id:
        return render(
            request,
            "registration/invitation_role.html",
            {"title": _("Invitation"), "invitation": invitation, "other_account": True},
            status=403,
        )
    error = ""
    if request.method == "POST":
        try:
            role = actions.accept_role(
                invitation,
                request.user,  # type: ignore[arg-type]
                request.POST.get("password", ""),
                request,
            )
        except ActionError as failure:
            error = str(failure)
        else:
            messages.success(
                request,
                _("You are now also a %(role)s in %(practice)s.")
                % {"role": ROLE_WORDS[role], "practice": invitation.practice.name},
            )
            return redirect("home")
    return render(
        request,
        "registration/invitation_role.html",
        {
            "title": _("Accept a new role"),
            "invitation": invitation,
            "role_words": ROLE_WORDS[invitation.role],
            "error": error,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def signed_in_sessions(request: HttpRequest) -> HttpResponse:
    current = request.session.session_key
    if request.method == "POST":
        if request.POST.get("everywhere"):
            count = actions.end_sessions(request.user, keep=current)  # type: ignore[arg-type]
            messages.success(
                request,
                ngettext(
                    "Signed out of %(count)s other browser.",
                    "Signed out of %(count)s other browsers.",
                    count,
                )
                % {"count": count},
            )
        else:
            # The form names the browser by its row, never by its session key: the key is that
            # browser's session cookie, and a page that shows it hands the session out.
            keys = UserSession.objects.filter(
                user=request.user, pk=_whole(request.POST.get("session", ""))
            ).values_list("session_key", flat=True)
            actions.end_sessions(request.user, keys=list(keys), keep=current)  # type: ignore[arg-type]
            messages.success(request, _("That browser is signed out."))
        return redirect("signed_in_sessions")
    sessions = list(UserSession.objects.filter(user=request.user))
    now = timezone.now()
    for s in sessions:
        s.browser = browsers.describe(s.user_agent)  # type: ignore[attr-defined]
        s.active_words = (  # type: ignore[attr-defined]
            _("just now")
            if now - s.last_seen < timedelta(minutes=1)
            else _("%(time)s ago") % {"time": timesince(s.last_seen, now)}
        )
    return render(
        request,
        "accounts/sessions.html",
        {
            "title": _("Where you are signed in"),
            "sessions": sessions,
            "current": current,
            "language_form": LanguageForm.for_person(request.user),  # type: ignore[arg-type]
        },
    )


@login_required
@require_http_methods(["POST"])
def account_language(request: HttpRequest) -> HttpResponse:
    """Choosing the language Tandem speaks to me in (from the Account page, or a client's portal
    settings: ``next`` says where to go back to)."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("signed_in_sessions")
    form = LanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the languages offered."))
        return redirect(back)
    actions.set_language(request.user, form.cleaned_data["language"], request)  # type: ignore[arg-type]
    # Said in the language just chosen: the next page is in it too.
    with translation.override(language.page_language(request)):
        messages.success(request, _("Tandem now speaks to you in this language."))
    return redirect(back)


def _whole(text: str) -> int | None:
    return int(text) if text.isdigit() else None


# --- Two-factor sign-in ---------------------------------------------------------------------------

PENDING = "_tandem_2fa_pending"
PENDING_SECONDS = 300
PENDING_TRIES = 5


class InvalidFormIs400:
    """A form view whose form, sent with errors, is shown again with status 400 (as every form
    of Tandem's is), not Django's 200."""

    def form_invalid(self, form: Any) -> HttpResponse:
        response: HttpResponse = super().form_invalid(form)  # type: ignore[misc]
        response.status_code = 400
        return response


class TandemPasswordChangeView(InvalidFormIs400, auth_views.PasswordChangeView):
    """Changing one's password: audited; API tokens revoked and other browsers signed out."""

    success_url = "/"
    form_class = PlainPasswordChangeForm

    def form_valid(self, form: Any) -> HttpResponse:
        before = self.request.session.session_key
        response = super().form_valid(form)  # keeps this browser signed in, under a new key
        after = self.request.session.session_key
        UserSession.objects.filter(session_key=before).update(session_key=after)
        actions.password_changed(form.user, "change", self.request, keep=after)
        messages.success(
            self.request,
            _(
                "Your password is changed. Other browsers are signed out and your API tokens "
                "no longer work; make new ones if you need them."
            )
            if form.user.is_staff_member
            # A client has no API tokens to hear about.
            else _(
                "Your password is changed. Any other browser you were signed in on is signed out."
            ),
        )
        return response


class TandemPasswordResetView(auth_views.PasswordResetView):
    """Asking for a reset link. With TANDEM_SITE_URL set the emailed link uses it, not the
    request's Host: a request naming another host (where ALLOWED_HOSTS lets it through) must not
    send the account's owner a link that hands that host the token."""

    email_template_name = "registration/password_reset_email.txt"
    form_class = ResetEmailForm
    # Not registration/password_reset_subject.txt: django.contrib.auth, installed first, has a
    # template of that name, which would win ("Password reset on <host>").
    subject_template_name = "accounts/password_reset_subject.txt"

    def form_valid(self, form: Any) -> HttpResponse:
        site = urlsplit(str(settings.TANDEM_SITE_URL or ""))
        if site.scheme and site.netloc:
            self.extra_email_context = {"protocol": site.scheme, "domain": site.netloc}
        return super().form_valid(form)


class TandemPasswordResetConfirmView(InvalidFormIs400, auth_views.PasswordResetConfirmView):
    """A new password from an emailed link: audited; every session and API token ends. It does
    not sign in (Django's default, kept): signing in still takes the password and the second
    factor."""

    post_reset_login = False
    form_class = PlainSetPasswordForm

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        actions.password_changed(form.user, "reset", self.request)
        return response


class TandemLoginView(auth_views.LoginView):
    """Password first; then, for people with two-factor on, a code before the session is theirs."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if twofactor.is_on(user):
            ends = twofactor.lock_ends(user)
            if ends is not None:
                return signing_in_paused(self.request, until=ends)
            _start_second_factor(self.request, user, self.get_success_url())
            return redirect("two_factor_verify")
        return super().form_valid(form)


def _start_second_factor(request: HttpRequest, user: User, next_url: str) -> None:
    """The password (or invitation) is done; the session is not the person's until the code is."""
    request.session.cycle_key()
    request.session[PENDING] = {"user": user.pk, "at": time.time(), "next": next_url, "tries": 0}


@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        messages.info(request, _("Please sign in again."))
        return redirect("login")
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        request.session.pop(PENDING, None)
        return redirect("login")
    error = ""
    if request.method == "POST":
        if twofactor.verify(user, request.POST.get("code", ""), request):
            request.session.pop(PENDING, None)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            target = pending["next"]
            return redirect(target if url_has_allowed_host_and_scheme(target, None) else "home")
        pending["tries"] += 1
        request.session[PENDING] = pending
        record(actor=user, action="two_factor.failed", request=request, outcome="denied")
        if pending["tries"] >= PENDING_TRIES and not twofactor.lock_ends(user):
            request.session.pop(PENDING, None)
            messages.error(request, _("Too many wrong codes. Please sign in again."))
            return redirect("login")
        error = _(
            "That code did not work. Codes change every 30 seconds; try the newest one, or a "
            "recovery code."
        )
    ends = twofactor.lock_ends(user)
    if ends is not None:
        # The count is the account's, not this browser's: signing in again does not reset it.
        request.session.pop(PENDING, None)
        return signing_in_paused(request, until=ends)
    return render(
        request, "registration/two_factor_verify.html", {"title": _("Your code"), "error": error}
    )


def signing_in_paused(
    request: HttpRequest,
    original_response: Any = None,
    credentials: Any = None,
    until: Any = None,
) -> HttpResponse:
    """The page for a paused sign-in: too many wrong passwords (django-axes calls this, as
    AXES_LOCKOUT_CALLABLE) or too many wrong two-factor codes (``until`` the lock ends)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked.html",
        {"title": _("Signing in is paused"), "minutes": minutes, "until": until},
        status=429,
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if twofactor.is_on(user):
        if request.method == "POST" and request.POST.get("action") == "off":
            if twofactor.required_for(user):
                messages.error(
                    request,
                    _("Your practice requires two-factor sign-in, so it cannot be turned off."),
                )
            elif twofactor.verify(user, request.POST.get("code", ""), request):  # type: ignore[arg-type]
                twofactor.turn_off(user, request)  # type: ignore[arg-type]
                messages.success(request, _("Two-factor sign-in is off."))
            else:
                messages.error(
                    request, _("That code did not work, so two-factor sign-in is still on.")
                )
            return redirect("two_factor_setup")
        return render(
            request,
            "registration/two_factor_on.html",
            {"title": _("Two-factor sign-in"), "required": twofactor.required_for(user)},
        )
    secret = request.session.get("_tandem_2fa_secret") or twofactor.new_secret()
    request.session["_tandem_2fa_secret"] = secret
    error = ""
    if request.method == "POST":
        # The password first: a browser left signed in must not let a passer-by enrol their own
        # phone, which would stop the owner at their next sign-in.
        if not user.check_password(request.POST.get("password", "")):
            error = _("That is not your password, so two-factor sign-in was not turned on.")
        elif codes := twofactor.confirm_setup(user, secret, request.POST.get("code", "")):  # type: ignore[arg-type]
            request.session.pop("_tandem_2fa_secret", None)
            return render(
                request,
                "registration/two_factor_codes.html",
                {"title": _("Your recovery codes"), "codes": codes},
            )
        else:
            error = _(
                "That code did not match. Check the app shows Tandem and try the newest code."
            )
    required = twofactor.required_for(user)
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "title": _("Set up two-factor sign-in"),
            "qr": twofactor.provisioning_svg(user, secret),  # type: ignore[arg-type]
            "secret": secret,
            "error": error,
            "required": required,
            "grace_ends": twofactor.grace_ends(user) if required else None,
            # Risk alerts stay in reach while two-factor is being set up (17.1).
            "open_risks": list(
                risk_alerts_for(user).filter(acknowledged_at__isnull=True).select_related("client")
            )
            if required
            else [],
        },
    )
