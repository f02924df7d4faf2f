"""Handing a device to the client in the room, and taking it back: one transaction each, audited.

The client answers through the measures app's own action (``submit_response``), so a risk answer
raises its alert exactly as in the portal. The answers are the client's (``respondent_role``
"client"; ``respondent`` their login once they have taken one up, else empty), stored as given
``Response.ROOM`` and ``entered_by`` the therapist whose signed-in device recorded them: the
client needs no login of their own to be handed a device. Unlocking counts each attempt in the
database before the secret is checked, so no number of requests sent at once gets more tries than
the practice's sign-in limit; the last wrong one signs the therapist out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.audit.chain import record
from tandem.care.models import Episode, Session
from tandem.errors import ActionError
from tandem.measures.actions import Submitted, submit_response
from tandem.measures.models import Response
from tandem.policy import can_hand_over
from tandem.room.due import due_in_room
from tandem.room.models import HOLDING, Handover, RoomSettings

PIN_LENGTHS = range(4, 9)


def room_settings(practice_id: int) -> RoomSettings:
    found, _ = RoomSettings.objects.get_or_create(practice_id=practice_id)
    return found


def unlock_limit() -> int:
    """Wrong unlocks allowed before the therapist is signed out: the same as wrong sign-ins."""
    return int(settings.AXES_FAILURE_LIMIT)


@transaction.atomic
def hand_over(actor: User, session: Session, request: HttpRequest | None = None) -> Handover:
    episode = session.episode
    if not can_hand_over(actor, episode):
        raise ActionError(_("Only the client's therapist can hand this session to them."))
    client = episode.client
    if episode.status != Episode.ACTIVE:
        raise ActionError(_("This episode is not active, so nothing is due for the client."))
    if not due_in_room(session):
        raise ActionError(_("Nothing is waiting for the client in this session."))
    assert client.practice_id is not None
    handover = Handover.objects.create(
        practice_id=client.practice_id,
        therapist=actor,
        client=client,
        session=session,
        idle_seconds=room_settings(client.practice_id).idle_minutes * 60,
    )
    record(
        actor=actor,
        action="room.hand_over",
        obj=handover,
        client_id=client.pk,
        practice_id=client.practice_id,
        request=request,
        detail={"session": session.pk},
    )
    return handover


@transaction.atomic
def answer(
    handover: Handover,
    instrument_id: str,
    answers: Mapping[str, object],
    request: HttpRequest | None = None,
) -> Submitted:
    """The client's answers, kept as theirs, noted as given in the room on the therapist's device.

    Stored under the therapist's signed-in account, the one the device holds (the client may have
    no login, and has not signed in here if they have): ``submit_response`` asks the policy again
    whether that therapist may still enter answers for the client, so a handover left open after
    the client moved to a colleague stores nothing.
    """
    session = handover.session
    if handover.is_locked or handover.ended_at is not None:
        raise ActionError(_("This device is locked. Please hand it back to your therapist."))
    submitted = submit_response(
        handover.therapist,
        session.episode,
        instrument_id,
        answers,
        session=session,
        method=Response.ROOM,
        request=request,
    )
    touch(handover)
    record(
        actor=handover.therapist,
        action="room.answer",
        obj=submitted.response,
        client_id=handover.client_id,
        practice_id=handover.practice_id,
        request=request,
        detail={
            "handover": handover.pk,
            "instrument": instrument_id,
            "device_of": handover.therapist_id,
            "saved": submitted.created,
        },
    )
    return submitted


def touch(handover: Handover) -> None:
    """The client is still using the device: the idle time starts again."""
    Handover.objects.filter(pk=handover.pk, locked_at__isnull=True, ended_at__isnull=True).update(
        last_activity=timezone.now()
    )


@transaction.atomic
def lock(
    handover: Handover,
    reason: str,
    request: HttpRequest | None = None,
    *,
    noticed_by: str = "server",
    detail: Mapping[str, object] | None = None,
) -> bool:
    """Lock the device (if it is not locked already); True when this call locked it."""
    if reason not in dict(Handover.LOCK_REASONS):
        raise ActionError(_("Unknown reason to lock."))
    now = timezone.now()
    locked = Handover.objects.filter(
        pk=handover.pk, locked_at__isnull=True, ended_at__isnull=True
    ).update(locked_at=now, lock_reason=reason)
    if not locked:
        handover.refresh_from_db()
        return False
    handover.locked_at, handover.lock_reason = now, reason
    record(
        actor=handover.therapist,
        action="room.idle_lock" if reason == "idle" else "room.lock",
        obj=handover,
        client_id=handover.client_id,
        practice_id=handover.practice_id,
        request=request,
        detail={"reason": reason, "noticed_by": noticed_by, **(detail or {})},
    )
    return True


@dataclass(frozen=True)
class Unlocked:
    ok: bool
    how: str = ""  # "password" or "pin" when ok
    signed_out: bool = False  # the last allowed attempt was wrong: sign the therapist out
    attempts_left: int = 0


def _secret_matches(actor: User, handover: Handover, secret: str) -> str:
    """ "pin" or "password" when ``secret`` is the practice's PIN or the therapist's password."""
    found = RoomSettings.objects.filter(practice_id=handover.practice_id).first()
    if (
        found is not None
        and found.pin_hash
        and secret.isdigit()
        and len(secret) in PIN_LENGTHS
        and check_password(secret, found.pin_hash)
    ):
        return "pin"
    if secret and actor.check_password(secret):
        return "password"
    return ""


def unlock(
    actor: User, handover: Handover, secret: str, request: HttpRequest | None = None
) -> Unlocked:
    """Try to unlock with the therapist's password or the practice PIN."""
    if handover.therapist_id != actor.pk:
        raise ActionError(_("This device was handed over by someone else."))
    limit = unlock_limit()
    # The attempt is counted before the secret is checked, in one UPDATE, so that requests sent
    # at once cannot each get a try the count has not seen.
    # A handover Tandem closed after it was left (HOLDING) is unlocked like an open one.
    counted = Handover.objects.filter(HOLDING, pk=handover.pk, unlock_attempts__lt=limit).update(
        unlock_attempts=F("unlock_attempts") + 1
    )
    handover.refresh_from_db()
    how = _secret_matches(actor, handover, secret) if counted else ""
    with transaction.atomic():
        if how:
            ended = Handover.objects.filter(HOLDING, pk=handover.pk).update(
                ended_at=timezone.now(), ended_how=how
            )
            if ended:
                record(
                    actor=actor,
                    action="room.unlock",
                    obj=handover,
                    client_id=handover.client_id,
                    practice_id=handover.practice_id,
                    request=request,
                    detail={"how": how, "attempt": handover.unlock_attempts},
                )
                return Unlocked(True, how)
        left = max(limit - handover.unlock_attempts, 0)
        if counted:
            record(
                actor=actor,
                action="room.unlock_failed",
                obj=handover,
                client_id=handover.client_id,
                practice_id=handover.practice_id,
                request=request,
                outcome="denied",
                detail={"attempt": handover.unlock_attempts},
            )
        if left > 0:
            return Unlocked(False, attempts_left=left)
        ended = Handover.objects.filter(HOLDING, pk=handover.pk).update(
            ended_at=timezone.now(), ended_how="signed_out"
        )
        if ended:  # once, however many requests arrive after the last try
            record(
                actor=actor,
                action="room.signed_out",
                obj=handover,
                client_id=handover.client_id,
                practice_id=handover.practice_id,
                request=request,
                outcome="denied",
                detail={"attempts": handover.unlock_attempts},
            )
        return Unlocked(False, signed_out=True)


def weak_pin(pin: str) -> bool:
    """All one digit (0000) or a run up or down (1234, 9876): the first a guesser tries."""
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:], strict=False)}
    return len(steps) == 1 and steps <= {-1, 0, 1}


@transaction.atomic
def save_room_settings(
    actor: User,
    idle_minutes: int,
    new_pin: str = "",
    remove_pin: bool = False,
    request: HttpRequest | None = None,
) -> RoomSettings:
    assert actor.practice_id is not None  # role_required admits only people of a practice
    if not 1 <= idle_minutes <= 30:
        raise ActionError(_("Choose a whole number of minutes from 1 to 30."))
    found = room_settings(actor.practice_id)
    found.idle_minutes = idle_minutes
    pin = "unchanged"
    if new_pin:
        if not (new_pin.isdigit() and len(new_pin) in PIN_LENGTHS):
            raise ActionError(_("A PIN is 4 to 8 digits."))
        if weak_pin(new_pin):
            raise ActionError(_("Choose a PIN that is not one digit repeated or a run like 1234."))
        found.pin_hash, found.pin_set_at, pin = make_password(new_pin), timezone.now(), "set"
    elif remove_pin and found.pin_hash:
        found.pin_hash, found.pin_set_at, pin = "", None, "removed"
    found.updated_at = timezone.now()
    found.save()
    record(
        actor=actor,
        action="practice.room.update",
        obj=found,
        request=request,
        detail={"idle_minutes": idle_minutes, "pin": pin},
    )
    return found
