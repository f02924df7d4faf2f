"""The transcript upload on the session page: who may is the session page's rule (the session's
therapist and a consented supervisor); a refused upload comes back on the session page with the
reason beside the field and the pasted text still in the box."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.care.models import Session
from tandem.care.session_page import session_page, viewable_session
from tandem.transcripts.actions import submit_transcript
from tandem.transcripts.forms import TranscriptForm
from tandem.web.shortcuts import plain_errors, role_required


@role_required("therapist", "supervisor")
@require_POST
def upload_transcript(request: HttpRequest, pk: int) -> HttpResponse:
    """Analyse a transcript of the session."""
    session = viewable_session(request, pk)
    form = TranscriptForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(
            request,
            _("The transcript was not analysed. %(problems)s") % {"problems": plain_errors(form)},
        )
        return session_page(request, session, form, status=400)
    return _submit(request, session, form.cleaned_data)


def _submit(request: HttpRequest, session: Session, data: dict[str, Any]) -> HttpResponse:
    """Queue a transcript the form accepted and go back to the session."""
    name = data["file"].name if data.get("file") else _("Pasted transcript")
    analysis = submit_transcript(
        request.user,
        data["transcript"],
        data["format"],
        name[:200],
        data["speaker_map"],
        request,
        session=session,
    )
    if analysis.status == analysis.DONE:
        messages.success(
            request,
            _("Transcript analysed. The analysis is below, next to the session's feedback."),
        )
    elif analysis.status == analysis.FAILED:
        messages.error(
            request, _("The transcript could not be read: %(error)s") % {"error": analysis.error}
        )
    else:
        messages.info(
            request, _("Transcript received. It is being analysed: the result appears below.")
        )
    return redirect("session_detail", pk=session.pk)
