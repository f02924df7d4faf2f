"""The practice administrator's pages under /practice/: people and invitations, clients and who
sees them, supervision links, the two-factor requirement, the practice's language, and erasing a
client (the collection
schedules' page is the measures app's, ``tandem.measures.schedule_views``). An administrator sees names, roles and assignments, never a client's answers.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import BadRequest
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from tandem.accounts import actions, language, twofactor
from tandem.accounts.forms import (
    AssignForm,
    InviteStaffForm,
    PracticeLanguageForm,
    SupervisionForm,
)
from tandem.accounts.mail import SentInvitation, announce_invitation
from tandem.accounts.models import ROLE_WORDS, Invitation, Supervision, User
from tandem.audit.chain import record
from tandem.care import actions as care_actions
from tandem.errors import ActionError
from tandem.policy import managed_clients
from tandem.web import dates
from tandem.web.paging import paged
from tandem.web.shortcuts import emails_are_printed, plain_errors, role_required
from tandem.web.words import kept_together, plain_spaces


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
    people = list(
        User.objects.filter(practice_id=practice_id, is_active=True).exclude(
            is_client=True, is_practice_admin=False, is_therapist=False, is_supervisor=False
        )
    )
    for person in people:
        # Each role in words of the reader's language ("administrador del centro, terapeuta").
        person.roles_said = ", ".join(str(ROLE_WORDS[r]) for r in person.role_names())  # type: ignore[attr-defined]
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
            "title": _("Practice"),
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
    messages.error(
        request, _("The invitation was not sent. %(problems)s") % {"problems": plain_errors(form)}
    )
    return _people_page(request, form, status=400)


LAST_LINK = "_tandem_invitation_link"


def _announce(request: HttpRequest, sent: SentInvitation) -> None:
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
            request,
            _("The invitation for %(email)s is withdrawn; its link no longer works.")
            % {"email": who},
        )
    return redirect("practice_people")


CLIENTS_PER_PAGE = 50


@role_required("admin")
def practice_clients(request: HttpRequest) -> HttpResponse:
    """The practice's clients: found by name (theirs or their therapist's), one link a row to the
    client's own page, where they are moved, and their trail and data are reached (17.17)."""
    user = request.user
    # A name copied from a page carries its no-break space (kept_together); stored names do not.
    query = plain_spaces(request.GET.get("q", "")).strip()[:100]
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
            "title": _("Clients and therapists"),
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
        messages.error(request, _("Choose a therapist in this practice."))
        return redirect("practice_client", pk=client.pk)
    if form.cleaned_data["therapist"].pk == client.therapist_id:
        # Nothing to move: 'is now with' would say something changed when nothing did.
        messages.info(
            request,
            _("%(client)s is already with %(therapist)s: nothing changed.")
            % {
                "client": kept_together(client.display_name),
                "therapist": kept_together(client.therapist.name),
            },
        )
        return redirect("practice_client", pk=client.pk)
    try:
        care_actions.assign_client(request.user, client, form.cleaned_data["therapist"], request)  # type: ignore[arg-type]
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(client)s is now with %(therapist)s.")
            % {
                "client": kept_together(client.display_name),
                "therapist": kept_together(form.cleaned_data["therapist"].name),
            },
        )
    return redirect("practice_client", pk=client.pk)


def _button(request: HttpRequest, name: str, default: str | None = None) -> bool:
    """Which of a form's two buttons was pressed ("1" or "0"). Anything else was not sent by the
    page: refused (400) rather than taken for "0", which would undo a link or a requirement."""
    value = request.POST.get(name, default)
    if value not in ("0", "1"):
        raise BadRequest(f"{name} must be 0 or 1")
    return value == "1"


@role_required("admin")
@require_POST
def practice_supervision(request: HttpRequest) -> HttpResponse:
    form = SupervisionForm(request.user.practice_id, request.POST)  # type: ignore[union-attr]
    active = _button(request, "active", default="1")
    if not form.is_valid():
        messages.error(
            request,
            _("Supervision was not changed. %(problems)s") % {"problems": plain_errors(form)},
        )
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
        messages.success(request, _("Supervision updated."))
    return redirect("practice_people")


@role_required("admin")
@require_POST
def practice_two_factor(request: HttpRequest) -> HttpResponse:
    practice = request.user.practice  # type: ignore[union-attr]
    require = _button(request, "require")
    if require and request.POST.get("confirm") != "yes":
        # Requiring it changes every colleague's next sign-in: say who and when, and ask first.
        return render(
            request,
            "accounts/practice_two_factor_confirm.html",
            {
                "title": _("Require two-factor sign-in?"),
                "without": twofactor.staff_without(practice),
                "grace_days": twofactor.GRACE_DAYS,
            },
        )
    ends = twofactor.set_required(request.user, require, request)  # type: ignore[arg-type]
    if ends is not None:
        messages.success(
            request,
            ngettext(
                "Staff must now use two-factor sign-in. Those who have not set it up have until "
                "%(day)s (%(days)s day) and are reminded when they sign in; risk alerts stay open "
                "to them all along.",
                "Staff must now use two-factor sign-in. Those who have not set it up have until "
                "%(day)s (%(days)s days) and are reminded when they sign in; risk alerts stay open "
                "to them all along.",
                twofactor.GRACE_DAYS,
            )
            % {"day": dates.day(ends), "days": twofactor.GRACE_DAYS},
        )
    else:
        messages.success(request, _("Two-factor sign-in is now optional for staff."))
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
                _(
                    "The client's data has been erased. The audit trail keeps only who did what, when."
                ),
            )
            return redirect("practice_clients")
    return render(
        request,
        "accounts/practice_erase.html",
        {"title": _("Erase a client's data"), "client": client, "refused": refused},
        status=400 if refused else 200,
    )


@role_required("admin")
@require_http_methods(["GET", "POST"])
def practice_language(request: HttpRequest) -> HttpResponse:
    """The practice's language: for its people who chose none, when their browser asks for
    none Tandem has, and for their emails (docs/i18n.md)."""
    practice = request.user.practice  # type: ignore[union-attr]
    current = language.supported(practice.language) or language.supported(settings.LANGUAGE_CODE)
    form = PracticeLanguageForm(request.POST or None, initial={"language": current})
    if request.method == "POST" and form.is_valid():
        actions.set_practice_language(request.user, form.cleaned_data["language"], request)  # type: ignore[arg-type]
        messages.success(request, _("The practice's language is saved."))
        return redirect("practice_language")
    return render(
        request,
        "accounts/practice_language.html",
        {"title": _("The practice's language"), "form": form},
        status=400 if form.errors else 200,
    )
