"""FHIR export and import against the database, through the one permission policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from tandem.accounts.models import User
from tandem.audit.chain import audit_event, events_table, record, recorded
from tandem.audit.models import AuditEvent
from tandem.care.models import Episode, Session
from tandem.core.instruments import score
from tandem.core.instruments.scoring import InvalidAnswers, ScoreResult
from tandem.core.limits import JSON_MAX_DEPTH, too_deep
from tandem.db import rows
from tandem.interop import fhir
from tandem.interop.records import kept_answers, new_response, response_audit, session_audit
from tandem.measures import registry
from tandem.measures.models import Response
from tandem.policy import querysets

# Rows per INSERT in an import (SQLite allows 32,766 parameters in one statement).
BATCH = 500


class FhirImportError(Exception):
    def __init__(self, errors: list[dict[str, str]]):
        super().__init__("The FHIR data has problems; nothing was stored.")
        self.errors = errors


@dataclass
class ImportResult:
    created: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    ignored: int = 0


def response_resource(response: Response) -> dict[str, Any] | None:
    instrument = registry.get(response.instrument_id)
    if instrument is None:
        return None
    source = _source(response)
    facts = fhir.ResponseFacts(
        id=str(response.pk),
        instrument=instrument,
        answers=response.answers,
        total=response.total,
        complete=response.complete,
        authored=response.submitted_at,
        client_id=response.episode.client_id if response.episode_id else None,
        episode_id=response.episode_id,
        session_id=response.session_id,
        session_date=response.session.date if response.session_id else None,
        log_date=response.log_date,
        source=source,
        author=_author(response, source),
        entry_method=None if response.entry_method == Response.SELF else response.entry_method,
        language=response.language,
    )
    return fhir.questionnaire_response(facts)


def _author(response: Response, source: str | None) -> str | None:
    """Who received and recorded the answers: the one who entered them for the client (or whose
    device the client was handed), else whoever answered. None when someone entered them whose
    account is gone: never the client, who did not record them."""
    if response.entered_by_id:
        return f"Practitioner/{response.entered_by_id}"
    return source if response.entry_method == Response.SELF else None


def _source(response: Response) -> str | None:
    """Who answered: the client (their record's id, as ``subject``: the same with or without a
    login of their own), or the therapist."""
    if response.respondent_role == Response.CLIENT:
        return f"Patient/{response.episode.client_id}" if response.episode_id else None
    return f"Practitioner/{response.respondent_id}" if response.respondent_id else None


def responses_bundle(responses: Any, kind: str = "searchset") -> dict[str, Any]:
    resources = [r for r in (response_resource(x) for x in responses) if r is not None]
    return fhir.bundle(resources, kind)


def episode_bundle(user: User, episode: Episode) -> dict[str, Any]:
    """The episode and every response in it the user may see, as a collection Bundle."""
    rows = querysets.responses(user).filter(episode=episode).select_related("episode", "session")
    resources = [
        fhir.episode_of_care(
            episode.pk, episode.client_id, episode.status, episode.started_on, episode.ended_on
        )
    ]
    resources += [
        r for r in (response_resource(x) for x in rows.order_by("submitted_at", "id")) if r
    ]
    return fhir.bundle(resources, "collection")


def _target(
    user: User,
    parsed: fhir.ParsedResponse,
    episode: Episode | None,
    seen: dict[int, Episode | None],
) -> Episode | None:
    if episode is not None:
        return episode
    if parsed.episode_ref is None:
        return None
    if parsed.episode_ref not in seen:
        try:
            seen[parsed.episode_ref] = querysets.editable_episode(user, parsed.episode_ref)
        except Exception:  # noqa: BLE001 — Http404: not one the importer may add to
            seen[parsed.episode_ref] = None
    return seen[parsed.episode_ref]


@dataclass
class _Planned:
    """One response read, checked and scored, and its row worked out, before the write
    transaction begins (issue 16.6: the database's write lock is held only to write)."""

    item: fhir.ParsedResponse
    target: Episode
    kept: dict[str, Any]
    response: Response  # not stored yet; its session is set when it is planned
    row: list[Any]  # its values for the insert; the session's id is filled in at the end
    event: AuditEvent  # its "response.import" record; its object id is filled in at the end
    event_row: list[Any]


@dataclass(frozen=True)
class _Stored:
    """What the import's episodes already hold, as plain values (so two readings compare)."""

    # (episode, day) -> (session id, number), the lowest number on that day
    sessions: dict[tuple[int, date], tuple[int, int]]
    last_number: dict[int, int]
    # (session id, instrument, respondent) -> (answers, response id)
    held: dict[tuple[int, str, str], tuple[dict[str, Any], int]]
    # (episode, instrument, submitted at) -> response id, for answers given outside a session
    sessionless: dict[tuple[int, str, Any], int]


@dataclass
class _Writes:
    sessions: list[Session] = field(default_factory=list)
    session_rows: list[list[Any]] = field(default_factory=list)
    session_events: list[AuditEvent] = field(default_factory=list)
    session_event_rows: list[list[Any]] = field(default_factory=list)
    responses: list[_Planned] = field(default_factory=list)
    # already stored (an id), or a second copy in the Bundle of one about to be stored
    unchanged: list[int | Response] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)


def _read_stored(plan: list[_Planned]) -> _Stored:
    episode_ids = {p.target.pk for p in plan}
    instruments = {p.item.instrument.id for p in plan}
    sessions: dict[tuple[int, date], tuple[int, int]] = {}
    last_number: dict[int, int] = {}
    for pk, episode_id, day, number in (
        Session.objects.filter(episode_id__in=episode_ids)
        .order_by("number")
        .values_list("pk", "episode_id", "date", "number")
    ):
        sessions.setdefault((episode_id, day), (pk, number))
        last_number[episode_id] = number
    held: dict[tuple[int, str, str], tuple[dict[str, Any], int]] = {}
    for pk, session_id, instrument_id, role, answers in (
        Response.objects.filter(
            session_id__in=[pk for pk, _ in sessions.values()], instrument_id__in=instruments
        )
        .order_by("pk")
        .values_list("pk", "session_id", "instrument_id", "respondent_role", "answers")
    ):
        held.setdefault((session_id, instrument_id, role), (answers, pk))
    sessionless = {
        (episode_id, instrument_id, submitted): pk
        for pk, episode_id, instrument_id, submitted in Response.objects.filter(
            episode_id__in=episode_ids, session__isnull=True, instrument_id__in=instruments
        )
        .order_by("-pk")
        .values_list("pk", "episode_id", "instrument_id", "submitted_at")
    }
    return _Stored(sessions, last_number, held, sessionless)


def _plan_writes(
    user: User, plan: list[_Planned], stored: _Stored, request: HttpRequest | None
) -> _Writes:
    """Which sessions to record and which responses to store, against what is stored."""
    out = _Writes()
    sessions: dict[tuple[int, date], Session | int] = {
        key: pk for key, (pk, _) in stored.sessions.items()
    }
    last_number = dict(stored.last_number)
    held: dict[tuple[Any, str, str], tuple[dict[str, Any], int | Response]] = dict(stored.held)
    sessionless: dict[tuple[int, str, Any], int | Response] = dict(stored.sessionless)
    for p in plan:
        item, target, instrument = p.item, p.target, p.item.instrument
        if item.sessionless:
            key = (target.pk, instrument.id, item.authored)
            if key in sessionless:
                out.unchanged.append(sessionless[key])
                continue
            p.response.session = None
            sessionless[key] = p.response
            out.responses.append(p)
            continue
        day = item.day or timezone.localdate()
        session = sessions.get((target.pk, day))
        if session is None:
            last_number[target.pk] = last_number.get(target.pk, 0) + 1
            session = Session(
                episode=target, number=last_number[target.pk], date=day, created_by=user
            )
            sessions[(target.pk, day)] = session
            event = audit_event(**session_audit(user, session, target, request))
            out.sessions.append(session)
            out.session_rows.append(_session_table()._values(session))
            out.session_events.append(event)
            out.session_event_rows.append(events_table()._values(event))
        # A new session has no id yet: it is told apart by the object itself.
        held_key = (
            session if isinstance(session, int) else id(session),
            instrument.id,
            instrument.respondent,
        )
        if held_key in held:
            answers, found = held[held_key]
            if answers != p.kept:
                number = (
                    session.number
                    if isinstance(session, Session)
                    else stored.sessions[(target.pk, day)][1]
                )
                out.errors.append(
                    {
                        "field": item.path,
                        "message": f"session {number} on {day:%d %b %Y} "
                        f"already has different {instrument.short_title} answers",
                    }
                )
            else:
                out.unchanged.append(found)
            continue
        held[held_key] = (p.kept, p.response)
        if isinstance(session, int):
            p.response.session_id = session
        else:
            p.response.session = session
        out.responses.append(p)
    return out


def _write(out: _Writes) -> None:
    """Store what was planned: three kinds of multi-row insert, ids filled in between; every
    row's values were worked out before (the part that costs CPU)."""
    responses, events = _response_table(), events_table()
    _session_table().insert_many(out.sessions, out.session_rows, BATCH)
    at_session = responses.index_of("session_id")
    for p in out.responses:
        if p.response.session_id is None and p.response.session is not None:
            p.response.session_id = p.response.session.pk
        p.row[at_session] = p.response.session_id
    responses.insert_many(
        [p.response for p in out.responses], [p.row for p in out.responses], BATCH
    )
    at_object = events.index_of("object_id")
    for event, row, s in zip(out.session_events, out.session_event_rows, out.sessions, strict=True):
        event.object_id = row[at_object] = str(s.pk)
    for p in out.responses:
        p.event.object_id = p.event_row[at_object] = str(p.response.pk)
    events.insert_many(
        out.session_events + [p.event for p in out.responses],
        out.session_event_rows + [p.event_row for p in out.responses],
        BATCH,
    )
    recorded()


def _prepare(
    user: User,
    item: fhir.ParsedResponse,
    target: Episode,
    scored: ScoreResult,
    request: HttpRequest | None,
) -> _Planned:
    instrument = item.instrument
    kept = kept_answers(instrument, item.answers)
    log_date = item.log_date if item.sessionless else None
    response = new_response(target, None, instrument, kept, scored, item.authored, log_date)
    response.language = item.language
    if item.entry_method is not None:
        # Answers given on paper or by phone stay the client's; the one who entered them here is
        # the importer, whatever ``author`` the file names (nobody enters in a colleague's name).
        response.entry_method, response.entered_by = item.entry_method, user
    event = audit_event(**response_audit(user, response, target, instrument, "fhir", request))
    return _Planned(
        item,
        target,
        kept,
        response,
        _response_table()._values(response),
        event,
        events_table()._values(event),
    )


@cache
def _response_table() -> rows.Table[Response]:
    return rows.Table(Response, "r")


@cache
def _session_table() -> rows.Table[Session]:
    return rows.Table(Session, "s")


def import_resource(
    user: User, resource: Any, episode: Episode | None = None, request: HttpRequest | None = None
) -> ImportResult:
    """Import a QuestionnaireResponse or a Bundle of them, all or nothing.

    Each response goes to ``episode`` when given, else to the episode its Tandem extension names
    (which the importer must be able to write to). It is attached to that episode's session on
    the day its session-date extension names (else the day it was authored), and a session is
    recorded for that day when there is none. Tandem's own export of an answer set given outside
    any session (an episode extension, no session date) is stored outside any session again. A
    response already there with the same answers is left alone; with different answers it is an
    error. Scores are always recomputed by the core.
    """
    if too_deep(resource):
        # a resource nested hundreds deep would exhaust the validators' recursion (16.7)
        raise FhirImportError(
            [
                {
                    "field": "resource",
                    "message": f"nests more than {JSON_MAX_DEPTH} levels deep; a "
                    "QuestionnaireResponse never needs that many",
                }
            ]
        )
    parsed = fhir.read(resource, registry.registry())
    errors = list(parsed.errors)
    plan: list[_Planned] = []
    seen: dict[int, Episode | None] = {}
    for item in parsed.responses:
        target = _target(user, item, episode, seen)
        if target is None:
            errors.append(
                {
                    "field": f"{item.path}.extension",
                    "message": "say which episode these answers belong to: one of yours "
                    "(the ?episode= parameter, or the episode extension)",
                }
            )
            continue
        if item.client_ref is not None and episode is None and item.client_ref != target.client_id:
            errors.append(
                {
                    "field": f"{item.path}.subject",
                    "message": "the subject is not the episode's client",
                }
            )
            continue
        if item.instrument.respondent == "therapist" and target.therapist_id != user.pk:
            # The therapist's side (a mirror, a private reflection) is stored under the episode's
            # therapist, so only they import it: nobody writes answers in a colleague's name.
            errors.append(
                {
                    "field": f"{item.path}.questionnaire",
                    "message": f"{item.instrument.short_title} answers are the therapist's own: "
                    "only the episode's own therapist can import them",
                }
            )
            continue
        if not item.sessionless and item.day is not None and item.day > timezone.localdate():
            # The latest session decides what is due, the reminders and the outcome: a session
            # dated in the future would quietly stop them all.
            errors.append(
                {
                    "field": f"{item.path}.extension",
                    "message": f"the session date {item.day:%d %b %Y} is in the future",
                }
            )
            continue
        try:
            scored = score(item.instrument, item.answers)
        except InvalidAnswers as problem:
            errors += [
                {"field": f"{item.path}.item[{key}]", "message": message}
                for key, message in problem.errors.items()
            ]
            continue
        plan.append(_prepare(user, item, target, scored, request))
    if errors:
        raise FhirImportError(errors)
    # Planned against what is stored now, outside the transaction; read again inside it, and
    # planned again only if something changed in between (another session recorded meanwhile).
    stored = _read_stored(plan)
    writes = _plan_writes(user, plan, stored, request)
    result = ImportResult(ignored=parsed.ignored)
    with transaction.atomic():
        now = _read_stored(plan)
        if now != stored:
            writes = _plan_writes(user, plan, now, request)
        if writes.errors:
            raise FhirImportError(writes.errors)
        _write(writes)
        result.created = [p.response.pk for p in writes.responses]
        result.unchanged = [u if isinstance(u, int) else u.pk for u in writes.unchanged]
        record(
            actor=user,
            action="fhir.import",
            request=request,
            detail={"created": len(result.created), "unchanged": len(result.unchanged)},
        )
    return result
