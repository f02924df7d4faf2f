"""The client's private portal: what is due, session feedback, goals, practice plan, pause, settings.

Everything here is the signed-in client's own: the record is found from the login, never from an
id in the address, except for sessions/goals/plans which are checked to belong to that record.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.forms import LanguageForm
from tandem.audit.chain import record
from tandem.care import actions as care_actions
from tandem.care.models import Episode, Goal, PracticePlan, Session
from tandem.errors import ActionError
from tandem.followup import checkin
from tandem.measures import registry
from tandem.measures.actions import submit_response
from tandem.measures.due import due_for_episodes
from tandem.measures.models import Response
from tandem.measures.views import fill_instrument
from tandem.policy import own_client_record
from tandem.portal.forms import GoalProgressForm, PracticePlanLogForm, SettingsForm
from tandem.portal.progress import ending_story
from tandem.sms.display import client_summary
from tandem.web import dates
from tandem.web.shortcuts import plain_errors, role_required


@role_required("client")
def home(request: HttpRequest) -> HttpResponse:
    return _home_page(request)


def _home_page(
    request: HttpRequest, failed: GoalProgressForm | None = None, status: int = 200
) -> HttpResponse:
    """The portal's home; ``failed`` is a goal's progress form sent with errors, shown as sent."""
    client = own_client_record(request.user)
    episode = client.current_episode()
    due = due_for_episodes([episode], respondent="client").get(episode.pk) if episode else None
    goals = list(episode.goals.all()) if episode else []
    for goal in goals:
        goal.progress_form = (
            failed
            if failed is not None and failed.goal_pk == goal.pk
            else GoalProgressForm.for_goal(goal)
        )
    plans = list(episode.plans.filter(active=True)) if episode else []
    latest = None if episode else client.episodes.order_by("-number").first()
    ending = ending_story(request.user, latest) if latest is not None else None
    follow_ups = []
    if latest is not None:
        # After the ending, the last session's questionnaires, if the practice asks for any, and
        # any follow-up check-in that is open.
        due = due_for_episodes([latest], respondent="client").get(latest.pk)
        follow_ups = checkin.open_for(client)
    record(actor=request.user, action="portal.view", client_id=client.pk, request=request)
    return render(
        request,
        "portal/home.html",
        {
            "title": _("My therapy"),
            "client": client,
            "episode": episode,
            "due": due.client if due else [],
            "last_session": due.last_session if due else None,
            "goals": goals,
            "plans": plans,
            "ending": ending,
            "follow_ups": follow_ups,
        },
        status=status,
    )


def _own_session(request: HttpRequest, pk: int) -> Session:
    client = own_client_record(request.user)
    session = (
        Session.objects.select_related("episode").filter(pk=pk, episode__client=client).first()
    )
    if session is None:
        raise Http404("No such session")
    return session


def _due_after_the_ending(session: Session, instrument_id: str) -> bool:
    """An ended episode's last session may still have a questionnaire due (its last-session
    timepoint, tandem.core.schedule); nothing else is answered after the ending."""
    if session.episode.status != Episode.ENDED:
        return False
    entry = due_for_episodes([session.episode], respondent="client")[session.episode_id]
    return any(
        d.session.pk == session.pk and d.instrument.id == instrument_id for d in entry.client
    )


@role_required("client")
def respond(request: HttpRequest, pk: int, instrument_id: str) -> HttpResponse:
    session = _own_session(request, pk)
    instrument = registry.get(instrument_id)
    if instrument is None or instrument.respondent != "client":
        raise Http404("No such questionnaire")
    if session.episode.status != Episode.ACTIVE and not _due_after_the_ending(
        session, instrument.id
    ):
        messages.info(request, _("This therapy is not active at the moment, so nothing is due."))
        return redirect("portal_home")
    is_session_scale = instrument.id == registry.SESSION_SCALE
    return fill_instrument(
        request,
        instrument,
        lambda answers: submit_response(
            request.user,
            session.episode,
            instrument.id,
            answers,
            session=session,
            request=request,  # type: ignore[arg-type]
        ),
        done_url=reverse("portal_home"),
        support_url=f"{reverse('portal_support')}?after=answers",
        context={
            "context_line": (
                _(
                    "About your session on %(day)s. Your answers help you and your therapist "
                    "make the next one better."
                )
                % {"day": dates.day(session.date, weekday=True)}
                if is_session_scale
                else _("For your session on %(day)s.") % {"day": dates.day(session.date)}
            ),
            "back_url": reverse("portal_home"),
        },
    )


@role_required("client")
@require_POST
def goal_progress(request: HttpRequest, pk: int) -> HttpResponse:
    client = own_client_record(request.user)
    goal = Goal.objects.filter(pk=pk, episode__client=client).first()
    if goal is None:
        raise Http404("No such goal")
    form = GoalProgressForm.for_goal(goal, request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Your progress was not saved yet. %(problems)s") % {"problems": plain_errors(form)},
        )
        return _home_page(request, failed=form, status=400)
    progress, version = form.cleaned_data["progress"], form.cleaned_data["version"]
    try:
        care_actions.update_goal(
            request.user, goal, version=version, progress=progress, request=request
        )  # type: ignore[arg-type]
    except care_actions.GoalConflict:
        messages.error(
            request,
            _(
                "Your therapist changed this goal while you were looking at it, so your "
                "%(progress)s/10 was not saved yet. The latest version is shown: choose "
                "%(progress)s again and save if it still fits."
            )
            % {"progress": progress},
        )
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you — your progress is noted."))
    return redirect("portal_home")


@role_required("client")
def practice_plan_moved(request: HttpRequest) -> HttpResponse:
    """The practice plan's page was at /portal/practice/ until the clinic's pages took the word
    "practice" for themselves (issue 18): a bookmark of the old address still finds it."""
    return HttpResponsePermanentRedirect(reverse("portal_practice_plan"))


@role_required("client")
def practice_plan(request: HttpRequest) -> HttpResponse:
    client = own_client_record(request.user)
    record(actor=request.user, action="portal.practice.view", client_id=client.pk, request=request)
    # After an ending the page keeps the last episode's plans and what was logged, to look back on.
    episode = client.current_episode() or client.episodes.order_by("-number").first()
    return _practice_plan_page(request, episode)


def _practice_plan_page(
    request: HttpRequest,
    episode: Episode | None,
    failed: PracticePlanLogForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The practice plans, each with its own log form; ``failed`` is one sent with errors."""
    plans = list(episode.plans.all()) if episode else []
    for plan in plans:
        plan.log_form = (
            failed
            if failed is not None and failed.plan_pk == plan.pk
            else PracticePlanLogForm.for_plan(plan)
        )
    log = (
        Response.objects.filter(plan__in=plans, instrument_id=registry.PRACTICE_LOG)
        .select_related("plan")
        .order_by("-log_date", "-submitted_at")[:30]
    )
    return render(
        request,
        "portal/practice_plan.html",
        {
            "title": _("My practice plan"),
            "plans": plans,
            "log": log,
            "episode": episode,
            "open": episode is not None and episode.is_open,
        },
        status=status,
    )


@role_required("client")
@require_POST
def log_practice_plan(request: HttpRequest, pk: int) -> HttpResponse:
    client = own_client_record(request.user)
    plan = (
        PracticePlan.objects.select_related("episode").filter(pk=pk, episode__client=client).first()
    )
    if plan is None:
        raise Http404("No such plan")
    if not plan.episode.is_open:
        messages.info(request, _("This therapy has ended, so there is no practice to log for it."))
        return redirect("portal_practice_plan")
    form = PracticePlanLogForm.for_plan(plan, request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Your practice was not logged yet. %(problems)s") % {"problems": plain_errors(form)},
        )
        return _practice_plan_page(request, plan.episode, failed=form, status=400)
    data = form.cleaned_data
    answers = {
        "practised": data["practised"],
        "how_it_went": data["how_it_went"],
        "what_happened": data["note"],
    }
    try:
        submit_response(
            request.user,
            plan.episode,
            registry.PRACTICE_LOG,
            answers,  # type: ignore[arg-type]
            plan=plan,
            log_date=data["log_date"],
            request=request,
        )
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Logged. Every bit of practice counts, including the hard days.")
        )
    return redirect("portal_practice_plan")


@role_required("client")
@require_POST
def request_pause(request: HttpRequest) -> HttpResponse:
    client = own_client_record(request.user)
    episode = client.current_episode()
    if episode is None:
        raise Http404("No open episode")
    try:
        care_actions.request_pause(request.user, episode, request.POST.get("note", ""), request)  # type: ignore[arg-type]
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Your therapist will see that you would like to pause, and you can talk it "
                "through together."
            ),
        )
    return redirect("portal_home")


@role_required("client")
def my_record(request: HttpRequest) -> HttpResponse:
    """The right of access: everything Tandem holds about me, as one file (issue 16.3)."""
    from tandem.care.erasure import downloaded_record

    client = own_client_record(request.user)
    data = downloaded_record(request.user, client, request)  # type: ignore[arg-type]
    response = JsonResponse(data, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-tandem-record.json"'
    return response


@role_required("client")
def settings_view(request: HttpRequest) -> HttpResponse:
    client = own_client_record(request.user)
    form = SettingsForm(
        request.POST or None,
        initial={
            "share_with_supervisor": client.share_with_supervisor,
            "reminders": client.reminders,
        },
    )
    if request.method == "POST" and form.is_valid():
        care_actions.set_sharing(request.user, client, request=request, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, _("Your choices are saved."))
        return redirect("portal_settings")
    return render(
        request,
        "portal/settings.html",
        {
            "title": _("Settings"),
            "form": form,
            "texts": client_summary(client),
            "language_form": LanguageForm.for_person(request.user),  # type: ignore[arg-type]
        },
    )
