"""Transcript analysis through the API: the core analyser, the result kept for its sender."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tandem.api.models import TranscriptAnalysis
from tandem.audit.chain import record


def _analyse(text: str, fmt: str, speakers: dict[str, str]) -> tuple[str, str, dict[str, Any]]:
    from tandem.core.transcripts import TranscriptError, analyze_sessions, parse_transcript

    try:
        transcripts = parse_transcript(text, fmt, speakers or None)
    except TranscriptError as exc:
        return TranscriptAnalysis.FAILED, str(exc), {}
    try:
        sessions = analyze_sessions(transcripts)
    except (OSError, ImportError):
        return (
            TranscriptAnalysis.FAILED,
            "The transcript model is not installed on this server; ask its operator to run "
            "`make model`.",
            {},
        )
    return TranscriptAnalysis.DONE, "", {"sessions": [s.to_dict() for s in sessions]}


@transaction.atomic
def analyse_transcript(
    actor: Any,
    text: str,
    fmt: str,
    name: str,
    speakers: dict[str, str],
    request: Any = None,
    session: Any = None,
) -> TranscriptAnalysis:
    status, error, result = _analyse(text, fmt, speakers)
    analysis = TranscriptAnalysis.objects.create(
        user=actor,
        name=name,
        format=fmt,
        status=status,
        error=error,
        result=result,
        session=session,
    )
    record(
        actor=actor,
        action="transcript.analyse",
        obj=analysis,
        client_id=session.episode.client_id if session is not None else None,
        request=request,
        detail={"status": status, "format": fmt},
    )
    return analysis


def transcript_out(analysis: TranscriptAnalysis) -> dict[str, Any]:
    return {
        "id": analysis.pk,
        "name": analysis.name,
        "format": analysis.format,
        "status": analysis.status,
        "error": analysis.error,
        "created_at": analysis.created_at,
        "result": analysis.result,
    }
