"""Signing in by invitation, and the practice admin's pages (people, clients, supervision, instruments)."""

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
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.timesince import timesince
from django.views.decorators.http import require_http_methods, require_POST

from tandem.accounts import actions, browsers, twofactor
from tandem.accounts.forms import (
    AssignForm,
    InviteStaffForm,
    LoginForm,
    PlainPasswordChangeForm,
    PlainSetPasswordForm,
    SetPasswordForm,
    SupervisionForm,
)
from tandem.accounts.models import Invitation, Supervision, User, UserSession, hash_token
from tandem.audit.chain import record
from tandem.care import actions as care_actions
from tandem.errors import ActionError
from tandem.measures import registry
from tandem.measures.actions import set_schedule
from tandem.measures.models import Schedule
from tandem.policy import managed_clients, risk_alerts_for
from tandem.web import dates
from tandem.web.paging import paged
from tandem.web.shortcuts import (
    announce_invitation,
    emails_are_printed,
    plain_errors,
    role_required,
)


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
            user = actions.accept_invitation(invitation, form.cleaned_data["password1"], request)
        except ActionError as error:
            messages.error(request, str(error))
            return redirect("login")
        if request.user.is_authenticated:
            # Whoever was signed in in this browser is signed out first: the new session is
            # the new account's alone (login() below also gives it a new session key).
            logout(request)
        messages.success(request, "Welcome to Tandem. Your password is set.")
        if twofactor.is_on(user):
            # An invitation link never signs in past a second factor.
            _start_second_factor(request, user, "/")
            return redirect("two_factor_verify")
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("home")
    return render(
        request,
        "registration/accept_invitation.html",
        {"form": form, "invitation": invitation, "title": "Set your password"},
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
            {"title": "Invitation", "invitation": invitation, "other_account": True},
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
                request, f"You are now also a {ROLE_WORDS[role]} in {invitation.practice.name}."
            )
            return redirect("home")
    return render(
        request,
        "registration/invitation_role.html",
        {
            "title": "Accept a new role",
            "invitation": invitation,
            "role_words": ROLE_WORDS[invitation.role],
            "error": error,
        },
    )


ROLE_WORDS = {
    "admin": "practice admin",
    "therapist": "therapist",
    "supervisor": "supervisor",
    "client": "client",
}


@role_required("admin")
def practice_people(request: HttpRequest) -> HttpResponse:
    return _people_page(request, InviteStaffForm())


def _people_page(
    request: HttpRequest,
    invite_form: InviteStaffForm,
    status: int = 200,
    supervision_form: SupervisionForm | None = None,
) -> HttpResponse:
    user = request.user
    practice_id = user.practice_id  # type: ignore[union-attr]
    people = User.objects.filter(practice_id=practice_id, is_active=True).exclude(
        is_client=True, is_practice_admin=False, is_therapist=False, is_supervisor=False
    )
    # Open staff invitations, from the invitations themselves: one whose address has an account
    # elsewhere (no person behind it) is listed exactly like any other.
    invitations = (
        Invitation.objects.filter(practice_id=practice_id, accepted_at=None, revoked_at=None)
        .exclude(role="client")
        .select_related("user")
    )
    links = Supervision.objects.filter(practice_id=practice_id).select_related(
        "supervisor", "therapist"
    )
    record(actor=user, action="practice.people.view", request=request)
    return render(
        request,
        "accounts/practice_people.html",
        {
            "title": "Practice",
            "people": people,
            "invitations": invitations,
            "links": links,
            "invite_form": invite_form,
            "supervision_form": supervision_form or SupervisionForm(practice_id),
            "grace_days": twofactor.GRACE_DAYS,
            # Console email only: the link just made, in a field to copy (17.2).
            "invitation_link": request.session.pop(LAST_LINK, None),
            "without_two_factor": twofactor.staff_without(user.practice),  # type: ignore[union-attr]
        },
        status=status,
    )


@role_required("admin")
@require_POST
def practice_invite(request: HttpRequest) -> HttpResponse:
    form = InviteStaffForm(request.POST)
    if form.is_valid():
        try:
            sent = actions.invite_person(
                request.user,  # type: ignore[arg-type]
                request.user.practice,  # type: ignore[union-attr]
                form.cleaned_data["email"],
                form.cleaned_data["role"],
                full_name=form.cleaned_data["full_name"],
                request=request,
            )
        except ActionError as error:
            form.add_error("email", str(error))
        else:
            _announce(request, sent)
            return redirect("practice_people")
    # Shown again with what was typed, each error beside its field, and said at the top too: on a
    # phone the form is a long way down the page, and nothing there would show it was refused.
    messages.error(request, f"The invitation was not sent. {plain_errors(form)}")
    return _people_page(request, form, status=400)


LAST_LINK = "_tandem_invitation_link"


def _announce(request: HttpRequest, sent: actions.SentInvitation) -> None:
    announce_invitation(request, sent)
    if emails_are_printed():
        request.session[LAST_LINK] = {"email": sent.email, "link": sent.link}


def _open_invitation(request: HttpRequest, pk: int) -> Invitation:
    invitation = (
        Invitation.objects.filter(
            pk=pk,
            practice_id=request.user.practice_id,  # type: ignore[union-attr]
            accepted_at=None,
            revoked_at=None,
        )
        .exclude(role="client")
        .first()
    )
    if invitation is None:
        raise Http404("No such invitation")
    return invitation


@role_required("admin")
@require_POST
def practice_invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _open_invitation(request, pk)
    try:
        sent = actions.resend_invitation(request.user, invitation, request)  # type: ignore[arg-type]
    except ActionError as error:
        messages.error(request, str(error))
    else:
        _announce(request, sent)
    return redirect("practice_people")


@role_required("admin")
@require_POST
def practice_invitation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _open_invitation(request, pk)
    try:
        actions.withdraw_invitation(request.user, invitation, request)  # type: ignore[arg-type]
    except ActionError as error:
        messages.error(request, str(error))
    else:
        who = invitation.user.email if invitation.user else invitation.email
        messages.success(
            request, f"The invitation for {who} is withdrawn; its link no longer works."
        )
    return redirect("practice_people")


CLIENTS_PER_PAGE = 50


@role_required("admin")
def practice_clients(request: HttpRequest) -> HttpResponse:
    """The practice's clients: found by name (theirs or their therapist's), one link a row to the
    client's own page, where they are moved, and their trail and data are reached (17.17)."""
    user = request.user
    query = request.GET.get("q", "").strip()[:100]
    clients = managed_clients(user).select_related("therapist", "user").order_by("display_name")
    if query:
        clients = clients.filter(
            Q(display_name__icontains=query)
            | Q(therapist__full_name__icontains=query)
            | Q(therapist__email__icontains=query)
        )
    page = paged(request, clients, CLIENTS_PER_PAGE)
    record(actor=user, action="practice.clients.view", request=request)
    return render(
        request,
        "accounts/practice_clients.html",
        {
            "title": "Clients and therapists",
            "page": page,
            "clients": page.object_list,
            "q": query,
            "query": f"{urlencode({'q': query})}&" if query else "",
        },
    )


@role_required("admin")
def practice_client(request: HttpRequest, pk: int) -> HttpResponse:
    """One client, as their practice admin manages them: who their therapist is (and a form to
    move them), their audit trail, and export or erasure. No clinical data."""
    client = managed_clients(request.user).select_related("therapist", "user").filter(pk=pk).first()
    if client is None:
        raise Http404("No such client")
    form = AssignForm(
        request.user.practice_id,  # type: ignore[union-attr]
        initial={"therapist": client.therapist_id},
    )
    return render(
        request,
        "accounts/practice_client.html",
        {"title": client.display_name, "client": client, "form": form},
    )


@role_required("admin")
@require_POST
def practice_assign(request: HttpRequest, pk: int) -> HttpResponse:
    client = managed_clients(request.user).filter(pk=pk).first()
    if client is None:
        raise Http404("No such client")
    form = AssignForm(request.user.practice_id, request.POST)  # type: ignore[union-attr]
    if not form.is_valid():
        messages.error(request, "Choose a therapist in this practice.")
        return redirect("practice_client", pk=client.pk)
    if form.cleaned_data["therapist"].pk == client.therapist_id:
        # Nothing to move: 'is now with' would say something changed when nothing did.
        messages.info(
            request,
            f"{client.display_name} is already with {client.therapist.name}: nothing changed.",
        )
        return redirect("practice_client", pk=client.pk)
    try:
        care_actions.assign_client(request.user, client, form.cleaned_data["therapist"], request)  # type: ignore[arg-type]
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"{client.display_name} is now with {form.cleaned_data['therapist'].name}."
        )
    return redirect("practice_client", pk=client.pk)


@role_required("admin")
@require_POST
def practice_supervision(request: HttpRequest) -> HttpResponse:
    form = SupervisionForm(request.user.practice_id, request.POST)  # type: ignore[union-attr]
    active = request.POST.get("active", "1") == "1"
    if not form.is_valid():
        messages.error(request, f"Supervision was not changed. {plain_errors(form)}")
        return _people_page(request, InviteStaffForm(), 400, supervision_form=form)
    try:
        actions.set_supervision(
            request.user,  # type: ignore[arg-type]
            form.cleaned_data["supervisor"],
            form.cleaned_data["therapist"],
            active,
        )
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Supervision updated.")
    return redirect("practice_people")


@role_required("admin")
@require_http_methods(["GET", "POST"])
def practice_schedules(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        instrument_id = request.POST.get("instrument_id", "")
        instrument = registry.get(instrument_id)
        rule = request.POST.get("rule", "")
        every_n_raw = request.POST.get("every_n", "").strip()
        active = request.POST.get("active") == "on"
        failed = {"instrument_id": instrument_id, "rule": rule, "every_n": every_n_raw}
        failed["active"] = active
        try:
            every_n = int(every_n_raw) if every_n_raw else None
        except ValueError:
            return _schedules_page(
                request, failed | {"error": "The number of sessions must be a whole number."}
            )
        current = Schedule.objects.filter(
            practice_id=user.practice_id,  # type: ignore[union-attr]
            instrument_id=instrument_id,
        ).first()
        was_active = current is None or current.active
        stops = registry.what_stops(instrument) if instrument is not None else []
        if was_active and not active and stops and request.POST.get("confirm") != "yes":
            # Turning off PHQ-9 silently stopped risk screening and outcome figures: say what
            # stops and ask first (issue 17.10).
            return render(
                request,
                "accounts/practice_schedule_confirm.html",
                {
                    "title": f"Stop collecting {instrument.short_title}?",  # type: ignore[union-attr]
                    "instrument": instrument,
                    "stops": stops,
                    "rule": rule,
                    "every_n": every_n_raw,
                },
            )
        try:
            set_schedule(
                user,
                instrument_id,
                rule,
                every_n,  # type: ignore[arg-type]
                active,
                request,
            )
        except ActionError as error:
            return _schedules_page(request, failed | {"error": str(error)})
        else:
            assert instrument is not None  # set_schedule refuses an unknown instrument
            when = {
                Schedule.EVERY_SESSION: "at every session",
                Schedule.FIRST_SESSION: "at the first session only",
                Schedule.EVERY_N: f"at the first session, then every {every_n} sessions",
            }[rule]
            messages.success(
                request,
                f"Collection schedule saved: {instrument.short_title} is "
                + (f"collected {when}." if active else "not collected."),
            )
        return redirect("practice_schedules")
    return _schedules_page(request)


def _schedules_page(request: HttpRequest, failed: dict[str, Any] | None = None) -> HttpResponse:
    """The instruments A to Z by name, each with its schedule; a row sent with a mistake comes
    back as it was sent, the reason beside its number of sessions (not a redirect that would put
    the old choice back and the reason only at the top)."""
    practice_id = request.user.practice_id  # type: ignore[union-attr]
    schedules = {s.instrument_id: s for s in Schedule.objects.filter(practice_id=practice_id)}
    rows = []
    for instrument in sorted(registry.registry().values(), key=lambda i: i.title.lower()):
        row: dict[str, Any] = {"instrument": instrument, "schedule": schedules.get(instrument.id)}
        if failed is not None and failed["instrument_id"] == instrument.id:
            row["failed"] = failed
        rows.append(row)
    if failed is not None:
        instrument = registry.get(failed["instrument_id"])
        name = instrument.short_title if instrument is not None else "the instrument"
        messages.error(request, f"The schedule for {name} was not saved. {failed['error']}")
    return render(
        request,
        "accounts/practice_schedules.html",
        {
            "title": "Instruments",
            "rows": rows,
            # Short enough to read whole in the select on a 375 px phone (issue 17.10).
            "rules": [
                (Schedule.EVERY_SESSION, "Every session"),
                (Schedule.FIRST_SESSION, "First session only"),
                (Schedule.EVERY_N, "First, then every N sessions"),
            ],
            "load_errors": registry.registry().errors,
        },
        status=400 if failed is not None else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def signed_in_sessions(request: HttpRequest) -> HttpResponse:
    current = request.session.session_key
    if request.method == "POST":
        if request.POST.get("everywhere"):
            count = actions.end_sessions(request.user, keep=current)  # type: ignore[arg-type]
            messages.success(
                request, f"Signed out of {count} other browser{'s' if count != 1 else ''}."
            )
        else:
            # The form names the browser by its row, never by its session key: the key is that
            # browser's session cookie, and a page that shows it hands the session out.
            keys = UserSession.objects.filter(
                user=request.user, pk=_whole(request.POST.get("session", ""))
            ).values_list("session_key", flat=True)
            actions.end_sessions(request.user, keys=list(keys), keep=current)  # type: ignore[arg-type]
            messages.success(request, "That browser is signed out.")
        return redirect("signed_in_sessions")
    sessions = list(UserSession.objects.filter(user=request.user))
    now = timezone.now()
    for s in sessions:
        s.browser = browsers.describe(s.user_agent)  # type: ignore[attr-defined]
        s.active_words = (  # type: ignore[attr-defined]
            "just now"
            if now - s.last_seen < timedelta(minutes=1)
            else f"{timesince(s.last_seen, now)} ago"
        )
    return render(
        request,
        "accounts/sessions.html",
        {"title": "Where you are signed in", "sessions": sessions, "current": current},
    )


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
            "Your password is changed. Other browsers are signed out and your API tokens "
            "no longer work; make new ones if you need them."
            if form.user.is_staff_member
            # A client has no API tokens to hear about.
            else "Your password is changed. Any other browser you were signed in on is signed out.",
        )
        return response


class TandemPasswordResetView(auth_views.PasswordResetView):
    """Asking for a reset link. With TANDEM_SITE_URL set the emailed link uses it, not the
    request's Host: a request naming another host (where ALLOWED_HOSTS lets it through) must not
    send the account's owner a link that hands that host the token."""

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

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
        messages.info(request, "Please sign in again.")
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
            messages.error(request, "Too many wrong codes. Please sign in again.")
            return redirect("login")
        error = "That code did not work. Codes change every 30 seconds; try the newest one, or a recovery code."
    ends = twofactor.lock_ends(user)
    if ends is not None:
        # The count is the account's, not this browser's: signing in again does not reset it.
        request.session.pop(PENDING, None)
        return signing_in_paused(request, until=ends)
    return render(
        request, "registration/two_factor_verify.html", {"title": "Your code", "error": error}
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
        {"title": "Signing in is paused", "minutes": minutes, "until": until},
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
                    "Your practice requires two-factor sign-in, so it cannot be turned off.",
                )
            elif twofactor.verify(user, request.POST.get("code", ""), request):  # type: ignore[arg-type]
                twofactor.turn_off(user, request)  # type: ignore[arg-type]
                messages.success(request, "Two-factor sign-in is off.")
            else:
                messages.error(
                    request, "That code did not work, so two-factor sign-in is still on."
                )
            return redirect("two_factor_setup")
        return render(
            request,
            "registration/two_factor_on.html",
            {"title": "Two-factor sign-in", "required": twofactor.required_for(user)},
        )
    secret = request.session.get("_tandem_2fa_secret") or twofactor.new_secret()
    request.session["_tandem_2fa_secret"] = secret
    error = ""
    if request.method == "POST":
        # The password first: a browser left signed in must not let a passer-by enrol their own
        # phone, which would stop the owner at their next sign-in.
        if not user.check_password(request.POST.get("password", "")):
            error = "That is not your password, so two-factor sign-in was not turned on."
        elif codes := twofactor.confirm_setup(user, secret, request.POST.get("code", "")):  # type: ignore[arg-type]
            request.session.pop("_tandem_2fa_secret", None)
            return render(
                request,
                "registration/two_factor_codes.html",
                {"title": "Your recovery codes", "codes": codes},
            )
        else:
            error = "That code did not match. Check the app shows Tandem and try the newest code."
    required = twofactor.required_for(user)
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "title": "Set up two-factor sign-in",
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


@role_required("admin")
@require_POST
def practice_two_factor(request: HttpRequest) -> HttpResponse:
    practice = request.user.practice  # type: ignore[union-attr]
    require = request.POST.get("require") == "1"
    if require and request.POST.get("confirm") != "yes":
        # Requiring it changes every colleague's next sign-in: say who and when, and ask first.
        return render(
            request,
            "accounts/practice_two_factor_confirm.html",
            {
                "title": "Require two-factor sign-in?",
                "without": twofactor.staff_without(practice),
                "grace_days": twofactor.GRACE_DAYS,
            },
        )
    ends = twofactor.set_required(request.user, require, request)  # type: ignore[arg-type]
    if ends is not None:
        messages.success(
            request,
            f"Staff must now use two-factor sign-in. Those who have not set it up have until "
            f"{dates.day(ends)} ({twofactor.GRACE_DAYS} days) and are reminded when they sign in; "
            "risk alerts stay open to them all along.",
        )
    else:
        messages.success(request, "Two-factor sign-in is now optional for staff.")
    return redirect("practice_people")


@role_required("admin")
@require_http_methods(["GET", "POST"])
def practice_erase_client(request: HttpRequest, pk: int) -> HttpResponse:
    from tandem.care.erasure import erase_client, erasure_summary

    client = managed_clients(request.user).filter(pk=pk).first()
    if client is None:
        raise Http404("No such client")
    if request.method == "GET" and request.GET.get("format") == "json":
        record(
            actor=request.user,
            action="export",
            obj=client,
            client_id=client.pk,
            request=request,
            detail={"what": "what erasure will remove (counts only)"},
        )
        # Counts, not content: an admin sees no clinical answers; the record itself is the
        # client's to download (portal) or their therapist's (client page) (issue 16.3).
        response = JsonResponse(erasure_summary(client), json_dumps_params={"indent": 2})
        response["Content-Disposition"] = f'attachment; filename="client-{client.pk}.json"'
        return response
    refused = ""
    if request.method == "POST":
        try:
            erase_client(request.user, client, request.POST.get("confirm", ""), request)  # type: ignore[arg-type]
        except ActionError as error:
            # The reason beside the box it is about, as on every other form, and a 400.
            refused = str(error)
        else:
            messages.success(
                request,
                "The client's data has been erased. The audit trail keeps only who did what, when.",
            )
            return redirect("practice_clients")
    return render(
        request,
        "accounts/practice_erase.html",
        {"title": "Erase a client's data", "client": client, "refused": refused},
        status=400 if refused else 200,
    )
