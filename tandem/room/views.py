"""The room: a session's questionnaires on the therapist's device, handed to the client.

Handing over is the therapist's page (from the session); every other page here is what the client
sees on that device: one questionnaire at a time, nothing else of any record, no way out but the
locked screen, which only the therapist's password or the practice's PIN opens.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tandem.audit.chain import record
from tandem.care.models import Session
from tandem.errors import ActionError
from tandem.measures.actions import InvalidAnswers
from tandem.measures.due import DueItem
from tandem.measures.forms import InstrumentForm
from tandem.policy import can_hand_over
from tandem.room import actions
from tandem.room.due import due_in_room
from tandem.room.forms import RoomSettingsForm, UnlockForm
from tandem.room.language import staff_language
from tandem.room.models import Handover
from tandem.room.state import HANDOVER, open_handover
from tandem.safety.actions import crisis_words, practice_safety
from tandem.web import dates
from tandem.web.shortcuts import plain_errors, role_required


@role_required("therapist")
@require_POST
def hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    """The therapist hands their device to the client for this session's questionnaires."""
    session = Session.objects.select_related("episode__client").filter(pk=pk).first()
    if session is None or not can_hand_over(request.user, session.episode):  # type: ignore[arg-type]
        raise Http404("No such session")
    try:
        handover = actions.hand_over(request.user, session, request)  # type: ignore[arg-type]
    except ActionError as error:
        messages.error(request, str(error))
        return redirect("session_detail", session.pk)
    request.session[HANDOVER] = handover.pk
    return redirect("room")


def _handover(request: HttpRequest) -> Handover:
    handover = open_handover(request)
    if handover is None:
        raise Http404("Nothing is handed over on this device")
    return handover


def locked_page(
    request: HttpRequest, handover: Handover, form: UnlockForm | None = None, status: int = 200
) -> HttpResponse:
    """The locked screen: no name, nothing of any record, only the way to unlock."""
    return render(
        request,
        "room/locked.html",
        {
            "title": _("Locked"),
            "form": form or UnlockForm(),
            # The unlock form is the therapist's: in their language, not the client's.
            "staff_language": staff_language(request),
            "done": handover.lock_reason == "done",
            "handed_back": handover.lock_reason == "handed_back",
        },
        status=status,
    )


def _question_page(
    request: HttpRequest,
    handover: Handover,
    item: DueItem,
    form: InstrumentForm,
    waiting: int,
    status: int = 200,
) -> HttpResponse:
    session = handover.session
    return render(
        request,
        "room/respond.html",
        {
            # In the client's language when the instrument has it (the form chose its words).
            "title": form.instrument.title,
            "instrument": form.instrument,
            "form": form,
            "waiting": waiting,
            "thanks": request.GET.get("saved") == "1",
            "context_line": _("About your session on %(date)s.")
            % {"date": dates.day(session.date, weekday=True)},
            "idle_seconds": handover.idle_seconds,
        },
        status=status,
    )


def room(request: HttpRequest) -> HttpResponse:
    """The next questionnaire the client has not answered yet, or the locked screen."""
    handover = _handover(request)
    if handover.is_locked:
        return locked_page(request, handover)
    items = due_in_room(handover.session)
    if not items:
        actions.lock(handover, "done", request)
        return locked_page(request, handover)
    actions.touch(handover)
    return _question_page(
        request, handover, items[0], InstrumentForm(items[0].instrument), len(items)
    )


def respond(request: HttpRequest, instrument_id: str) -> HttpResponse:
    handover = _handover(request)
    if handover.is_locked:
        return locked_page(request, handover, status=423 if request.method == "POST" else 200)
    items = due_in_room(handover.session)
    item = next((i for i in items if i.instrument.id == instrument_id), None)
    if item is None:
        # Answered already (sent twice) or never due here: on to whatever is next.
        return redirect("room")
    form = InstrumentForm(item.instrument, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submitted = actions.answer(handover, item.instrument.id, form.answers(), request)
        except InvalidAnswers as error:
            for item_id, message in error.errors.items():
                form.add_error(item_id if item_id in form.fields else None, message)
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            if submitted.needs_support_page:
                # Before anything else, the client sees what to do now. Their answers are saved.
                return redirect("room_support")
            return redirect(f"{reverse('room')}?saved=1")
    return _question_page(
        request, handover, item, form, len(items), status=400 if form.errors else 200
    )


def support(request: HttpRequest) -> HttpResponse:
    """The crisis information, straight after a risk answer, as the portal shows it."""
    handover = _handover(request)
    if handover.is_locked:
        return locked_page(request, handover)
    safety = practice_safety(handover.practice_id)
    record(
        actor=handover.therapist,  # the device's account: the client may have no login
        action="room.support.view",
        client_id=handover.client_id,
        practice_id=handover.practice_id,
        request=request,
        detail={"handover": handover.pk},
    )
    return render(
        request,
        "room/support.html",
        {
            "title": _("Support now"),
            **crisis_words(safety),
            "idle_seconds": handover.idle_seconds,
        },
    )


@require_POST
def still_here(request: HttpRequest) -> HttpResponse:
    """The page saw a tap: the idle time starts again (423 once the device is locked)."""
    handover = _handover(request)
    if handover.is_locked:
        return HttpResponse(status=423)
    actions.touch(handover)
    return HttpResponse(status=204)


@require_POST
def lock(request: HttpRequest) -> HttpResponse:
    """Locked from the page: handed back by the client, or the page's idle timer."""
    handover = _handover(request)
    reason = "idle" if request.POST.get("reason") == "idle" else "handed_back"
    actions.lock(handover, reason, request, noticed_by="page")
    return redirect("room")


@require_POST
def unlock(request: HttpRequest) -> HttpResponse:
    handover = _handover(request)
    form = UnlockForm(request.POST)
    if not form.is_valid():
        return locked_page(request, handover, form, status=400)
    result = actions.unlock(request.user, handover, form.cleaned_data["secret"], request)  # type: ignore[arg-type]
    # What the unlock says is for the therapist, in their language.
    with translation.override(staff_language(request)):
        if result.ok:
            request.session.pop(HANDOVER, None)
            messages.success(request, _("Unlocked: the device is yours again."))
            return redirect("session_detail", handover.session_id)
        if result.signed_out:
            logout(request)
            messages.info(
                request,
                _(
                    "The device was signed out after too many wrong tries at unlocking it. "
                    "Please sign in again."
                ),
            )
            return redirect("login")
        form.add_error(
            "secret",
            ngettext(
                "That is not the password or the PIN. %(count)s try left before the device "
                "signs out.",
                "That is not the password or the PIN. %(count)s tries left before the device "
                "signs out.",
                result.attempts_left,
            )
            % {"count": result.attempts_left},
        )
    return locked_page(request, handover, form, status=400)


@role_required("admin")
def practice_room(request: HttpRequest) -> HttpResponse:
    """The practice's settings for handed-over devices: the idle time and the PIN."""
    found = actions.room_settings(request.user.practice_id)  # type: ignore[union-attr,arg-type]
    form = RoomSettingsForm(request.POST or None, initial={"idle_minutes": found.idle_minutes})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.save_room_settings(
                request.user,  # type: ignore[arg-type]
                data["idle_minutes"],
                data["new_pin"],
                data["remove_pin"],
                request,
            )
        except ActionError as error:
            form.add_error("new_pin", str(error))
        else:
            messages.success(request, _("Settings for handed-over devices saved."))
            return redirect("practice_room")
    if form.errors:
        messages.error(
            request,
            _("The settings were not saved. %(problems)s") % {"problems": plain_errors(form)},
        )
    return render(
        request,
        "room/practice_room.html",
        {
            "title": _("Handing a device to a client"),
            "form": form,
            "settings": found,
            "limit": actions.unlock_limit(),
        },
        status=400 if form.errors else 200,
    )
