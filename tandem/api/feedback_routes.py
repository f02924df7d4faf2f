"""Feedback where the client is (issue 19), for an integration: follow-up check-ins, the
returning-client requests they raise, how texts reach a client, and a session's hand-overs.

Every route reads through the policy (``tandem.policy``) and the feature apps' own read functions
(``followup.queries``, ``sms.queries``, ``room.queries``) and is audited like its neighbours; the
two writes call the same actions as the caseload's buttons (``tandem.followup.actions``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from ninja import Query, Router, Status

from tandem.api.auth import require_write
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
from tandem.api.errors import ApiError
from tandem.api.feedback_schemas import (
    CheckInOut,
    CheckInPage,
    CloseRequestIn,
    FollowUpLinkOut,
    HandoverPage,
    ReturningRequestOut,
    ReturningRequestPage,
    TextMessagePage,
    TextStatusOut,
)
from tandem.api.idempotency import once
from tandem.api.schemas import ErrorOut, Id
from tandem.care.models import Client
from tandem.errors import ActionError
from tandem.followup import actions as followup_actions
from tandem.followup import queries as followup
from tandem.followup.models import FollowUp, ReturningRequest
from tandem.links.actions import create_follow_up_link
from tandem.links.models import QuestionnaireLink
from tandem.policy import (
    can_make_follow_up_link,
    clinical_clients,
    get_editable_client,
    own_client_record,
    querysets,
    returning_requests_for,
)
from tandem.room import queries as room
from tandem.room.models import Handover
from tandem.sms import queries as sms
from tandem.sms.models import TextMessage

router = Router()


# -- follow-up check-ins ---------------------------------------------------------------------


def _check_in_out(follow_up: FollowUp) -> dict[str, Any]:
    made = followup.request_of(follow_up)
    return {
        "id": follow_up.pk,
        "episode_id": follow_up.episode_id,
        "client_id": follow_up.episode.client_id,
        "months": follow_up.months,
        "due_on": follow_up.due_on,
        "last_day": followup.last_day(follow_up),
        "opened_at": follow_up.opened_at,
        "reminded_at": follow_up.reminded_at,
        "answered_at": follow_up.answered_at,
        "state": followup.state(follow_up),
        "scores": [
            {
                "response_id": r.pk,
                "instrument": r.instrument_id,
                "total": r.total,
                "severity": r.severity,
                "submitted_at": r.submitted_at,
            }
            for r in getattr(follow_up, "readable_responses", [])
        ],
        "returning_request": None
        if made is None
        else {
            "id": made.pk,
            "wants_to_talk": made.wants_to_talk,
            "worsened": list(made.worsened),
            "created_at": made.created_at,
            "seen_at": made.acknowledged_at,
            "closed_at": made.closed_at,
        },
    }


def _check_ins(request: HttpRequest) -> Any:
    """The check-ins of the episodes the caller may read clinically: the therapist's, a
    consenting client's supervisor's, and a client's own (the practice admin reads no answers)."""
    user = user_of(request)
    return followup.follow_ups_of(querysets.episodes(user), querysets.responses(user))


@router.get("/follow-ups", response={200: CheckInPage, ERR: ErrorOut}, tags=["follow-up"])
def list_check_ins(
    request: HttpRequest,
    client: Annotated[Id | None, Query(description="Only this client's check-ins.")] = None,
    episode: Annotated[Id | None, Query(description="Only this episode's check-ins.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    """Follow-up check-ins after an ending, earliest due first: whether each is open, answered
    or closed unanswered, when its email went out, its scores, and the request it raised."""
    rows = _check_ins(request)
    if client is not None:
        rows = rows.filter(episode__client_id=client)
    if episode is not None:
        rows = rows.filter(episode_id=episode)
    result = paged(rows, limit, offset, _check_in_out)
    api_audit_list(
        request,
        "followup.list",
        [c["client_id"] for c in result["items"]],
        count=len(result["items"]),
    )
    return result


@router.get(
    "/follow-ups/{follow_up_id}", response={200: CheckInOut, ERR: ErrorOut}, tags=["follow-up"]
)
def get_check_in(request: HttpRequest, follow_up_id: Id) -> Any:
    found = querysets.get_or_404(_check_ins(request), follow_up_id)
    api_audit(request, "followup.read", found, client_id=found.episode.client_id)
    return _check_in_out(found)


@router.post(
    "/follow-ups/{follow_up_id}/links",
    response={201: FollowUpLinkOut, WRITE_ERR: ErrorOut},
    tags=["follow-up"],
)
def create_follow_up_questionnaire_link(request: HttpRequest, follow_up_id: Id) -> Any:
    """Make a personal link to the client's open follow-up check-in, to send them (by text
    message, say). Each call makes a new link; the answer is the only time it is shown. The
    therapist who held the episode, or the client's therapist now; 400 when the check-in is
    answered or closed, or the client has no login to answer with."""
    require_write(request)
    user = user_of(request)
    found = querysets.get_or_404(_check_ins(request), follow_up_id)
    if not can_make_follow_up_link(user, found):
        raise ApiError(403, "Only the client's therapist makes questionnaire links.")
    follow_up = FollowUp.objects.select_related("episode__client__user").get(pk=found.pk)
    made = create_follow_up_link(user, follow_up, via=QuestionnaireLink.API, request=request)
    return Status(
        201,
        {
            "id": made.link.pk,
            "follow_up_id": follow_up.pk,
            "url": made.url,
            "expires_at": made.link.expires_at,
        },
    )


# -- returning-client requests ---------------------------------------------------------------


def _request_out(found: ReturningRequest, shown: bool) -> dict[str, Any]:
    return {
        "id": found.pk,
        "client_id": found.client_id,
        "episode_id": found.episode_id,
        "therapist_id": found.episode.therapist_id,
        "follow_up_id": found.follow_up_id,
        "months": found.follow_up.months,
        "created_at": found.created_at,
        "reasons_shown": shown,
        "wants_to_talk": found.wants_to_talk if shown else None,
        "worsened": list(found.worsened) if shown else None,
        "sentence": found.sentence if shown else None,
        "seen_at": found.acknowledged_at,
        "seen_by_id": found.acknowledged_by_id,
        "closed_at": found.closed_at,
        "closed_by_id": found.closed_by_id,
        "note": found.close_note if shown else None,
    }


def _readable(user: Any, client_ids: Any) -> set[int]:
    """Of these clients, those whose record the caller may read: the reasons a request gives
    are clinical, so a practice admin handling one whose therapist has left sees names and dates
    only, as on the practice's page."""
    return set(clinical_clients(user).filter(pk__in=set(client_ids)).values_list("pk", flat=True))


def _one_request(user: Any, pk: int) -> dict[str, Any] | None:
    found = followup.requests_in(returning_requests_for(user), "all").filter(pk=pk).first()
    if found is None:
        return None
    return _request_out(found, bool(_readable(user, [found.client_id])))


@router.get(
    "/returning-requests",
    response={200: ReturningRequestPage, ERR: ErrorOut},
    tags=["follow-up"],
)
def list_returning_requests(
    request: HttpRequest,
    state: Annotated[
        Literal["open", "closed", "all"],
        Query(description="open (not yet closed, the default), closed, or all."),
    ] = "open",
    client: Annotated[Id | None, Query(description="Only this client's requests.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    """Former clients asking to come back: a therapist's own clients', and a practice admin's
    where the therapist has left the practice. Oldest first."""
    user = user_of(request)
    rows = followup.requests_in(returning_requests_for(user), state)
    if client is not None:
        rows = rows.filter(client_id=client)
    page = list(rows[offset : offset + limit])
    shown = _readable(user, [r.client_id for r in page])
    api_audit_list(request, "returning.list", [r.client_id for r in page], count=len(page))
    return {
        "count": rows.count(),
        "limit": limit,
        "offset": offset,
        "items": [_request_out(r, r.client_id in shown) for r in page],
    }


@router.get(
    "/returning-requests/{returning_request_id}",
    response={200: ReturningRequestOut, ERR: ErrorOut},
    tags=["follow-up"],
)
def get_returning_request(request: HttpRequest, returning_request_id: Id) -> Any:
    found = _one_request(user_of(request), returning_request_id)
    if found is None:
        raise Http404("No such request")
    api_audit(request, "returning.view", client_id=found["client_id"], request_id=found["id"])
    return found


def _act(request: HttpRequest, pk: int, path: str, payload: Any, act: Any, key: Any) -> Any:
    """Run ``act`` once per Idempotency-Key, through the followup action; a retry gets the first
    answer while the caller may still handle the request, and is audited."""
    require_write(request)
    user = user_of(request)

    def run() -> tuple[int, dict[str, Any]]:
        # The policy first: someone else's request is not found, whatever its state.
        found = querysets.get_or_404(returning_requests_for(user), pk)
        if found.closed_at is not None:
            raise ApiError(409, "This request is already closed.")
        try:
            done = act(user, found)
        except followup_actions.RequestNotFound:
            raise Http404 from None
        except ActionError as error:
            # Closed by someone else since the check above (the action locks the row and looks
            # again).
            raise ApiError(409, str(error)) from None
        if done is None:  # nothing to change: audited as a read
            api_audit(request, "returning.view", client_id=found.client_id, request_id=pk)
        shown = _one_request(user, pk)
        assert shown is not None
        # Kept as JSON for a retry: dates as the answer gives them.
        return 200, ReturningRequestOut(**shown).model_dump(mode="json")

    def replay(status: int, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        still = returning_requests_for(user).filter(pk=pk).first()
        api_audit(
            request,
            "returning.repeat",
            still,
            client_id=still.client_id if still else None,
            shown=still is not None,
            retry=True,
        )
        if still is None:
            return 409, {
                "detail": "This request was answered before, but the client's request is no "
                "longer yours to handle; nothing is shown and nothing changed.",
                "errors": [],
            }
        return status, body

    return once(user, key, "POST", path, payload, run, replay)


@router.post(
    "/returning-requests/{returning_request_id}/seen",
    response={200: ReturningRequestOut, WRITE_ERR: ErrorOut},
    tags=["follow-up"],
)
def mark_returning_request_seen(
    request: HttpRequest,
    returning_request_id: Id,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Any:
    """Mark as seen, as the caseload's "Mark as seen" does; it stays open until closed. Seen
    already: nothing changes (the first "seen" stands). 409 when it is closed."""

    def act(user: Any, found: ReturningRequest) -> Any:
        if found.acknowledged_at is not None:
            return None
        return followup_actions.acknowledge_request(user, found.pk, request)

    status, body = _act(
        request,
        returning_request_id,
        f"/returning-requests/{returning_request_id}/seen",
        {},
        act,
        idempotency_key,
    )
    return Status(status, body)


@router.post(
    "/returning-requests/{returning_request_id}/close",
    response={200: ReturningRequestOut, WRITE_ERR: ErrorOut},
    tags=["follow-up"],
)
def close_returning_request(
    request: HttpRequest,
    returning_request_id: Id,
    payload: CloseRequestIn,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Any:
    """Close it once someone has been in touch (a new episode opened, or nothing more to do),
    with an optional note, as the caseload's "Close" does. 409 when it is closed already."""

    def act(user: Any, found: ReturningRequest) -> Any:
        return followup_actions.close_request(user, found.pk, payload.note, request)

    status, body = _act(
        request,
        returning_request_id,
        f"/returning-requests/{returning_request_id}/close",
        payload.model_dump(mode="json"),
        act,
        idempotency_key,
    )
    return Status(status, body)


# -- texts -----------------------------------------------------------------------------------


def _texts_client(request: HttpRequest, client_id: int) -> Client:
    """A client's texts are seen by the client and by their therapist (who may hand over the
    client's whole record, texts included): not a supervisor, not the practice admin (who see
    counts of texts only). The number is shown to no one here."""
    user = user_of(request)
    if querysets.is_client_only(user):
        own = own_client_record(user)
        if own.pk != client_id:
            raise Http404("No such client")
        return own
    return get_editable_client(user, client_id)


@router.get(
    "/clients/{client_id}/texts", response={200: TextStatusOut, ERR: ErrorOut}, tags=["texts"]
)
def get_text_status(request: HttpRequest, client_id: Id) -> Any:
    """How reminders reach the client: whether they gave and confirmed a mobile number, whether it
    replied STOP, what they chose, and how a reminder goes now. Never the number."""
    client = _texts_client(request, client_id)
    status = sms.text_status(client)
    api_audit(request, "sms.view", client, client_id=client.pk)
    return {
        "client_id": client.pk,
        "texts_offered": status.offered,
        "number_given": status.number_given,
        "verified": status.verified_at is not None,
        "verified_at": status.verified_at,
        "stopped": status.stopped_at is not None,
        "stopped_at": status.stopped_at,
        "reminders_by": status.reminders_by,
        "reminders_reach_by": list(status.reminders_reach_by),
    }


def _text_out(message: TextMessage) -> dict[str, Any]:
    return {
        "id": message.pk,
        "purpose": message.purpose,
        "status": message.status,
        "created_at": message.created_at,
        "send_after": message.send_after,
        "sent_at": message.sent_at,
        "status_at": message.status_at,
        "reason": sms.reason_shown(message.reason),
        "emailed_instead_at": message.emailed_instead_at,
    }


@router.get(
    "/clients/{client_id}/texts/history",
    response={200: TextMessagePage, ERR: ErrorOut},
    tags=["texts"],
)
def list_texts(request: HttpRequest, client_id: Id, limit: Limit = 50, offset: Offset = 0) -> Any:
    """Every text to the client, newest first: why (a code or a reminder), how far it got, and
    when. Texts keep no words; the number is not shown."""
    client = _texts_client(request, client_id)
    result = paged(sms.texts_of(client), limit, offset, _text_out)
    api_audit(request, "sms.list", client, client_id=client.pk, count=len(result["items"]))
    return result


# -- hand-overs ------------------------------------------------------------------------------


def _handover_out(handover: Handover, answered: list[Any]) -> dict[str, Any]:
    return {
        "id": handover.pk,
        "session_id": handover.session_id,
        "client_id": handover.client_id,
        "handed_over_by_id": handover.therapist_id,
        "started_at": handover.started_at,
        "locked_at": handover.locked_at,
        "lock_reason": handover.lock_reason,
        "ended_at": handover.ended_at,
        "ended_how": handover.ended_how,
        "closed_by_tandem_at": handover.closed_by_tandem_at,
        "unlock_attempts": handover.unlock_attempts,
        "answered": [
            {"response_id": r.pk, "instrument": r.instrument_id, "submitted_at": r.submitted_at}
            for r in answered
        ],
    }


@router.get(
    "/sessions/{session_id}/handovers",
    response={200: HandoverPage, ERR: ErrorOut},
    tags=["care"],
)
def list_handovers(
    request: HttpRequest, session_id: Id, limit: Limit = 50, offset: Offset = 0
) -> Any:
    """Each time the session's questionnaires were handed to the client on a device: by whom,
    when it locked and why, how it ended, and what was answered on it. Read only: handing over
    is done on the device, from the session's page."""
    user = user_of(request)
    if querysets.is_client_only(user):
        raise ApiError(403, "Hand-overs are for the people who work in the practice.")
    session = querysets.get_or_404(querysets.sessions(user).select_related("episode"), session_id)
    rows = room.handovers_of(session)
    page = list(rows[offset : offset + limit])
    answered = room.answered_on(page, querysets.responses(user))
    api_audit(
        request, "room.handovers", session, client_id=session.episode.client_id, count=len(page)
    )
    return {
        "count": rows.count(),
        "limit": limit,
        "offset": offset,
        "items": [_handover_out(h, answered[h.pk]) for h in page],
    }
