"""The REST API at ``/api/v1/``: django-ninja over the same policy, actions and core as the pages.

OpenAPI description at ``/api/v1/openapi.json``, interactive docs at ``/api/v1/docs``.
Every read of clinical data and every change writes an audit record.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import NinjaAPI, Query, Status

from tandem.accounts.models import User
from tandem.api import errors, feedback_routes, fhir_routes
from tandem.api.auth import AUTH, require_write
from tandem.api.common import (
    ERR,
    WRITE_ERR,
    IdempotencyKeyHeader,
    Limit,
    Offset,
    api_audit,
    api_audit_list,
    paged,
    user_of,
)
from tandem.api.docs import LocalSwagger, asset
from tandem.api.errors import ApiError
from tandem.api.idempotency import once
from tandem.api.parser import LimitedParser
from tandem.api.schemas import (
    AlertList,
    ClientOut,
    ClientPage,
    EpisodeOut,
    EpisodePage,
    EpisodeProblemIn,
    EpisodeScoresOut,
    ErrorOut,
    Id,
    InstrumentId,
    InstrumentList,
    InstrumentOut,
    LinkOut,
    MeOut,
    OutcomeReportAnswer,
    ResponseIn,
    ResponseOut,
    ResponsePage,
    SessionIn,
    SessionOut,
    SessionPage,
    TranscriptIn,
    TranscriptOut,
)
from tandem.api.serialise import (
    client_out,
    episode_out,
    instrument_out,
    response_out,
    score_point,
    session_out,
    transcript_out,
)
from tandem.care import actions as care_actions
from tandem.care.models import Episode
from tandem.core.instruments import languages
from tandem.links.actions import create_link
from tandem.links.models import QuestionnaireLink
from tandem.measures import registry
from tandem.measures.actions import HiddenRepeat, InvalidAnswers, submit_response
from tandem.measures.analytics import alerts_for_episodes
from tandem.policy import can_make_link, can_view_practice_report, querysets
from tandem.transcripts.actions import submit_transcript

api = NinjaAPI(
    title="Tandem API",
    version="1",
    description=(
        "Feedback-informed therapy: clients, episodes, sessions, questionnaires and their scores. "
        "Authenticate with `Authorization: Bearer <personal access token>`. "
        'Every error answers `{"detail": …, "errors": [{"field": …, "message": …}]}`.'
    ),
    auth=AUTH,
    urls_namespace="api",
    docs=LocalSwagger(),
    parser=LimitedParser(),
)
errors.install(api)


def _clients_of_episodes(episode_ids: Any) -> list[int]:
    ids = {e for e in episode_ids if e is not None}
    if not ids:
        return []
    return list(Episode.objects.filter(pk__in=ids).values_list("client_id", flat=True))


def _date_range(date_from: date | None, date_to: date | None) -> None:
    if date_from and date_to and date_from > date_to:
        raise ApiError(
            422,
            "The start date is after the end date.",
            [{"field": "date_from", "message": "Must be on or before date_to."}],
        )


# -- who am I --------------------------------------------------------------------------------


@api.get("/me", response={200: MeOut, ERR: ErrorOut}, tags=["people"])
def me(request: HttpRequest) -> dict[str, Any]:
    user = user_of(request)
    token = getattr(request, "api_token", None)
    return {
        "id": user.pk,
        "email": user.email,
        "name": user.name,
        "roles": user.role_names(),
        "practice": user.practice.slug if user.practice_id else None,
        "token_read_only": token.read_only if token is not None else None,
    }


# -- clients and episodes --------------------------------------------------------------------


@api.get("/clients", response={200: ClientPage, ERR: ErrorOut}, tags=["care"])
def list_clients(request: HttpRequest, limit: Limit = 50, offset: Offset = 0) -> Any:
    result = paged(
        querysets.clients(user_of(request)).order_by("display_name", "id"),
        limit,
        offset,
        client_out,
    )
    api_audit_list(
        request, "client.list", [c["id"] for c in result["items"]], count=len(result["items"])
    )
    return result


@api.get("/clients/{client_id}", response={200: ClientOut, ERR: ErrorOut}, tags=["care"])
def get_client(request: HttpRequest, client_id: Id) -> Any:
    client = querysets.get_or_404(querysets.clients(user_of(request)), client_id)
    api_audit(request, "client.view", client, client_id=client.pk)
    return client_out(client)


@api.get("/episodes", response={200: EpisodePage, ERR: ErrorOut}, tags=["care"])
def list_episodes(
    request: HttpRequest,
    client: Annotated[Id | None, Query(description="Only this client's episodes.")] = None,
    status: Annotated[str | None, Query(pattern=r"^(active|paused|ended)$")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    rows = querysets.episodes(user_of(request))
    if client is not None:
        rows = rows.filter(client_id=client)
    if status:
        rows = rows.filter(status=status)
    result = paged(rows.order_by("client_id", "number"), limit, offset, episode_out)
    api_audit_list(
        request,
        "episode.list",
        [e["client_id"] for e in result["items"]],
        count=len(result["items"]),
    )
    return result


@api.get("/episodes/{episode_id}", response={200: EpisodeOut, ERR: ErrorOut}, tags=["care"])
def get_episode(request: HttpRequest, episode_id: Id) -> Any:
    episode = querysets.get_or_404(querysets.episodes(user_of(request)), episode_id)
    api_audit(request, "episode.view", episode, client_id=episode.client_id)
    return episode_out(episode)


@api.patch("/episodes/{episode_id}", response={200: EpisodeOut, WRITE_ERR: ErrorOut}, tags=["care"])
def change_episode(request: HttpRequest, episode_id: Id, payload: EpisodeProblemIn) -> Any:
    """Set or change the episode's problem descriptor (the therapist who holds it)."""
    require_write(request)
    user = user_of(request)
    if querysets.is_client_only(user):
        raise ApiError(403, "Only the therapist sets the main problem.")
    episode = querysets.editable_episode(user, episode_id)
    care_actions.set_problem(user, episode, payload.problem, request=request)
    return episode_out(episode)


@api.get(
    "/episodes/{episode_id}/scores",
    response={200: EpisodeScoresOut, ERR: ErrorOut},
    tags=["measures"],
)
def episode_scores(request: HttpRequest, episode_id: Id) -> Any:
    user = user_of(request)
    episode = querysets.get_or_404(querysets.episodes(user), episode_id)
    rows = (
        querysets.responses(user)
        .filter(episode=episode, total__isnull=False)
        .select_related("session")
        .order_by("submitted_at", "id")
    )
    alerts = _alerts(user, episode)
    api_audit(request, "episode.scores", episode, client_id=episode.client_id)
    return {
        "episode_id": episode.pk,
        "scores": [score_point(r) for r in rows],
        "alerts": alerts or [],
        "alerts_available": alerts is not None,
    }


def _alerts(user: User, episode: Episode) -> list[dict[str, Any]] | None:
    """The same alerts as the client picture (tandem.reports), for staff; None if unavailable."""
    try:
        from tandem.reports.data import episode_alerts_for, episode_data
    except ImportError:
        return None
    if querysets.is_client_only(user):
        return []  # alerts are written for clinicians; the portal shows the client their own way
    return [
        {
            "kind": a.kind,
            "priority": a.priority,
            "sentence": a.sentence,
            "session": a.session,
            "measure": a.measure,
        }
        for a in episode_alerts_for(episode_data(user, episode))
    ]


@api.get("/alerts", response={200: AlertList, ERR: ErrorOut}, tags=["measures"])
def list_alerts(request: HttpRequest) -> Any:
    """Every current alert on the caller's caseload: the open episodes of the clients whose
    record they may read, the same alerts as the caseload page (ended episodes have none)."""
    user = user_of(request)
    items: list[dict[str, Any]] = []
    if not querysets.is_client_only(user):  # alerts are written for clinicians
        episodes = list(querysets.episodes(user).exclude(status="ended").select_related("client"))
        found = alerts_for_episodes(episodes)
        for episode in episodes:
            items += [
                {
                    "episode_id": episode.pk,
                    "client_id": episode.client_id,
                    "kind": a.kind,
                    "priority": a.priority,
                    "sentence": a.sentence,
                    "session": a.session,
                    "measure": a.measure,
                }
                for a in found.get(episode.pk, [])
            ]
    items.sort(key=lambda a: (a["priority"], a["client_id"], a["episode_id"]))
    api_audit(request, "alert.list", count=len(items))
    return {"items": items}


# -- sessions --------------------------------------------------------------------------------


@api.get("/sessions", response={200: SessionPage, ERR: ErrorOut}, tags=["care"])
def list_sessions(
    request: HttpRequest,
    episode: Annotated[Id | None, Query(description="Only this episode's sessions.")] = None,
    date_from: Annotated[date | None, Query(description="Sessions on or after this date.")] = None,
    date_to: Annotated[date | None, Query(description="Sessions on or before this date.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    _date_range(date_from, date_to)
    rows = querysets.sessions(user_of(request))
    if episode is not None:
        rows = rows.filter(episode_id=episode)
    if date_from:
        rows = rows.filter(date__gte=date_from)
    if date_to:
        rows = rows.filter(date__lte=date_to)
    result = paged(rows.order_by("date", "id"), limit, offset, session_out)
    api_audit_list(
        request,
        "session.list",
        _clients_of_episodes(s["episode_id"] for s in result["items"]),
        count=len(result["items"]),
    )
    return result


@api.get("/sessions/{session_id}", response={200: SessionOut, ERR: ErrorOut}, tags=["care"])
def get_session(request: HttpRequest, session_id: Id) -> Any:
    session = querysets.get_or_404(
        querysets.sessions(user_of(request)).select_related("episode"), session_id
    )
    api_audit(request, "session.view", session, client_id=session.episode.client_id)
    return session_out(session)


@api.post("/sessions", response={201: SessionOut, WRITE_ERR: ErrorOut}, tags=["care"])
def create_session(request: HttpRequest, payload: SessionIn) -> Any:
    require_write(request)
    user = user_of(request)
    if querysets.is_client_only(user):
        raise ApiError(403, "Only the therapist records sessions.")
    episode = querysets.editable_episode(user, payload.episode)
    try:
        session = care_actions.record_session(
            user, episode, payload.date, payload.attendance, request=request
        )
    except care_actions.SessionDateError as error:
        # Dated before the episode began, after it ended, or in the future.
        raise ApiError(
            422, "The session date needs another look.", [{"field": "date", "message": str(error)}]
        ) from None
    return Status(201, session_out(session))


@api.post(
    "/sessions/{session_id}/links", response={201: LinkOut, WRITE_ERR: ErrorOut}, tags=["care"]
)
def create_questionnaire_link(request: HttpRequest, session_id: Id) -> Any:
    """Make a personal questionnaire link for the client's questionnaires due for this session,
    to send them (by text message, say). Each call makes a new link; the answer is the only time
    it is shown. The client's therapist only; 400 when nothing is waiting for the client."""
    require_write(request)
    user = user_of(request)
    session = querysets.get_or_404(
        querysets.sessions(user).select_related("episode__client__user"), session_id
    )
    if not can_make_link(user, session):
        raise ApiError(403, "Only the client's therapist makes questionnaire links.")
    made = create_link(user, session, via=QuestionnaireLink.API, request=request)
    return Status(
        201,
        {
            "id": made.link.pk,
            "session_id": session.pk,
            "url": made.url,
            "expires_at": made.link.expires_at,
        },
    )


# -- instruments -----------------------------------------------------------------------------


@api.get("/instruments", response={200: InstrumentList, ERR: ErrorOut}, tags=["measures"])
def list_instruments(request: HttpRequest) -> Any:
    reg = registry.registry()
    return {"items": [instrument_out(reg[key]) for key in sorted(reg)]}


@api.get(
    "/instruments/{instrument_id}", response={200: InstrumentOut, ERR: ErrorOut}, tags=["measures"]
)
def get_instrument(request: HttpRequest, instrument_id: InstrumentId) -> Any:
    instrument = registry.get(instrument_id)
    if instrument is None:
        raise ApiError(404, f"There is no instrument called “{instrument_id}”.")
    return instrument_out(instrument)


# -- responses -------------------------------------------------------------------------------


@api.get("/responses", response={200: ResponsePage, ERR: ErrorOut}, tags=["measures"])
def list_responses(
    request: HttpRequest,
    episode: Annotated[Id | None, Query()] = None,
    session: Annotated[Id | None, Query()] = None,
    instrument: Annotated[InstrumentId | None, Query()] = None,
    date_from: Annotated[date | None, Query(description="Submitted on or after this date.")] = None,
    date_to: Annotated[date | None, Query(description="Submitted on or before this date.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    _date_range(date_from, date_to)
    rows = querysets.responses(user_of(request))
    if episode is not None:
        rows = rows.filter(episode_id=episode)
    if session is not None:
        rows = rows.filter(session_id=session)
    if instrument:
        rows = rows.filter(instrument_id=instrument)
    if date_from:
        rows = rows.filter(submitted_at__date__gte=date_from)
    if date_to:
        rows = rows.filter(submitted_at__date__lte=date_to)
    result = paged(rows.order_by("submitted_at", "id"), limit, offset, response_out)
    api_audit_list(
        request,
        "response.list",
        _clients_of_episodes(r["episode_id"] for r in result["items"]),
        count=len(result["items"]),
        episode=episode,
    )
    return result


@api.get("/responses/{response_id}", response={200: ResponseOut, ERR: ErrorOut}, tags=["measures"])
def get_response(request: HttpRequest, response_id: Id) -> Any:
    response = querysets.get_or_404(
        querysets.responses(user_of(request)).select_related("episode"), response_id
    )
    api_audit(
        request,
        "response.view",
        response,
        client_id=response.episode.client_id if response.episode_id else None,
    )
    return response_out(response)


@api.post(
    "/responses",
    response={200: ResponseOut, 201: ResponseOut, WRITE_ERR: ErrorOut},
    tags=["measures"],
)
def create_response(
    request: HttpRequest,
    payload: ResponseIn,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Any:
    """Record one questionnaire for a session: validated against the instrument, scored by the core.

    201 when stored; 200 when this session already has this questionnaire from this side (the
    stored one is returned, nothing is duplicated); 409 when it has one the caller may not read
    (another therapist's private reflection, say): nothing is shown and nothing saved. A repeat
    is audited either way.
    """
    require_write(request)
    user = user_of(request)

    def run() -> tuple[int, dict[str, Any]]:
        session = None
        if payload.session is None:
            episode = querysets.editable_episode(user, payload.episode)
        else:
            # The session, its episode and its client in one query.
            session = querysets.editable_session(user, payload.episode, payload.session)
            if session is None:
                raise ApiError(
                    422,
                    "That session is not part of this episode.",
                    [{"field": "session", "message": "No such session in this episode."}],
                )
            episode = session.episode
        instrument = registry.get(payload.instrument)
        if (
            payload.language is not None
            and instrument is not None
            and payload.language not in languages(instrument)
        ):
            raise ApiError(
                422,
                "The questions cannot have been shown in that language.",
                [
                    {
                        "field": "language",
                        "message": f"The {instrument.short_title} has wording in "
                        f"{', '.join(languages(instrument))} only.",
                    }
                ],
            )
        try:
            submitted = submit_response(
                user,
                episode,
                payload.instrument,
                dict(payload.answers),
                session=session,
                request=request,
                language=payload.language,
            )
        except InvalidAnswers as exc:
            raise ApiError(
                422,
                str(exc),
                [{"field": f"answers.{item}", "message": msg} for item, msg in exc.errors.items()],
            ) from None
        except HiddenRepeat as exc:
            # Returned, not raised, so that the audit record of the attempt is kept when an
            # Idempotency-Key wraps this in a transaction (an error result is not remembered).
            return 409, {"detail": str(exc), "errors": []}
        return (201 if submitted.created else 200), response_out(submitted.response)

    def replay(status: int, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        # The first answer is handed back only while the caller may still read it (a client
        # reassigned since, a session deleted since), and the read is audited like a repeat.
        stored = querysets.responses(user).filter(pk=body.get("id")).first()
        shown = stored is not None
        episodes = Episode.objects.filter(pk=body.get("episode_id"))
        api_audit(
            request,
            "response.repeat",
            stored,
            client_id=episodes.values_list("client_id", flat=True).first(),
            instrument=payload.instrument,
            shown=shown,
            retry=True,
        )
        if not shown:
            return 409, {
                "detail": "This request was answered before, but that answer is no longer "
                "yours to see (or was deleted since); nothing is shown and nothing new was saved.",
                "errors": [],
            }
        return status, body

    status, result = once(
        user, idempotency_key, "POST", "/responses", payload.model_dump(mode="json"), run, replay
    )
    return Status(status, result)


# -- reports ---------------------------------------------------------------------------------


ReportScope = Annotated[
    Literal["mine", "practice"] | None,
    Query(
        description=(
            "`mine`: the episodes you may see clinically. `practice`: the whole practice's figures, "
            "for practice admins and supervisors. Default: `practice` for a practice admin who is "
            "neither a therapist nor a supervisor, `mine` for everyone else."
        )
    ),
]


@api.get("/reports/outcomes", response={200: OutcomeReportAnswer, ERR: ErrorOut}, tags=["reports"])
def outcome_report(request: HttpRequest, scope: ReportScope = None) -> Any:
    """NHS Talking Therapies headline outcomes, over the episodes you may see or the practice.

    The answer's `scope` says which. The practice's figures are the web practice report's, with
    the same small numbers suppressed, and say when they were computed.
    """
    from tandem.api.reports import (
        PRACTICE,
        default_scope,
        outcome_report_for,
        practice_outcomes_for,
    )

    user = user_of(request)
    if querysets.is_client_only(user):
        raise ApiError(403, "Practice reports are for the people who work in the practice.")
    chosen = scope or default_scope(user)
    if chosen == PRACTICE:
        if not can_view_practice_report(user):
            raise ApiError(
                403,
                "The practice-wide report is for practice admins and supervisors.",
                [
                    {
                        "field": "scope",
                        "message": "Use scope=mine for the outcomes of the clients you work with.",
                    }
                ],
            )
        result = practice_outcomes_for(user)
        api_audit(request, "report.outcomes", scope=chosen, episodes=result["practice_episodes"])
        return result
    result = outcome_report_for(user)
    api_audit(request, "report.outcomes", scope=chosen, episodes=result["episodes"])
    return result


# -- transcripts -----------------------------------------------------------------------------


@api.post("/transcripts", response={201: TranscriptOut, WRITE_ERR: ErrorOut}, tags=["transcripts"])
def upload_transcript(request: HttpRequest, payload: TranscriptIn) -> Any:
    """Send a session transcript for analysis; fetch it again by its id until it is done.

    The analysis runs in the background: the answer is the new analysis with ``status``
    ``queued`` (poll ``GET /transcripts/{id}``), then ``done`` with its result, or ``failed`` with
    the reason (a transcript that cannot be read). The answer is always the same shape.
    """
    require_write(request)
    user = user_of(request)
    if not user.is_staff_member:
        raise ApiError(403, "Transcript analysis is for the people who work in the practice.")
    analysis = submit_transcript(
        user, payload.text, payload.format, payload.name, dict(payload.speakers), request=request
    )
    return Status(201, transcript_out(analysis))


@api.get(
    "/transcripts/{analysis_id}", response={200: TranscriptOut, ERR: ErrorOut}, tags=["transcripts"]
)
def get_transcript(request: HttpRequest, analysis_id: Id) -> Any:
    user = user_of(request)
    # A transcript attached to a session is part of the client's record: read only while the
    # policy lets its uploader read that record, and shown on the client's trail.
    analysis = querysets.get_or_404(
        querysets.transcript_analyses(user).select_related("session__episode"), analysis_id
    )
    client_id = analysis.session.episode.client_id if analysis.session else None
    api_audit(request, "transcript.view", analysis, client_id=client_id)
    return transcript_out(analysis)


@api.get("/docs-assets/{name}", auth=None, include_in_schema=False)
def docs_asset(request: HttpRequest, name: str) -> Any:
    return asset(name)


api.add_router("/fhir/", fhir_routes.router)
api.add_router("/", feedback_routes.router)
