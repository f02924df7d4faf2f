"""Opening a follow-up check-in, answering it, and the returning-client requests it raises.

Each change is one transaction with its audit record. Answering stores an ordinary response
through ``tandem.measures.actions.submit_response`` (scored by the core, risk answers raising an
alert and leading the client to the crisis page as anywhere else) and lists it on the check-in.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.audit.chain import record
from tandem.core.outcomes.follow_up import worsened_measures
from tandem.errors import ActionError
from tandem.followup import checkin
from tandem.followup.mail import send_follow_up_reminder
from tandem.followup.models import FollowUp, ReturningRequest
from tandem.measures import registry
from tandem.measures.actions import Submitted, submit_response
from tandem.policy import can_handle_returning_request
from tandem.tasks.queue import after_commit


def open_follow_up(episode_id: int, months: int, due_on: date) -> FollowUp | None:
    """Open a check-in and queue its email; None when it is already open (the unique
    constraint: however many workers scan at once, one check-in, one email)."""
    try:
        with transaction.atomic():
            follow_up = FollowUp.objects.create(episode_id=episode_id, months=months, due_on=due_on)
            client = follow_up.episode.client
            record(
                actor=None,
                action="followup.open",
                obj=follow_up,
                client_id=client.pk,
                practice_id=client.practice_id,
                detail={"months": months, "due_on": due_on.isoformat()},
            )
            after_commit(send_follow_up_reminder, follow_up.pk)
    except IntegrityError:
        return None
    return follow_up


@transaction.atomic
def answer_follow_up(
    actor: User,
    follow_up: FollowUp,
    instrument_id: str,
    answers: Mapping[str, object],
    request: HttpRequest | None = None,
) -> Submitted:
    """Store one questionnaire of a check-in; when it is the last, the check-in is answered and
    a returning-client request made if the client asked for one or is reliably worse."""
    locked = (
        FollowUp.objects.select_for_update().select_related("episode__client").get(pk=follow_up.pk)
    )
    episode = locked.episode
    if episode.client.user_id != actor.pk:
        raise ActionError(_("Only the client can answer this check-in."))
    existing = locked.responses.filter(instrument_id=instrument_id).first()
    if existing is not None:
        # Sent twice: the first answers stand and nothing is stored again.
        return Submitted(existing, False, tuple(existing.risk_alerts.all()))
    if not checkin.is_open(locked):
        raise ActionError(_("This check-in is closed now. Thank you for thinking of it."))
    if instrument_id not in {i.id for i in checkin.instruments_for(locked)}:
        raise ActionError(_("That questionnaire is not part of this check-in."))
    submitted = submit_response(actor, episode, instrument_id, answers, request=request)
    locked.responses.add(submitted.response)
    if not checkin.remaining(locked):
        locked.answered_at = timezone.now()
        locked.save(update_fields=["answered_at"])
        raise_returning_request(locked)
    return submitted


def raise_returning_request(follow_up: FollowUp) -> ReturningRequest | None:
    """The check-in's returning-client request, made once: when the client said yes to talking
    again, or is reliably worse than at the episode's last score on a measure asked
    (tandem.core.outcomes.follow_up). None when neither; a second call returns the first."""
    existing = ReturningRequest.objects.filter(follow_up=follow_up).first()
    if existing is not None:
        return existing
    talk = follow_up.responses.filter(instrument_id=registry.TALK_AGAIN).first()
    wants = talk is not None and talk.answers.get("talk") == 1
    now = checkin.follow_up_scores(follow_up)
    worse = worsened_measures(checkin.last_scores(follow_up.episode, list(now)), now)
    if not wants and not worse:
        return None
    episode = follow_up.episode
    try:
        with transaction.atomic():
            made = ReturningRequest.objects.create(
                follow_up=follow_up,
                client=episode.client,
                episode=episode,
                wants_to_talk=wants,
                worsened=worse,
            )
            record(
                actor=None,
                action="returning.request",
                obj=made,
                client_id=episode.client_id,
                practice_id=episode.client.practice_id,
                detail={"months": follow_up.months, "asked": wants, "worsened": worse},
            )
    except IntegrityError:
        return ReturningRequest.objects.get(follow_up=follow_up)
    return made


class RequestNotFound(ActionError):
    """Not this person's to handle, or not there: the page answers 404."""


def _handled(
    actor: User, pk: int, action: str, request: HttpRequest | None, **fields: object
) -> ReturningRequest:
    found = (
        ReturningRequest.objects.select_for_update()
        .select_related("client", "episode")
        .filter(pk=pk)
        .first()
    )
    if found is None or not can_handle_returning_request(actor, found):
        raise RequestNotFound(_("There is no such request."))
    if found.closed_at is not None:
        raise ActionError(_("This request is already closed."))
    ReturningRequest.objects.filter(pk=pk).update(**fields)
    found.refresh_from_db()
    record(
        actor=actor,
        action=action,
        obj=found,
        client_id=found.client_id,
        practice_id=found.client.practice_id,
        request=request,
    )
    return found


@transaction.atomic
def acknowledge_request(
    actor: User, pk: int, request: HttpRequest | None = None
) -> ReturningRequest:
    """Seen: the request stays open until it is closed."""
    return _handled(
        actor,
        pk,
        "returning.acknowledge",
        request,
        acknowledged_at=timezone.now(),
        acknowledged_by=actor,
    )


@transaction.atomic
def close_request(
    actor: User, pk: int, note: str = "", request: HttpRequest | None = None
) -> ReturningRequest:
    """Dealt with (the client was contacted, a new episode opened, or nothing more to do)."""
    now = timezone.now()
    found = ReturningRequest.objects.filter(pk=pk).values_list("acknowledged_at", flat=True)
    fields: dict[str, object] = {"closed_at": now, "closed_by": actor, "close_note": note.strip()}
    if found and found[0] is None:
        fields |= {"acknowledged_at": now, "acknowledged_by": actor}
    return _handled(actor, pk, "returning.close", request, **fields)
