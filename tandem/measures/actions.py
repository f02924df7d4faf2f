"""Recording answers and setting what a practice collects: one transaction each, audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from tandem.accounts.actions import ActionError
from tandem.accounts.models import Practice, User
from tandem.audit.chain import record
from tandem.care.models import Episode, PracticePlan, Session
from tandem.core.instruments import score, validate_answers
from tandem.core.instruments.scoring import coerce_answer
from tandem.measures import registry
from tandem.measures.models import Response, Schedule
from tandem.safety.actions import raise_risk_alerts


class InvalidAnswers(ActionError):
    """Answers that do not fit the instrument; ``errors`` maps item id to a plain-words message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("Some answers need another look.")
        self.errors = errors


@dataclass(frozen=True)
class Submitted:
    response: Response
    created: bool
    # Risk alerts raised by these answers (for a repeat submission: those of the first one).
    risk_alerts: tuple[Any, ...] = ()

    @property
    def needs_support_page(self) -> bool:
        return bool(self.risk_alerts)


def _existing(response: Response) -> Submitted:
    return Submitted(response, False, tuple(response.risk_alerts.all()))


def install_default_schedule(practice: Practice) -> None:
    for instrument_id, rule, every_n in registry.DEFAULT_SCHEDULE:
        Schedule.objects.get_or_create(
            practice=practice,
            instrument_id=instrument_id,
            defaults={"rule": rule, "every_n": every_n},
        )


@transaction.atomic
def set_schedule(
    actor: User,
    instrument_id: str,
    rule: str,
    every_n: int | None,
    active: bool,
    request: Any = None,
) -> Schedule:
    if registry.get(instrument_id) is None:
        raise ActionError(f"There is no instrument called “{instrument_id}”.")
    if rule not in dict(Schedule.RULES):
        raise ActionError("Choose when the instrument is collected.")
    if rule == Schedule.EVERY_N and (every_n is None or not 1 <= every_n <= 52):
        raise ActionError("Give the number of sessions between collections (1 to 52).")
    schedule, _ = Schedule.objects.update_or_create(
        practice_id=actor.practice_id,
        instrument_id=instrument_id,
        defaults={
            "rule": rule,
            "every_n": every_n if rule == Schedule.EVERY_N else None,
            "active": active,
        },
    )
    record(
        actor=actor,
        action="schedule.set",
        obj=schedule,
        request=request,
        detail={"instrument": instrument_id, "rule": rule, "every_n": every_n, "active": active},
    )
    return schedule


def submit_response(
    actor: User,
    episode: Episode | None,
    instrument_id: str,
    answers: dict[str, Any],
    *,
    session: Session | None = None,
    plan: PracticePlan | None = None,
    log_date: date | None = None,
    request: Any = None,
) -> Submitted:
    """Validate answers against the instrument, score them in the core, and store them.

    A second submission for the same session, instrument and side returns the first one
    (``created`` False) instead of storing a duplicate.
    """
    instrument = registry.get(instrument_id)
    if instrument is None:
        raise ActionError(f"There is no instrument called “{instrument_id}”.")
    role = instrument.respondent
    if episode is None and not (role == "therapist" and instrument.private):
        raise ActionError("This questionnaire must be about an episode of care.")
    if role == "client" and not (
        actor.is_client and episode is not None and episode.client.user_id == actor.pk
    ):
        raise ActionError("Only the client can answer this questionnaire.")
    if role == "therapist" and not actor.is_therapist:
        raise ActionError("Only the therapist can answer this questionnaire.")
    if session is not None and (episode is None or session.episode_id != episode.pk):
        raise ActionError("That session belongs to another episode.")
    errors = validate_answers(instrument, answers)
    if errors:
        raise InvalidAnswers(errors)
    if session is not None:
        existing = Response.objects.filter(
            session=session, instrument_id=instrument_id, respondent_role=role
        ).first()
        if existing is not None:
            return _existing(existing)
    result = score(instrument, answers)
    # Keep the answers as the core read them (whole numbers, trimmed text), not as the form sent them.
    kept = {}
    for item in instrument.items:
        value, _ = coerce_answer(item, answers.get(item.id))
        if value is not None:
            kept[item.id] = value
    try:
        with transaction.atomic():
            response = Response.objects.create(
                episode=episode,
                session=session,
                plan=plan,
                instrument_id=instrument.id,
                instrument_version=str(instrument.version),
                respondent=actor,
                respondent_role=role,
                answers=kept,
                total=result.total,
                subscales=dict(result.subscales),
                severity=result.severity or "",
                complete=result.complete,
                private=bool(instrument.private),
                log_date=log_date,
            )
            alerts = raise_risk_alerts(response, instrument, kept)
            record(
                actor=actor,
                action="response.create",
                obj=response,
                client_id=episode.client_id if episode else None,
                practice_id=episode.client.practice_id if episode else actor.practice_id,
                request=request,
                detail={"instrument": instrument.id},
            )
    except IntegrityError:
        # Two submissions raced past the check above; the database kept exactly one.
        existing = Response.objects.get(
            session=session, instrument_id=instrument_id, respondent_role=role
        )
        return _existing(existing)
    return Submitted(response, True, tuple(alerts))
