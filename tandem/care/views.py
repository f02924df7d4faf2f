"""The therapist's and supervisor's pages: caseload, client picture, sessions, goals, plans.

Views are thin: authorise through tandem.policy, validate with a form, call an action, render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tandem.accounts.mail import announce_invitation
from tandem.audit.chain import record
from tandem.care import actions
from tandem.care.caseload import build_caseload
from tandem.care.forms import (
    AddClientForm,
    CorrectSessionDateForm,
    DeleteSessionForm,
    EndEpisodeForm,
    GoalEditForm,
    GoalForm,
    InviteClientForm,
    PlanForm,
    ProblemForm,
    SessionForm,
)
from tandem.care.models import Client, Episode, Goal, PracticePlan, Session
from tandem.care.picture import client_picture
from tandem.care.session_page import session_page, viewable_session
from tandem.care.supervision import supervision_groups
from tandem.errors import ActionError
from tandem.measures.due import due_for_episodes
from tandem.policy import (
    get_clinical_client,
    get_editable_client,
    get_editable_episode,
    returning_requests_for,
    risk_alerts_for,
)
from tandem.transcripts.forms import TranscriptForm
from tandem.web.shortcuts import plain_errors, role_required
from tandem.web.words import kept_together


def _back_to(client: Client, episode_pk: int | None = None) -> HttpResponse:
    url = reverse("client_detail", args=[client.pk])
    return redirect(f"{url}?episode={episode_pk}" if episode_pk else url)


@role_required("therapist")
def caseload(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "active")
    rows = build_caseload(request.user, include_ended=show == "all")
    if show == "due":
        rows = [r for r in rows if r.client_due or r.therapist_due]
    risks = list(
        risk_alerts_for(request.user)
        .filter(acknowledged_at__isnull=True)
        .select_related("client")
        .order_by("raised_at")
    )
    returning = list(
        returning_requests_for(request.user)  # type: ignore[arg-type]
        .filter(closed_at__isnull=True)
        .select_related("client", "follow_up")
    )
    record(
        actor=request.user, action="caseload.view", request=request, detail={"clients": len(rows)}
    )
    return render(
        request,
        "care/caseload.html",
        {
            "title": _("Caseload"),
            "rows": rows,
            "show": show,
            "risks": risks,
            "returning": returning,
        },
    )


@role_required("therapist")
def add_client(request: HttpRequest) -> HttpResponse:
    form = AddClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client, sent = actions.add_client(
                request.user,
                form.cleaned_data["display_name"],
                form.cleaned_data["email"],
                request,  # type: ignore[arg-type]
            )
        except ActionError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request,
                _("%(name)s is on your caseload with a new episode.")
                % {"name": kept_together(client.display_name)},
            )
            if sent:
                announce_invitation(request, sent)
            return redirect("client_detail", pk=client.pk)
    return render(
        request,
        "care/add_client.html",
        {"title": _("New client"), "form": form},
        status=400 if form.errors else 200,
    )


@role_required("therapist", "supervisor")
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_clinical_client(request.user, pk)
    try:
        episode_pk = int(request.GET["episode"]) if "episode" in request.GET else None
    except ValueError:
        episode_pk = None
    return _client_page(request, client, episode_pk)


def _client_page(
    request: HttpRequest,
    client: Client,
    episode_pk: int | None,
    goal_conflict: dict[str, Any] | None = None,
    *,
    failed: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The client's page. ``failed`` holds a form sent with errors (by its context name, as
    ``goal_form``; a goal's edit form as ``goal_edit``): it is shown as it was sent, each error
    beside its field, and the page answers ``status`` (400)."""
    failed = failed or {}
    picture = client_picture(request.user, client, episode_pk)
    episode = picture["episode"]
    if episode is not None and picture["can_edit"]:
        picture["due"] = due_for_episodes([episode]).get(episode.pk)
    alerts = list(
        risk_alerts_for(request.user)
        .filter(client=client)
        .select_related("client", "acknowledged_by")
    )
    picture["open_risks"] = [a for a in alerts if a.is_open]
    picture["closed_risks"] = [a for a in alerts if not a.is_open][:10]
    picture["safety_plan"] = getattr(client, "safety_plan", None)
    # Each goal's edit form has ids of its own; the one sent with errors comes back as it was.
    failed_edit = failed.get("goal_edit")
    for goal in picture["goals"]:
        if failed_edit is not None and failed_edit.goal_pk == goal.pk:
            goal.edit_form = failed_edit
        else:
            goal.edit_form = GoalEditForm.for_goal(goal)
    record(
        actor=request.user, action="client.view", obj=client, client_id=client.pk, request=request
    )
    forms = {
        "session_form": SessionForm(initial={"date": timezone.localdate()}, episode=episode),
        "end_form": EndEpisodeForm(),
        "problem_form": (
            ProblemForm(initial={"problem": episode.problem})
            if episode is not None and picture["can_edit"]
            else None
        ),
        "goal_form": GoalForm(),
        "plan_form": PlanForm(),
        "invite_form": InviteClientForm(),
    }
    forms.update((name, form) for name, form in failed.items() if name in forms)
    return render(
        request,
        "care/client_detail.html",
        {
            "title": client.display_name,
            **picture,
            **forms,
            "goal_conflict": goal_conflict,
        },
        status=status,
    )


def _form_failed(
    request: HttpRequest, episode: Episode, name: str, form: Any, what: str
) -> HttpResponse:
    """Back to the client's page with the form as it was sent: 400, the errors beside their
    fields, and a message at the top naming them (the form may be further down the page)."""
    messages.error(request, f"{what} {plain_errors(form)}")
    return _client_page(request, episode.client, episode.pk, failed={name: form}, status=400)


@role_required("therapist")
@require_POST
def invite_client(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_editable_client(request.user, pk)
    form = InviteClientForm(request.POST)
    if form.is_valid():
        try:
            sent = actions.invite_client(request.user, client, form.cleaned_data["email"], request)  # type: ignore[arg-type]
        except ActionError as error:
            form.add_error("email", str(error))
        else:
            announce_invitation(request, sent)
            return _back_to(client)
    messages.error(
        request, _("The invitation was not sent. %(problems)s") % {"problems": plain_errors(form)}
    )
    return _client_page(request, client, None, failed={"invite_form": form}, status=400)


@role_required("therapist")
@require_POST
def new_episode(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_editable_client(request.user, pk)
    try:
        episode = actions.open_episode(request.user, client, request)  # type: ignore[arg-type]
    except ActionError as error:
        messages.error(request, str(error))
        return _back_to(client)
    messages.success(
        request,
        _("Episode %(number)s opened. Earlier episodes are kept below.")
        % {"number": episode.number},
    )
    return _back_to(client, episode.pk)


@role_required("therapist")
@require_POST
def new_session(request: HttpRequest, pk: int) -> HttpResponse:
    episode = get_editable_episode(request.user, pk)
    form = SessionForm(request.POST, episode=episode)
    if form.is_valid():
        try:
            session = actions.record_session(
                request.user,
                episode,
                form.cleaned_data["date"],
                form.cleaned_data["attendance"],
                request,  # type: ignore[arg-type]
            )
        except actions.SessionDateError as error:
            form.add_error("date", str(error))
        except ActionError as error:
            messages.error(request, str(error))
            return _back_to(episode.client, episode.pk)
    if form.errors:
        return _form_failed(
            request, episode, "session_form", form, _("The session was not recorded.")
        )
    messages.success(request, _("Session %(number)s recorded.") % {"number": session.number})
    if session.attended:
        return redirect("session_detail", pk=session.pk)
    return _back_to(episode.client, episode.pk)


def _status_change(request: HttpRequest, pk: int, change: str) -> HttpResponse:
    episode = get_editable_episode(request.user, pk)
    try:
        if change == "end":
            form = EndEpisodeForm(request.POST)
            if not form.is_valid():
                return _form_failed(
                    request, episode, "end_form", form, _("The episode is still open.")
                )
            if request.POST.get("confirm") != "yes":
                # Ending cannot be undone from here: say what will happen and ask once more.
                return render(
                    request,
                    "care/end_confirm.html",
                    {
                        "title": _("End episode %(number)s?") % {"number": episode.number},
                        "episode": episode,
                        "client": episode.client,
                        "reason": form.cleaned_data["reason"],
                        "reason_label": dict(Episode.END_REASONS)[form.cleaned_data["reason"]],
                        "note": form.cleaned_data["note"],
                    },
                )
            ended = actions.end_episode(
                request.user,
                episode,
                form.cleaned_data["reason"],  # type: ignore[arg-type]
                form.cleaned_data["note"],
                request=request,
            )
            messages.success(
                request,
                _(
                    "%(name)s has graduated. Their portal now shows an ending page with where "
                    "they started and where they are; crisis information and their safety plan "
                    "stay there. A new episode can be opened any time."
                )
                % {"name": kept_together(episode.client.display_name)}
                if ended.graduated
                else _(
                    "The episode has ended. Its history is kept, and a new episode can be "
                    "opened any time."
                ),
            )
        else:
            note = request.POST.get("note", "")
            action = actions.pause_episode if change == "pause" else actions.resume_episode
            action(request.user, episode, note, request)  # type: ignore[arg-type]
            messages.success(
                request, _("Episode paused.") if change == "pause" else _("Episode resumed.")
            )
    except ActionError as error:
        messages.error(request, str(error))
    return _back_to(episode.client, episode.pk)


@role_required("therapist")
@require_POST
def pause_episode(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_change(request, pk, "pause")


@role_required("therapist")
@require_POST
def resume_episode(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_change(request, pk, "resume")


@role_required("therapist")
@require_POST
def end_episode(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_change(request, pk, "end")


def _in_a_sentence(label: str) -> str:
    """A label as it reads inside a sentence: its first letter small, its acronyms as they are
    ("post-traumatic stress disorder (PTSD)", "trastorno obsesivo-compulsivo (TOC)")."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


@role_required("therapist")
@require_POST
def episode_problem(request: HttpRequest, pk: int) -> HttpResponse:
    episode = get_editable_episode(request.user, pk)
    form = ProblemForm(request.POST)
    if not form.is_valid():
        return _form_failed(
            request, episode, "problem_form", form, _("The main problem was not changed.")
        )
    try:
        actions.set_problem(request.user, episode, form.cleaned_data["problem"], request)  # type: ignore[arg-type]
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Main problem set to %(problem)s.")
            % {"problem": _in_a_sentence(str(episode.get_problem_display()))},
        )
    return _back_to(episode.client, episode.pk)


@role_required("therapist")
@require_POST
def add_goal(request: HttpRequest, pk: int) -> HttpResponse:
    episode = get_editable_episode(request.user, pk)
    form = GoalForm(request.POST)
    if not form.is_valid():
        return _form_failed(request, episode, "goal_form", form, _("The goal was not added."))
    actions.add_goal(request.user, episode, form.cleaned_data["text"], request)  # type: ignore[arg-type]
    messages.success(request, _("Goal added. Your client sees it in their portal."))
    return _back_to(episode.client, episode.pk)


@role_required("therapist")
@require_POST
def edit_goal(request: HttpRequest, pk: int) -> HttpResponse:
    goal = Goal.objects.select_related("episode__client").filter(pk=pk).first()
    if goal is None:
        raise Http404("No such goal")
    episode = get_editable_episode(request.user, goal.episode_id)
    form = GoalEditForm.for_goal(goal, request.POST)
    if not form.is_valid():
        return _form_failed(request, episode, "goal_edit", form, _("The goal was not changed."))
    try:
        actions.update_goal(
            request.user,
            goal,
            version=form.cleaned_data["version"],  # type: ignore[arg-type]
            text=form.cleaned_data["text"],
            status=form.cleaned_data["status"],
            progress=form.cleaned_data["progress"],
            request=request,
        )
    except actions.GoalConflict as error:
        messages.error(request, str(error))
        typed = {
            "goal": goal.pk,
            "text": form.cleaned_data["text"],
            "status": dict(Goal.STATUS_CHOICES).get(form.cleaned_data["status"], ""),
            "progress": form.cleaned_data["progress"],
        }
        return _client_page(request, episode.client, episode.pk, goal_conflict=typed)
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Goal updated."))
    return _back_to(episode.client, episode.pk)


@role_required("therapist")
@require_POST
def add_plan(request: HttpRequest, pk: int) -> HttpResponse:
    episode = get_editable_episode(request.user, pk)
    form = PlanForm(request.POST)
    if not form.is_valid():
        return _form_failed(
            request, episode, "plan_form", form, _("The practice plan was not added.")
        )
    actions.save_plan(request.user, episode, request=request, **form.cleaned_data)  # type: ignore[arg-type]
    messages.success(request, _("Practice plan added. Your client can log how it goes."))
    return _back_to(episode.client, episode.pk)


@role_required("therapist")
@require_POST
def plan_active(request: HttpRequest, pk: int) -> HttpResponse:
    plan = PracticePlan.objects.filter(pk=pk).first()
    if plan is None:
        raise Http404("No such plan")
    episode = get_editable_episode(request.user, plan.episode_id)
    active = request.POST.get("active")
    if active not in ("0", "1"):
        # Only the page's two buttons send this; anything else must not finish the plan.
        raise BadRequest("active must be 0 or 1")
    actions.set_plan_active(request.user, plan, active == "1", request)  # type: ignore[arg-type]
    return _back_to(episode.client, episode.pk)


@role_required("therapist", "supervisor")
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return session_page(request, viewable_session(request, pk), TranscriptForm())


def _editable_session(request: HttpRequest, pk: int) -> Session | None:
    """The session to correct or delete, or None when it no longer exists; 404 when it is not
    this therapist's to change."""
    session = Session.objects.select_related("episode__client").filter(pk=pk).first()
    if session is not None:
        get_editable_episode(request.user, session.episode_id)
    return session


def _session_gone(request: HttpRequest) -> HttpResponse:
    """The session was deleted (in another window, by a double click): back to the client, if
    the form says whose it was and that is this therapist's client; otherwise not found."""
    try:
        episode_pk = int(request.POST.get("episode", ""))
    except ValueError:
        raise Http404("No such session") from None
    episode = get_editable_episode(request.user, episode_pk)
    messages.error(
        request,
        _(
            "That session had already been deleted (perhaps in another window), so nothing was "
            "changed."
        ),
    )
    return _back_to(episode.client, episode.pk)


@role_required("therapist")
def edit_session(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a session's date, or delete a session recorded in error; both need a reason."""
    session = _editable_session(request, pk)
    if session is None:
        if request.method == "POST":
            return _session_gone(request)
        raise Http404("No such session")
    date_form = CorrectSessionDateForm(
        request.POST if request.method == "POST" else None,
        initial={"date": session.date},
        auto_id="correct_%s",
    )
    if request.method == "POST" and date_form.is_valid():
        try:
            corrected = actions.correct_session_date(
                request.user,  # type: ignore[arg-type]
                session.pk,
                date_form.cleaned_data["date"],
                date_form.cleaned_data["reason"],
                request,
            )
        except actions.SessionGone:
            return _session_gone(request)
        except actions.SessionDateError as error:
            date_form.add_error("date", str(error))
        except ActionError as error:
            date_form.add_error("reason", str(error))
        else:
            said = _(
                "Session %(number)s is now dated %(date)s; its answers and scores moved with it."
            ) % {"number": session.number, "date": actions.day_label(corrected.date)}
            if corrected.number != session.number:
                said += " " + _("In date order it is now session %(number)s.") % {
                    "number": corrected.number
                }
            messages.success(request, said)
            return redirect("session_detail", pk=corrected.pk)
    return _session_change_page(
        request, session, date_form, DeleteSessionForm(auto_id="delete_%s"), failed=date_form
    )


@role_required("therapist")
@require_POST
def delete_session(request: HttpRequest, pk: int) -> HttpResponse:
    session = _editable_session(request, pk)
    if session is None:
        return _session_gone(request)
    form = DeleteSessionForm(request.POST, auto_id="delete_%s")
    if form.is_valid():
        contents = actions.session_contents(session)
        try:
            episode = actions.delete_session(
                request.user,  # type: ignore[arg-type]
                session.pk,
                form.cleaned_data["reason"],
                request,
            )
        except actions.SessionGone:
            return _session_gone(request)
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            count = len(contents["answers"])
            said = (
                ngettext(
                    "Session %(number)s (%(date)s) was deleted with its %(count)s answer; later "
                    "sessions moved up one number.",
                    "Session %(number)s (%(date)s) was deleted with its %(count)s answers; later "
                    "sessions moved up one number.",
                    count,
                )
                if count
                else _(
                    "Session %(number)s (%(date)s) was deleted; later sessions moved up one number."
                )
            )
            messages.success(
                request,
                said
                % {
                    "number": session.number,
                    "date": actions.day_label(session.date),
                    "count": count,
                },
            )
            return _back_to(episode.client, episode.pk)
    date_form = CorrectSessionDateForm(initial={"date": session.date}, auto_id="correct_%s")
    return _session_change_page(request, session, date_form, form, failed=form)


def _session_change_page(
    request: HttpRequest,
    session: Session,
    date_form: CorrectSessionDateForm,
    delete_form: DeleteSessionForm,
    failed: Any = None,
) -> HttpResponse:
    """The correction page; 400 when ``failed``, the form just sent, has errors."""
    client = session.episode.client
    record(
        actor=request.user, action="session.view", obj=session, client_id=client.pk, request=request
    )
    return render(
        request,
        "care/session_edit.html",
        {
            "title": _("%(name)s: correct or delete session %(number)s")
            % {"name": client.display_name, "number": session.number},
            "session": session,
            "episode": session.episode,
            "client": client,
            "contents": actions.session_contents(session),
            "date_form": date_form,
            "delete_form": delete_form,
        },
        status=400 if failed is not None and failed.errors else 200,
    )


@role_required("supervisor")
def supervision(request: HttpRequest) -> HttpResponse:
    groups = supervision_groups(request.user)
    record(
        actor=request.user,
        action="supervision.view",
        request=request,
        detail={"clients": sum(len(g.rows) for g in groups)},
    )
    return render(request, "care/supervision.html", {"title": _("Supervision"), "groups": groups})


@role_required("therapist")
def client_record_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The client's whole record for their therapist to hand over (right of access, 16.3)."""
    from django.http import JsonResponse

    from tandem.care.erasure import downloaded_record

    client = get_editable_client(request.user, pk)
    data = downloaded_record(request.user, client, request)  # type: ignore[arg-type]
    response = JsonResponse(data, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="client-{client.pk}.json"'
    return response
