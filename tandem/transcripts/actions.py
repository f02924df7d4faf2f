"""Submitting a transcript, from the session page or the API: kept and queued in one transaction
and audited; the worker analyses it (tandem.transcripts.tasks)."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from tandem.accounts.models import User
from tandem.audit.chain import record
from tandem.care.models import Session
from tandem.transcripts.models import PendingTranscript, TranscriptAnalysis
from tandem.transcripts.tasks import analyse_pending_transcript


@transaction.atomic
def submit_transcript(
    actor: User,
    text: str,
    fmt: str,
    name: str,
    speakers: dict[str, str],
    request: HttpRequest | None = None,
    session: Session | None = None,
) -> TranscriptAnalysis:
    """Keep the transcript and queue its analysis; returns the analysis (``queued``, or already
    finished when the task backend runs tasks at once)."""
    analysis = TranscriptAnalysis.objects.create(
        user=actor,
        name=name,
        format=fmt,
        status=TranscriptAnalysis.QUEUED,
        session=session,
    )
    PendingTranscript.objects.create(analysis=analysis, text=text, speakers=speakers)
    record(
        actor=actor,
        action="transcript.analyse",
        obj=analysis,
        client_id=session.episode.client_id if session is not None else None,
        request=request,
        detail={"status": analysis.status, "format": fmt},
    )
    # Queued inside this transaction: on the database backend the task's row commits with the
    # upload (or neither does); a backend that runs tasks at once has finished it on return.
    analysis_pk = analysis.pk
    analyse_pending_transcript.enqueue(analysis_pk)
    analysis.refresh_from_db()
    return analysis
