"""Recording answers and setting what a practice collects: one transaction each, audited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from tandem.accounts.models import Practice, User
from tandem.audit.chain import audit_event, events_table, record, recorded
from tandem.care.models import Episode, PracticePlan, Session
from tandem.core import schedule as schedule_rules
from tandem.core.instruments import Instrument, languages, risk_signals, score, validate_answers
from tandem.core.instruments.scoring import coerce_answer
from tandem.db.rows import Table, insert_pair
from tandem.errors import ActionError
from tandem.measures import registry, wording
from tandem.measures.entry import enterable
from tandem.measures.models import Response, Schedule
from tandem.measures.respondent import client_login
from tandem.policy import can_enter_answers, can_view_response
from tandem.safety.actions import raise_risk_alerts
from tandem.safety.models import RiskAlert


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
    risk_alerts: tuple[RiskAlert, ...] = ()

    @property
    def needs_support_page(self) -> bool:
        return bool(self.risk_alerts)


class HiddenRepeat(ActionError):
    """A repeat submission whose stored answer the caller may not read (issue 16.2)."""


class AlreadyAnswered(ActionError):
    """Answers entered for a client for a session that already has that questionnaire from them:
    the stored answers stay as they are and nothing new is saved (issue 19.5)."""


# How answers given outside Tandem may be entered for the client (Response.SELF aside).
ENTRY_METHODS = dict(Response.ENTERED_WAYS)
# ...and every way answers reach Tandem for the client through someone else's login: those, and
# the device handed to them in the room (``tandem.room.actions.answer`` alone passes it).
FOR_THE_CLIENT = {*ENTRY_METHODS, Response.ROOM}


def _existing(response: Response) -> Submitted:
    return Submitted(response, False, tuple(response.risk_alerts.all()))


@cache
def _responses() -> Table[Response]:
    return Table(Response, "r")


def install_default_schedule(practice: Practice) -> None:
    for instrument_id, timepoints, every_n in registry.DEFAULT_SCHEDULE:
        Schedule.objects.get_or_create(
            practice=practice,
            instrument_id=instrument_id,
            defaults={"timepoints": list(timepoints), "every_n": every_n},
        )


@transaction.atomic
def set_schedule(
    actor: User,
    instrument_id: str,
    timepoints: Sequence[str],
    every_n: int | None,
    active: bool,
    request: HttpRequest | None = None,
) -> Schedule:
    """Set when the practice collects an instrument: its named timepoints (tandem.core.schedule)."""
    if registry.get(instrument_id) is None:
        raise ActionError(
            _("There is no instrument called “%(instrument)s”.") % {"instrument": instrument_id}
        )
    try:
        chosen = schedule_rules.check(timepoints, every_n, allow_none=not active)
    except ValueError:
        if "every_n" in timepoints:
            raise ActionError(
                _("Give the number of sessions between collections (1 to 52).")
            ) from None
        raise ActionError(_("Choose when the instrument is collected.")) from None
    if "every_n" in chosen and (every_n is None or not 1 <= every_n <= 52):
        raise ActionError(_("Give the number of sessions between collections (1 to 52)."))
    assert actor.practice_id is not None  # role_required admits only people of a practice
    schedule, _created = Schedule.objects.update_or_create(
        practice_id=actor.practice_id,
        instrument_id=instrument_id,
        defaults={
            "timepoints": list(chosen),
            "every_n": every_n if "every_n" in chosen else None,
            "active": active,
        },
    )
    record(
        actor=actor,
        action="schedule.set",
        obj=schedule,
        request=request,
        detail={
            "instrument": instrument_id,
            "timepoints": list(chosen),
            "every_n": every_n,
            "active": active,
        },
    )
    return schedule


def _respondent(actor: User, episode: Episode | None, role: str, entered: bool) -> User | None:
    """Whose answers these are: the client's login once they have taken it up
    (tandem.measures.respondent), whoever brought them in. A client answering for themselves is
    the episode's own client (checked by the caller), so their login is ``actor``; no query."""
    if episode is None:
        return actor
    if entered:
        return client_login(episode.client)
    if role == "client":
        return actor if actor.has_usable_password() else None
    return actor


def submit_response(
    actor: User,
    episode: Episode | None,
    instrument_id: str,
    answers: Mapping[str, object],
    *,
    session: Session | None = None,
    plan: PracticePlan | None = None,
    log_date: date | None = None,
    method: str = Response.SELF,
    language: str | None = None,
    request: HttpRequest | None = None,
) -> Submitted:
    """Validate answers against the instrument, score them in the core, and store them.

    A second submission for the same session, instrument and side returns the first one
    (``created`` False) instead of storing a duplicate.

    ``method`` other than ``Response.SELF``: the client gave these answers on paper, by phone or
    aloud, and ``actor``, their therapist, enters them for that session; or (``Response.ROOM``)
    the client typed them on ``actor``'s device, handed to them in the session. The client stays
    the respondent (``tandem.measures.respondent``: their login once they have taken one up,
    else empty, whether or not they have been invited); the response records who entered it and
    how. A session that already has the questionnaire from the client refuses them
    (``AlreadyAnswered``), unless it is this same entry sent twice.

    ``language`` is the language the questions were shown in; by default the one the form of
    this request shows (``tandem.measures.wording``: the page's language when the instrument
    has it, else the instrument's own), which is what every page that renders the form wants.
    """
    instrument = registry.get(instrument_id)
    if instrument is None:
        raise ActionError(
            _("There is no instrument called “%(instrument)s”.") % {"instrument": instrument_id}
        )
    role = instrument.respondent
    if episode is None and not (role == "therapist" and instrument.private):
        raise ActionError(_("This questionnaire must be about an episode of care."))
    entered = method != Response.SELF
    if entered:
        _check_entry(actor, episode, instrument, method, session, plan)
        assert episode is not None  # _check_entry refuses answers about no episode
    elif role == "client" and not (
        actor.is_client and episode is not None and episode.client.user_id == actor.pk
    ):
        raise ActionError(_("Only the client can answer this questionnaire."))
    if role == "therapist" and not actor.is_therapist:
        raise ActionError(_("Only the therapist can answer this questionnaire."))
    if session is not None and (episode is None or session.episode_id != episode.pk):
        raise ActionError(_("That session belongs to another episode."))
    if language is None:
        language = wording.shown(instrument).language
    elif language not in languages(instrument):
        raise ActionError(
            _("The %(measure)s has no wording in “%(language)s” (it has %(languages)s).")
            % {
                "measure": instrument.short_title,
                "language": language,
                "languages": ", ".join(languages(instrument)),
            }
        )
    errors = validate_answers(instrument, answers)
    if errors:
        raise InvalidAnswers(errors)
    # A repeat for the same session is not looked for first: the database's unique constraint
    # (one response per session, instrument and side) finds it, and the common case, a first
    # submission, costs one query less.
    result = score(instrument, answers)
    # Keep the answers as the core read them (whole numbers, trimmed text), not as the form sent them.
    kept = {}
    for item in instrument.items:
        value, _kind = coerce_answer(item, answers.get(item.id))
        if value is not None:
            kept[item.id] = value
    response = Response(
        episode=episode,
        session=session,
        plan=plan,
        instrument_id=instrument.id,
        instrument_version=str(instrument.version),
        # A client's answers are the client's own, whoever typed them: their login once they
        # have taken it up, else none yet (tandem.measures.respondent). That covers answers
        # given through a personal link with a login not yet taken up, too.
        respondent=_respondent(actor, episode, role, entered),
        respondent_role=role,
        answers=kept,
        total=result.total,
        subscales=dict(result.subscales),
        severity=result.severity or "",
        complete=result.complete,
        private=bool(instrument.private),
        log_date=log_date,
        entry_method=method,
        entered_by=actor if entered else None,
        language=language,
    )
    audit = audit_event(
        actor=actor,
        action=("response.room" if method == Response.ROOM else "response.enter")
        if entered
        else "response.create",
        obj=response,
        client_id=episode.client_id if episode else None,
        practice_id=episode.client.practice_id if episode else actor.practice_id,
        request=request,
        detail={"instrument": instrument.id, "method": method}
        if entered
        else {"instrument": instrument.id},
    )
    alerts: list[RiskAlert] = []
    signals = risk_signals(instrument, kept)
    try:
        if connection.vendor == "postgresql" and not signals:
            # The common case, answers with no risk signal (raise_risk_alerts acts on these
            # signals alone, so it would do nothing): the response and its audit record in one
            # statement, which is its own transaction. A savepoint only inside a caller's
            # transaction, so that a duplicate can be told apart and answered.
            with transaction.atomic() if connection.in_atomic_block else nullcontext():
                insert_pair(_responses(), response, events_table(), audit, "object_id")
            recorded()
        else:
            with transaction.atomic():
                _responses().insert(response)  # fixed SQL: cheaper in CPU than the ORM's insert
                alerts = raise_risk_alerts(response, instrument, kept, signals=signals)
                audit.object_id = str(response.pk)
                events_table().insert(audit)
                recorded()
    except IntegrityError:
        # This session already has this questionnaire from this side (sent twice, or two sends
        # racing): the database kept exactly one, and that one is the answer.
        existing = Response.objects.filter(
            session=session, instrument_id=instrument_id, respondent_role=role
        ).first()
        if session is None or existing is None:
            raise
        if entered and not _same_entry(existing, actor, method, kept):
            raise _already_answered(existing, instrument, session) from None
        # A repeat answers only with what the caller may read (issue 16.2: after a client is
        # reassigned, the new therapist must not get the previous therapist's private
        # reflection back), and is audited like any other read of the client's record.
        readable = can_view_response(actor, existing)
        record(
            actor=actor,
            action="response.repeat",
            obj=existing,
            client_id=episode.client_id if episode else None,
            practice_id=episode.client.practice_id if episode else actor.practice_id,
            request=request,
            detail={"instrument": instrument.id, "shown": readable},
        )
        if not readable:
            raise HiddenRepeat(
                f"This session already has a {instrument.short_title} from the "
                f"{role}'s side, written by someone else; it is not shown to you and nothing "
                "new was saved."
            ) from None
        return _existing(existing)
    return Submitted(response, True, tuple(alerts))


def _check_entry(
    actor: User,
    episode: Episode | None,
    instrument: Instrument,
    method: str,
    session: Session | None,
    plan: PracticePlan | None,
) -> None:
    """May ``actor`` enter these answers for the episode's client, for this session?"""
    if method not in FOR_THE_CLIENT:
        raise ActionError(_("Say how the client gave these answers: on paper, by phone or aloud."))
    if episode is None or not can_enter_answers(actor, episode):
        raise ActionError(_("Only the client's therapist can enter answers for them."))
    if not enterable(instrument) or plan is not None:
        raise ActionError(
            _(
                "The %(measure)s is not one of the client's questionnaires, so it cannot be "
                "entered for them."
            )
            % {"measure": instrument.short_title}
        )
    if session is None:
        raise ActionError(_("Say which session these answers are for."))


def _same_entry(existing: Response, actor: User, method: str, kept: Mapping[str, object]) -> bool:
    """The same entry sent twice (a double click): the same person, way and answers."""
    return (
        existing.entered_by_id == actor.pk
        and existing.entry_method == method
        and existing.answers == dict(kept)
    )


def _already_answered(
    existing: Response, instrument: Instrument, session: Session
) -> AlreadyAnswered:
    values = {
        "session": session.number,
        "measure": instrument.short_title,
        "day": date_format(timezone.localdate(existing.submitted_at), "j M Y"),
        "how": existing.entry_words,
    }
    if existing.entry_method == Response.SELF:
        said = _(
            "Session %(session)s already has a %(measure)s from the client (they answered it in "
            "Tandem on %(day)s). Their answers are kept as they are, and these were not saved."
        )
    else:
        said = _(
            "Session %(session)s already has a %(measure)s from the client (entered %(how)s on "
            "%(day)s). Their answers are kept as they are, and these were not saved."
        )
    return AlreadyAnswered(said % values)
