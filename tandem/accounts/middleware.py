"""The person's language; idle and absolute session timeouts, and the record of where a person is
signed in; the second factor a practice requires."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _

from tandem.accounts.language import page_language
from tandem.accounts.models import UserSession
from tandem.web import dates

STARTED, LAST_SEEN = "_tandem_started", "_tandem_last_seen"
# Writing last-seen on every request would turn every page view into a database write.
TOUCH_EVERY = 60


class LanguageMiddleware:
    """Each page in the person's language (tandem.accounts.language). In place of Django's
    LocaleMiddleware, which runs before the person is known; the language is put back after the
    response, so nothing after it (a test, a task run in the same thread) inherits it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = page_language(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
        # Someone not signed in gets the page in their browser's language: a cache must not
        # hand it to a browser asking for another.
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", language)
        return response


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self._checked(request)
        # What a signed-in person is shown is theirs: on a shared computer, Back after signing
        # out must not bring it up from the browser's cache (API token calls included, whose
        # person is known only after the view). A response that set its own caching keeps it.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response

    def _checked(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            started = request.session.get(STARTED, now)
            last_seen = request.session.get(LAST_SEEN, now)
            idle_limit = (
                settings.TANDEM_STAFF_IDLE_SECONDS
                if user.is_staff_member or user.is_staff
                else settings.TANDEM_CLIENT_IDLE_SECONDS
            )
            key = request.session.session_key
            revoked = key is not None and not UserSession.objects.filter(session_key=key).exists()
            if (
                now - last_seen > idle_limit
                or now - started > settings.TANDEM_SESSION_MAX_SECONDS
                or revoked
            ):
                logout(request)
                messages.info(
                    request,
                    _("You were signed out to keep your information safe. Please sign in again."),
                )
                return redirect(f"{reverse('login')}?next={request.path}")
            request.session.setdefault(STARTED, started)
            if now - last_seen >= TOUCH_EVERY or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
                UserSession.objects.filter(session_key=key).update(last_seen=timezone.now())
        return self.get_response(request)


# Pages a member of staff may still reach before setting up a required second factor. Risk alerts
# among them: a safety matter must never wait for someone to install an app (17.1). The setup page
# itself lists the person's open risk alerts with the form to acknowledge them.
_TWO_FACTOR_FREE = ("/accounts/two-factor/", "/accounts/logout/", "/static/", "/healthz", "/readyz")
_RISK_PATHS = ("/risk/", "/practice/risk/")
GRACE_TOLD = "_tandem_2fa_grace_told"


class TwoFactorRequiredMiddleware:
    """Where a practice requires two-factor sign-in, staff without it are sent to set it up,
    once the grace period is over; during it they are reminded once per sign-in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from tandem.accounts import twofactor

        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_TWO_FACTOR_FREE)
            and twofactor.required_for(user)
            and not twofactor.is_on(user)
        ):
            ends = twofactor.grace_ends(user)
            if ends is not None:
                if not request.session.get(GRACE_TOLD):
                    request.session[GRACE_TOLD] = True
                    messages.warning(
                        request,
                        _(
                            "Your practice now requires two-factor sign-in. Please set it up "
                            "before %(day)s (Account, then Two-factor sign-in); until then "
                            "everything works as usual."
                        )
                        % {"day": dates.day(ends)},
                    )
            elif not request.path.startswith(_RISK_PATHS):
                return redirect("two_factor_setup")
        return self.get_response(request)
