"""Answers a client gave on paper, by phone or aloud, and which of their questionnaires the
therapist can enter for a session (issue 19.5).

The client stays the respondent; the response says who entered it and how
(``Response.entry_method``, ``Response.entered_by``). Storing goes through
``tandem.measures.actions.submit_response`` like any other answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from tandem.care.models import Session
from tandem.core.instruments import Instrument
from tandem.core.schedule import due_at_session
from tandem.measures import registry
from tandem.measures.models import Response, Schedule


@dataclass(frozen=True)
class Enterable:
    """One of the client's questionnaires not yet answered for a session; ``due`` when the
    practice collects it at that session."""

    instrument: Instrument
    due: bool


def enterable(instrument: Instrument | None) -> bool:
    """A questionnaire the client answers about a session (not the practice log, which is about
    a day, and never anything private)."""
    return (
        instrument is not None
        and instrument.respondent == "client"
        and not instrument.private
        and instrument.id != registry.PRACTICE_LOG
    )


def enterable_for(session: Session) -> list[Enterable]:
    """The client's questionnaires the session has no answers to yet: those due at this session
    first (the session scale first among them), then the others by title."""
    answered = set(
        Response.objects.filter(session=session, respondent_role=Response.CLIENT).values_list(
            "instrument_id", flat=True
        )
    )
    due = set()
    for schedule in Schedule.objects.filter(
        practice_id=session.episode.client.practice_id, active=True
    ):
        if due_at_session(schedule.timepoints, session.number, schedule.every_n):
            due.add(schedule.instrument_id)
    found = [
        Enterable(instrument, instrument.id in due)
        for instrument in registry.registry().values()
        if enterable(instrument) and instrument.id not in answered
    ]
    found.sort(
        key=lambda e: (not e.due, e.instrument.id != registry.SESSION_SCALE, e.instrument.title)
    )
    return found
