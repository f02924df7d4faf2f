"""The follow-up pages: the client's check-in in their portal, and the returning-client requests
for the therapist (on the caseload) and the practice admin (when the therapist has left)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.audit.chain import record
from tandem.errors import ActionError
from tandem.followup import checkin
from tandem.followup.actions import (
    RequestNotFound,
    acknowledge_request,
    answer_follow_up,
    close_request,
)
from tandem.followup.models import FollowUp
from tandem.measures import registry
from tandem.measures.views import fill_instrument
from tandem.policy import own_client_record, returning_requests_for
from tandem.web.shortcuts import role_required


def _own_follow_up(request: HttpRequest, pk: int) -> FollowUp:
    client = own_client_record(request.user)  # type: ignore[arg-type]
    found = (
        FollowUp.objects.select_related("episode__client", "episode__therapist")
        .filter(pk=pk, episode__client=client)
        .first()
    )
    if found is None:
        raise Http404("No such check-in")
    return found


@role_required("client")
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = _own_follow_up(request, pk)
    done = checkin.answered_ids(follow_up)
    items = [{"instrument": i, "done": i.id in done} for i in checkin.instruments_for(follow_up)]
    record(
        actor=request.user,
        action="followup.view",
        obj=follow_up,
        client_id=follow_up.episode.client_id,
        practice_id=follow_up.episode.client.practice_id,
        request=request,
    )
    return render(
        request,
        "followup/check_in.html",
        {
            "title": _("Checking in"),
            "follow_up": follow_up,
            "items": items,
            "next": next((row for row in items if not row["done"]), None),
            "open": checkin.is_open(follow_up),
            "therapist": follow_up.episode.therapist,
        },
    )


@role_required("client")
def answer(request: HttpRequest, pk: int, instrument_id: str) -> HttpResponse:
    follow_up = _own_follow_up(request, pk)
    instrument = registry.get(instrument_id)
    if instrument is None or instrument_id not in {
        i.id for i in checkin.instruments_for(follow_up)
    }:
        raise Http404("No such questionnaire")
    if not checkin.is_open(follow_up):
        messages.info(request, _("This check-in is closed now. Thank you for thinking of it."))
        return redirect("portal_home")
    return fill_instrument(
        request,
        instrument,
        lambda answers: answer_follow_up(
            request.user,  # type: ignore[arg-type]
            follow_up,
            instrument.id,
            answers,
            request,
        ),
        done_url=reverse("followup_check_in", args=[follow_up.pk]),
        support_url=f"{reverse('portal_support')}?after=answers",
        context={
            "context_line": _("How you are now, a while after your therapy ended."),
            "back_url": reverse("followup_check_in", args=[follow_up.pk]),
        },
    )


def _back(request: HttpRequest) -> HttpResponse:
    user = request.user
    if getattr(user, "is_therapist", False):
        return redirect("caseload")
    return redirect("practice_returning")


def _refused(request: HttpRequest, error: ActionError) -> HttpResponse:
    """Someone else's request is not found (404); a closed one says so."""
    if isinstance(error, RequestNotFound):
        raise Http404(str(error))
    messages.info(request, str(error))
    return _back(request)


@role_required("therapist", "admin")
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        acknowledge_request(request.user, pk, request)  # type: ignore[arg-type]
    except ActionError as error:
        return _refused(request, error)
    messages.success(request, _("Marked as seen. Close it once you have been in touch."))
    return _back(request)


@role_required("therapist", "admin")
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        close_request(
            request.user,  # type: ignore[arg-type]
            pk,
            request.POST.get("note", "")[:2000],
            request,
        )
    except ActionError as error:
        return _refused(request, error)
    messages.success(request, _("Request closed."))
    return _back(request)


@role_required("admin")
def practice_returning(request: HttpRequest) -> HttpResponse:
    """Requests from former clients whose therapist has left: names and dates, no answers."""
    found = list(
        returning_requests_for(request.user)  # type: ignore[arg-type]
        .filter(closed_at__isnull=True)
        .select_related("client", "episode__therapist", "follow_up")
    )
    record(
        actor=request.user,
        action="practice.returning.view",
        request=request,
        detail={"requests": len(found)},
    )
    return render(
        request,
        "followup/practice_returning.html",
        {"title": _("Former clients asking to come back"), "requests": found},
    )
