"""The worker's side of transcript analysis: run the core's analyser on a waiting transcript and
store the whole result, or the reason it failed, deleting the transcript's text in that commit.
Nothing partial is ever visible: an analysis is queued, done with its whole result, or failed
with its reason."""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

from tandem.audit.chain import record
from tandem.transcripts.models import PendingTranscript, TranscriptAnalysis

logger = logging.getLogger(__name__)


def _analyse(text: str, fmt: str, speakers: dict[str, str]) -> tuple[str, str, dict[str, object]]:
    # Imported when first needed: the analyser loads numpy and the model, which a web process
    # that never analyses a transcript need not hold.
    from tandem.core.transcripts import TranscriptError, analyse_sessions, parse_transcript

    try:
        transcripts = parse_transcript(text, fmt, speakers or None)
    except TranscriptError as exc:
        return TranscriptAnalysis.FAILED, str(exc), {}
    try:
        sessions = analyse_sessions(transcripts)
    except (OSError, ImportError):
        return (
            TranscriptAnalysis.FAILED,
            "The transcript model is not installed on this server; ask its operator to run "
            "`make model`.",
            {},
        )
    return TranscriptAnalysis.DONE, "", {"sessions": [s.to_dict() for s in sessions]}


@task()
def analyse_pending_transcript(analysis_id: int) -> str:
    """The worker's task: analyse an uploaded transcript and store the result (or the reason
    it failed)."""
    return finish_analysis(analysis_id)


def finish_analysis(analysis_id: int) -> str:
    """Run the analyser on a queued transcript and store the outcome; the worker's task.

    Idempotent: once the result is stored the transcript is gone, and a second run finds
    nothing to do. An error in the analyser itself is stored as a failure with its reason,
    rather than retried: the same text would fail the same way.
    """
    pending = PendingTranscript.objects.select_related(
        "analysis__user", "analysis__session__episode"
    ).filter(analysis_id=analysis_id)
    item = pending.first()
    if item is None:
        return "already analysed"
    analysis = item.analysis
    try:
        status, error, result = _analyse(item.text, analysis.format, item.speakers)
    except Exception as exc:  # noqa: BLE001 - any analyser error is the upload's outcome
        logger.exception("transcript analysis failed", extra={"analysis": analysis_id})
        status, error, result = (
            TranscriptAnalysis.FAILED,
            f"The analyser stopped on this transcript ({type(exc).__name__}). Check that it "
            "is a conversation between two speakers and try again; if it keeps failing, tell "
            "the server's operator.",
            {},
        )
    with transaction.atomic():
        stored = TranscriptAnalysis.objects.filter(
            pk=analysis_id, status=TranscriptAnalysis.QUEUED
        ).update(status=status, error=error, result=result)
        PendingTranscript.objects.filter(pk=item.pk).delete()
        if stored:
            session = analysis.session
            record(
                actor=None,
                action="transcript.analysed",
                obj=analysis,
                client_id=session.episode.client_id if session is not None else None,
                practice_id=analysis.user.practice_id,
                detail={"status": status, "format": analysis.format},
            )
    return status if stored else "already analysed"
