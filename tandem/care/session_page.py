"""The session's page: what was answered, what is still due, the links, the transcripts.

Its own module because two apps render it: the care app's session view, and the transcript
upload, which shows the page again with the form's errors when an upload is refused.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tandem.audit.chain import record
from tandem.care.models import Session
from tandem.links.display import session_links
from tandem.measures import display
from tandem.measures.due import due_for_episodes
from tandem.measures.entry import enterable_for
from tandem.measures.models import Response
from tandem.policy import can_edit_clinical, can_enter_answers, can_view_clinical
from tandem.room.display import session_handovers
from tandem.transcripts.display import analysis_view
from tandem.transcripts.forms import TranscriptForm


def viewable_session(request: HttpRequest, pk: int) -> Session:
    session = (
        Session.objects.select_related("episode__client", "episode__therapist")
        .filter(pk=pk)
        .first()
    )
    if session is None or not can_view_clinical(request.user, session.episode.client):
        raise Http404("No such session")
    return session


def session_page(
    request: HttpRequest, session: Session, transcript_form: TranscriptForm, status: int = 200
) -> HttpResponse:
    client = session.episode.client
    readable = [
        r
        for r in Response.objects.filter(session=session).select_related("respondent", "entered_by")
        if not r.private or r.respondent_id == request.user.pk
    ]
    responses = [
        {
            "response": r,
            "title": display.title(r.instrument_id),
            "answers": display.shown_answers(r),
        }
        for r in readable
    ]
    can_edit = can_edit_clinical(request.user, client)
    can_enter = can_enter_answers(request.user, session.episode)
    due = due_for_episodes([session.episode]).get(session.episode_id) if can_edit else None
    therapist_due = [d for d in (due.therapist if due else []) if d.session.pk == session.pk]
    client_due = [d for d in (due.client if due else []) if d.session.pk == session.pk]
    record(
        actor=request.user, action="session.view", obj=session, client_id=client.pk, request=request
    )
    return render(
        request,
        "care/session_detail.html",
        {
            "title": _("%(name)s: session %(number)s")
            % {"name": client.display_name, "number": session.number},
            "session": session,
            "client": client,
            "responses": responses,
            "can_edit": can_edit,
            "therapist_due": therapist_due,
            # The client's questionnaires still open for this session, to enter from paper.
            "enterable": enterable_for(session) if can_enter else [],
            "client_due": client_due,
            "transcripts": [
                shown
                for analysis in session.transcript_analyses.order_by("-created_at")[:3]
                if (shown := analysis_view(analysis)) is not None
            ],
            "transcript_form": transcript_form,
            "links_section": session_links(request.user, session),  # type: ignore[arg-type]
            # Who may read the page reads its hand-overs; their answers are the page's own.
            "handovers": session_handovers(request.user, session, readable),  # type: ignore[arg-type]
        },
        status=status,
    )
