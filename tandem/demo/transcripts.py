"""A transcribed session for the demo, analysed as an upload would be, so the session page shows
"How you talked" without anyone uploading first. The conversation (transcript.txt) is our own."""

from __future__ import annotations

from pathlib import Path

from tandem.accounts.models import User
from tandem.care.models import Session
from tandem.transcripts.models import TranscriptAnalysis

TRANSCRIPT = Path(__file__).with_name("transcript.txt")


def add_demo_transcript(client_email: str, therapist: User) -> TranscriptAnalysis | None:
    """Attach the demo conversation to the client's latest attended session, analysed by the
    core. Without the transcript model (a checkout where `make model` was never run) the demo
    simply has no analysis; nothing else depends on it."""
    from tandem.core.transcripts import analyse_sessions, parse_transcript

    session = (
        Session.objects.filter(episode__client__user__email=client_email, attendance="attended")
        .order_by("-date", "-number")
        .first()
    )
    if session is None:
        return None
    try:
        sessions = analyse_sessions(parse_transcript(TRANSCRIPT.read_text(), "text", None))
    except (OSError, ImportError):
        return None
    return TranscriptAnalysis.objects.create(
        user=therapist,
        name="Session recording, transcribed.txt",
        format="text",
        status=TranscriptAnalysis.DONE,
        session=session,
        result={"sessions": [s.to_dict() for s in sessions]},
    )
