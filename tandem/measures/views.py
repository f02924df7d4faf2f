"""Filling in an instrument: the therapist's side of a session, and their private self-care check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.audit.chain import record
from tandem.care.models import Session
from tandem.core.instruments import Instrument
from tandem.errors import ActionError
from tandem.measures import registry
from tandem.measures.actions import InvalidAnswers, Submitted, submit_response
from tandem.measures.entry import enterable
from tandem.measures.forms import EntryForm, InstrumentForm
from tandem.measures.models import Response
from tandem.policy import can_edit_episode, can_enter_answers
from tandem.web import dates
from tandem.web.shortcuts import role_required
from tandem.web.words import kept_together


def fill_instrument(
    request: HttpRequest,
    instrument: Instrument,
    submit: Callable[[dict[str, Any]], Submitted],
    *,
    done_url: str,
    context: dict[str, Any],
    support_url: str | None = None,
) -> HttpResponse:
    """Show the instrument's form; on a valid POST, submit through the action and move on."""
    form = InstrumentForm(instrument, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submitted = submit(form.answers())
        except InvalidAnswers as error:
            for item_id, message in error.errors.items():
                form.add_error(item_id if item_id in form.fields else None, message)
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            if support_url and submitted.needs_support_page:
                # Before anything else, the client sees what to do now. Their answers are saved.
                return redirect(support_url)
            if submitted.created:
                messages.success(request, _("Thank you — your answers are saved."))
            else:
                messages.info(
                    request, _("These answers were already received; nothing was sent twice.")
                )
            return redirect(done_url)
    return render(
        request,
        "measures/respond.html",
        {"title": form.instrument.title, "instrument": form.instrument, "form": form, **context},
        status=400 if form.errors else 200,
    )


@role_required("therapist")
def respond(request: HttpRequest, pk: int, instrument_id: str) -> HttpResponse:
    session = Session.objects.select_related("episode__client").filter(pk=pk).first()
    if session is None or not can_edit_episode(request.user, session.episode):
        raise Http404("No such session")
    instrument = registry.get(instrument_id)
    if instrument is None or instrument.respondent != "therapist":
        raise Http404("No such questionnaire")
    client = session.episode.client
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
        done_url=reverse("session_detail", args=[session.pk]),
        context={
            "context_line": _("%(client)s, session %(session)s on %(day)s")
            % {
                "client": kept_together(client.display_name),
                "session": session.number,
                "day": dates.day(session.date),
            },
            "back_url": reverse("session_detail", args=[session.pk]),
        },
    )


@role_required("therapist")
def selfcare(request: HttpRequest) -> HttpResponse:
    instrument = registry.get(registry.SELF_CARE)
    if instrument is None:
        raise Http404("The self-care check is not installed")
    history = Response.objects.filter(
        respondent=request.user, instrument_id=instrument.id, episode__isnull=True
    ).order_by("-submitted_at")[:12]
    if request.method == "GET":
        record(actor=request.user, action="selfcare.view", request=request)
    return fill_instrument(
        request,
        instrument,
        lambda answers: submit_response(
            request.user, None, instrument.id, answers, request=request
        ),  # type: ignore[arg-type]
        done_url=reverse("selfcare"),
        context={
            # Said as it is: nothing of the check is shared, not even totals (issue 17.17).
            "context_line": _(
                "A short check on how you are. Only you see your answers: nobody at the practice "
                "sees them, not even as totals. Like everything in Tandem, they are stored in the "
                "practice's database and its backups."
            ),
            "history": history,
            "submit_label": _("Save my check"),
        },
    )


# What the therapist is told once they have entered a client's answers, one whole sentence per
# way the answers came (other languages do not build "entered by you …" from parts).
SAVED = {
    Response.PAPER: gettext_lazy("Saved as %(client)s's answers, entered by you from paper."),
    Response.PHONE: gettext_lazy("Saved as %(client)s's answers, entered by you by phone."),
    Response.READ_ALOUD: gettext_lazy(
        "Saved as %(client)s's answers, entered by you as read aloud in session."
    ),
}
SAVED_WITH_RISK = {
    Response.PAPER: gettext_lazy(
        "Saved as %(client)s's answers, entered by you from paper. They include a risk answer "
        "(%(said)s): a risk alert is raised. Please follow it up now and acknowledge it below."
    ),
    Response.PHONE: gettext_lazy(
        "Saved as %(client)s's answers, entered by you by phone. They include a risk answer "
        "(%(said)s): a risk alert is raised. Please follow it up now and acknowledge it below."
    ),
    Response.READ_ALOUD: gettext_lazy(
        "Saved as %(client)s's answers, entered by you as read aloud in session. They include a "
        "risk answer (%(said)s): a risk alert is raised. Please follow it up now and acknowledge "
        "it below."
    ),
}


@role_required("therapist")
def enter_answers(request: HttpRequest, pk: int, instrument_id: str) -> HttpResponse:
    """The client's answers given on paper, by phone or aloud, typed in by their therapist for a
    session: stored as the client's, with who entered them and how (issue 19.5)."""
    session = Session.objects.select_related("episode__client").filter(pk=pk).first()
    if session is None or not can_enter_answers(request.user, session.episode):
        raise Http404("No such session")
    instrument = registry.get(instrument_id)
    if instrument is None or not enterable(instrument):
        raise Http404("No such questionnaire")
    client = session.episode.client
    # The name as the page shows it (the page's <title> keeps the stored name).
    shown_name = kept_together(client.display_name)
    form = EntryForm(instrument, shown_name, request.POST or None)
    if request.method == "POST" and form.is_valid():
        method = form.cleaned_data["method"]
        try:
            submitted = submit_response(
                request.user,  # type: ignore[arg-type]
                session.episode,
                instrument.id,
                form.answers(),
                session=session,
                method=method,
                request=request,
            )
        except InvalidAnswers as error:
            for item_id, message in error.errors.items():
                form.add_error(item_id if item_id in form.fields else None, message)
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            if submitted.risk_alerts:
                # The therapist is the one who must act: told now, on the client's page, where
                # the alert waits to be acknowledged.
                said = "; ".join(
                    _("“%(answer)s” to “%(question)s”")
                    % {"answer": a.answer_label, "question": a.question}
                    for a in submitted.risk_alerts
                )
                messages.error(
                    request, SAVED_WITH_RISK[method] % {"client": shown_name, "said": said}
                )
                url = reverse("client_detail", args=[client.pk])
                return redirect(f"{url}?episode={session.episode_id}")
            if submitted.created:
                messages.success(request, SAVED[method] % {"client": shown_name})
            else:
                messages.info(
                    request, _("These answers were already saved; nothing was saved twice.")
                )
            return redirect("session_detail", session.pk)
    return render(
        request,
        "measures/respond.html",
        {
            "title": _("%(measure)s: enter %(client)s's answers")
            % {"measure": form.instrument.title, "client": client.display_name},
            "instrument": form.instrument,
            "form": form,
            "context_line": _(
                "%(client)s's answers for session %(session)s on %(day)s, given on paper, by "
                "phone or aloud. Enter them as %(client)s gave them: the score is worked out for "
                "you, and they are saved as their answers with a note that you entered them and "
                "how."
            )
            % {
                "client": shown_name,
                "session": session.number,
                "day": dates.day(session.date),
            },
            "back_url": reverse("session_detail", args=[session.pk]),
            "submit_label": _("Save %(client)s's answers") % {"client": shown_name},
        },
        status=400 if form.errors else 200,
    )
