"""Storing imported answers and sessions: one transaction per import, every record audited.

Imports are a separate path from ``tandem.measures.actions.submit_response`` because the person
importing (a therapist) is not the person who answered (often the client): the answers are still
validated and scored by the core, and stored under the respondent the instrument names.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from tandem.accounts.models import User
from tandem.audit.chain import record
from tandem.care.models import Episode, Session
from tandem.core.instruments import Instrument, score
from tandem.core.instruments.scoring import ScoreResult, coerce_answer
from tandem.measures.models import Response
from tandem.measures.respondent import client_login


def session_on(
    actor: User, episode: Episode, day: date, request: HttpRequest | None = None
) -> Session:
    """The episode's session on ``day``; a new one (the next number) when there is none."""
    found = episode.sessions.filter(date=day).order_by("number").first()
    if found is not None:
        return found
    number = (episode.sessions.aggregate(n=Max("number"))["n"] or 0) + 1
    session = Session.objects.create(episode=episode, number=number, date=day, created_by=actor)
    record(**session_audit(actor, session, episode, request))
    return session


def session_audit(
    actor: User, session: Session, episode: Episode, request: HttpRequest | None
) -> dict[str, Any]:
    """The audit record of a session an import recorded, as ``record``'s keywords."""
    return {
        "actor": actor,
        "action": "session.import",
        "obj": session,
        "client_id": episode.client_id,
        "practice_id": episode.client.practice_id,
        "request": request,
    }


def kept_answers(instrument: Instrument, answers: dict[str, Any]) -> dict[str, Any]:
    kept = {}
    for item in instrument.items:
        value, _ = coerce_answer(item, answers.get(item.id))
        if value is not None:
            kept[item.id] = value
    return kept


def existing(session: Session | None, instrument: Instrument) -> Response | None:
    if session is None:
        return None
    return Response.objects.filter(
        session=session, instrument_id=instrument.id, respondent_role=instrument.respondent
    ).first()


def store_response(
    actor: User,
    episode: Episode,
    session: Session | None,
    instrument: Instrument,
    answers: dict[str, Any],
    submitted_at: datetime | None,
    source: str,
    request: HttpRequest | None = None,
    log_date: date | None = None,
) -> Response:
    response = new_response(
        episode,
        session,
        instrument,
        kept_answers(instrument, answers),
        score(instrument, answers),
        submitted_at,
        log_date,
    )
    response.save(force_insert=True)
    record(**response_audit(actor, response, episode, instrument, source, request))
    return response


def new_response(
    episode: Episode,
    session: Session | None,
    instrument: Instrument,
    kept: dict[str, Any],
    scored: ScoreResult,
    submitted_at: datetime | None,
    log_date: date | None = None,
) -> Response:
    """An imported response, not yet stored: ``kept`` the answers as kept (:func:`kept_answers`),
    ``scored`` the core's score of them, under the respondent the instrument names."""
    # The client's answers are theirs with or without a login: ``respondent`` is the login once
    # taken up (tandem.measures.respondent), the episode says whose they are.
    respondent = (
        client_login(episode.client) if instrument.respondent == "client" else episode.therapist
    )
    return Response(
        episode=episode,
        session=session,
        instrument_id=instrument.id,
        instrument_version=str(instrument.version),
        respondent=respondent,
        respondent_role=instrument.respondent,
        answers=kept,
        total=scored.total,
        subscales=dict(scored.subscales),
        severity=scored.severity or "",
        complete=scored.complete,
        private=bool(instrument.private),
        submitted_at=submitted_at or timezone.now(),
        log_date=log_date,
    )


def response_audit(
    actor: User,
    response: Response,
    episode: Episode,
    instrument: Instrument,
    source: str,
    request: HttpRequest | None,
) -> dict[str, Any]:
    """The audit record of an imported response, as ``record``'s keywords."""
    return {
        "actor": actor,
        "action": "response.import",
        "obj": response,
        "client_id": episode.client_id,
        "practice_id": episode.client.practice_id,
        "request": request,
        "detail": {"instrument": instrument.id, "source": source}
        # Answers the client gave on paper or by phone, entered for them (issue 19.5).
        | ({"method": response.entry_method} if response.entry_method != Response.SELF else {}),
    }
