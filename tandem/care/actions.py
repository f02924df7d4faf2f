"""Side effects for clients and their care: each function is one transaction and is audited."""

from __future__ import annotations

from datetime import date
from typing import TypedDict

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Model
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.actions import invite_person
from tandem.accounts.mail import SentInvitation
from tandem.accounts.models import Invitation, User
from tandem.audit.chain import record
from tandem.care.models import (
    PROBLEM_CHOICES,
    Client,
    Episode,
    EpisodeEvent,
    Goal,
    PracticePlan,
    Session,
)
from tandem.errors import ActionError
from tandem.measures import display
from tandem.measures.models import Response
from tandem.safety.models import RiskAlert
from tandem.web import dates
from tandem.web.words import kept_together


def _audit(
    actor: User,
    action: str,
    obj: Model,
    client: Client,
    request: HttpRequest | None = None,
    **detail: object,
) -> None:
    record(
        actor=actor,
        action=action,
        obj=obj,
        client_id=client.pk,
        practice_id=client.practice_id,
        request=request,
        detail=detail or None,
    )


@transaction.atomic
def add_client(
    therapist: User, display_name: str, email: str = "", request: HttpRequest | None = None
) -> tuple[Client, SentInvitation | None]:
    """A therapist takes on a new client: the client record, a first episode, and an invitation."""
    display_name = display_name.strip()
    if not display_name:
        raise ActionError(_("Please give the client's name."))
    assert therapist.practice_id is not None  # role_required admits only people of a practice
    client = Client.objects.create(
        practice_id=therapist.practice_id, display_name=display_name, therapist=therapist
    )
    _audit(therapist, "client.create", client, client, request)
    open_episode(therapist, client, request=request)
    sent = invite_client(therapist, client, email, request=request) if email.strip() else None
    return client, sent


@transaction.atomic
def invite_client(
    actor: User, client: Client, email: str, request: HttpRequest | None = None
) -> SentInvitation:
    """Invite a client to the portal.

    Every address gets the same answer, so that this form cannot tell a therapist who has an
    account with another practice (or who else is a client here): an address that cannot be
    linked to this client gets a blank invitation (see ``invite_person``), and its owner a note.
    A client who has signed up already keeps their account; nothing here touches its password.
    """
    from tandem.accounts.actions import can_join_as_client, normal_email

    email = normal_email(email)
    current = client.user
    if current is not None and current.has_usable_password():
        if current.email == email:
            raise ActionError(
                _(
                    "%(name)s has a portal login already and signs in with it. A forgotten "
                    "password can be reset from the sign-in page."
                )
                % {"name": kept_together(client.display_name)}
            )
        raise ActionError(
            _("%(name)s has a portal login already, with another address.")
            % {"name": kept_together(client.display_name)}
        )
    if current is not None and current.email != email:
        # A login that was never taken up gives way to the new address. It is deleted, with its
        # invitations: kept, it would hold the client's name and old address linked to nothing,
        # and erasing the client would leave it behind.
        client.user = None
        client.save(update_fields=["user"])
        if not current.is_active and not current.is_staff_member:
            current.delete()
        else:
            Invitation.objects.filter(user=current, accepted_at=None, revoked_at=None).update(
                revoked_at=timezone.now()
            )
    existing = User.objects.filter(email=email).first()
    linkable = existing is None or (
        can_join_as_client(existing, client.practice)
        and not Client.objects.filter(user=existing).exclude(pk=client.pk).exists()
        and not existing.has_usable_password()
    )
    sent = invite_person(
        actor,
        client.practice,
        email,
        "client",
        full_name=client.display_name,
        request=request,
        blank=not linkable,
    )
    if sent.invitation is not None and sent.invitation.user is not None:
        client.user = sent.invitation.user
        client.save(update_fields=["user"])
    return sent


@transaction.atomic
def assign_client(
    actor: User, client: Client, therapist: User, request: HttpRequest | None = None
) -> None:
    if therapist.practice_id != client.practice_id or not therapist.is_therapist:
        raise ActionError(_("Choose a therapist in this practice."))
    client.therapist = therapist
    client.save(update_fields=["therapist"])
    episode = client.current_episode()
    if episode is not None and episode.therapist_id != therapist.pk:
        episode.therapist = therapist
        episode.save(update_fields=["therapist"])
    _audit(actor, "client.assign", client, client, request, therapist=therapist.pk)


@transaction.atomic
def open_episode(therapist: User, client: Client, request: HttpRequest | None = None) -> Episode:
    """Start a new episode of care; earlier episodes and their history are kept."""
    if client.episodes.exclude(status=Episode.ENDED).exists():
        raise ActionError(
            _("This client already has an open episode. End it before starting a new one.")
        )
    number = (client.episodes.aggregate(n=Max("number"))["n"] or 0) + 1
    episode = Episode.objects.create(client=client, therapist=therapist, number=number)
    EpisodeEvent.objects.create(episode=episode, kind="opened", by=therapist)
    if client.therapist_id is None:
        client.therapist = therapist
        client.save(update_fields=["therapist"])
    _audit(therapist, "episode.open", episode, client, request, number=number)
    return episode


@transaction.atomic
def record_session(
    actor: User, episode: Episode, when: date, attendance: str, request: HttpRequest | None = None
) -> Session:
    if episode.status == Episode.ENDED:
        raise ActionError(_("This episode has ended; open a new episode to record sessions."))
    if attendance not in dict(Session.ATTENDANCE_CHOICES):
        raise ActionError(_("Choose attended, cancelled or no-show."))
    check_session_date(episode, when)
    number = (episode.sessions.aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            session = Session.objects.create(
                episode=episode, number=number, date=when, attendance=attendance, created_by=actor
            )
    except IntegrityError:
        raise ActionError(
            _("Another session was recorded at the same moment; please try again.")
        ) from None
    _audit(actor, "session.create", session, episode.client, request, attendance=attendance)
    return session


class SessionDateError(ActionError):
    """A session date outside its episode; the API names the field it belongs to."""

    field = "date"


def day_label(value: date) -> str:
    """A date as the pages show it: 3 Mar (3 Mar 2025 in another year)."""
    return dates.day(value)


def check_session_date(episode: Episode, when: date) -> None:
    """A session happens within its episode: not before it began, not after it ended, not later
    than today."""
    if when < episode.started_on:
        raise SessionDateError(
            _(
                "This episode began on %(began)s, so a session in it cannot be dated %(date)s. "
                "Choose %(began)s or later."
            )
            % {"began": day_label(episode.started_on), "date": day_label(when)}
        )
    if episode.ended_on and when > episode.ended_on:
        raise SessionDateError(
            _("This episode ended on %(ended)s, so a session in it cannot be dated %(date)s.")
            % {"ended": day_label(episode.ended_on), "date": day_label(when)}
        )
    if when > timezone.localdate():
        raise SessionDateError(_("The session date cannot be in the future."))


class SessionGone(ActionError):
    """The session was deleted between opening the page and sending the form."""


def _locked_session(pk: int) -> Session:
    """The session, locked for the change; an error that says so if it was deleted meanwhile."""
    session = Session.objects.select_for_update().filter(pk=pk).first()
    if session is None:
        raise SessionGone(
            _(
                "This session had already been deleted (perhaps in another window), so nothing "
                "was changed."
            )
        )
    return session


def _renumber(episode: Episode) -> dict[int, int]:
    """Number the episode's sessions 1, 2, 3 … in date order (same day: the order they were
    recorded). Their answers stay attached to them, so the scores move with the session.
    Returns {session id: new number} for the sessions whose number changed."""
    sessions = list(Session.objects.filter(episode=episode).order_by("date", "number", "pk"))
    wanted = {s.pk: n for n, s in enumerate(sessions, start=1)}
    changed = {s.pk: wanted[s.pk] for s in sessions if s.number != wanted[s.pk]}
    if changed:
        # Two steps, so no two sessions ever share a number (a unique constraint guards it).
        Session.objects.filter(pk__in=changed).update(number=F("number") + 1_000_000)
        for pk, number in changed.items():
            Session.objects.filter(pk=pk).update(number=number)
    return changed


@transaction.atomic
def correct_session_date(
    actor: User, session_pk: int, when: date, reason: str, request: HttpRequest | None = None
) -> Session:
    """Correct a session's date, with the reason. The session's answers and scores stay with it;
    if the new date moves it before or after another session, the sessions are renumbered in
    date order."""
    session = _locked_session(session_pk)
    episode = Episode.objects.select_related("client").get(pk=session.episode_id)
    reason = reason.strip()
    if not reason:
        raise ActionError(_("Please say why the date is being corrected; it goes in the record."))
    check_session_date(episode, when)
    if when == session.date:
        raise SessionDateError(
            _("Session %(number)s is already dated %(date)s.")
            % {"number": session.number, "date": day_label(when)}
        )
    before, number_before = session.date, session.number
    Session.objects.filter(pk=session.pk).update(date=when)
    renumbered = _renumber(episode)
    session.refresh_from_db()
    _audit(
        actor,
        "session.correct",
        session,
        episode.client,
        request,
        date_before=before.isoformat(),
        date_after=when.isoformat(),
        number_before=number_before,
        number_after=session.number,
        renumbered=len(renumbered),
        reason=reason,
    )
    return session


class AnswerInSession(TypedDict):
    instrument: str
    title: str
    role: str
    total: float | None


class SessionContents(TypedDict):
    answers: list[AnswerInSession]
    risk_alerts: int
    transcripts: int


def session_contents(session: Session) -> SessionContents:
    """What deleting a session takes with it, for the confirmation and the audit record."""
    responses = list(Response.objects.filter(session=session).order_by("submitted_at", "id"))
    return {
        "answers": [
            {
                "instrument": r.instrument_id,
                "title": display.title(r.instrument_id),
                "role": r.respondent_role,
                "total": r.total,
            }
            for r in responses
        ],
        "risk_alerts": RiskAlert.objects.filter(response__in=responses).count(),
        "transcripts": session.transcript_analyses.count(),
    }


@transaction.atomic
def delete_session(
    actor: User, session_pk: int, reason: str, request: HttpRequest | None = None
) -> Episode:
    """Delete a session recorded in error, with its answers (their scores leave the charts); the
    later sessions move up one number. A session whose answers raised a risk alert is kept:
    the alert is part of the safety record."""
    session = _locked_session(session_pk)
    episode = Episode.objects.select_related("client").get(pk=session.episode_id)
    reason = reason.strip()
    if not reason:
        raise ActionError(_("Please say why the session is being deleted; it goes in the record."))
    contents = session_contents(session)
    if contents["risk_alerts"]:
        raise ActionError(
            _(
                "Session %(number)s cannot be deleted: its answers raised a risk alert, which "
                "stays in the safety record. If only its date is wrong, correct the date."
            )
            % {"number": session.number}
        )
    _audit(
        actor,
        "session.delete",
        session,
        episode.client,
        request,
        number=session.number,
        date=session.date.isoformat(),
        attendance=session.attendance,
        answers=[
            {"instrument": a["instrument"], "role": a["role"], "total": a["total"]}
            for a in contents["answers"]
        ],
        transcripts=contents["transcripts"],
        reason=reason,
    )
    session.delete()
    _renumber(episode)
    return episode


def _change_status(
    actor: User,
    episode: Episode,
    kind: str,
    new_status: str,
    note: str,
    request: HttpRequest | None,
    **fields: object,
) -> Episode:
    Episode.objects.filter(pk=episode.pk).update(status=new_status, **fields)
    episode.refresh_from_db()
    EpisodeEvent.objects.create(episode=episode, kind=kind, note=note.strip(), by=actor)
    _audit(actor, f"episode.{kind}", episode, episode.client, request)
    return episode


@transaction.atomic
def pause_episode(
    actor: User, episode: Episode, note: str = "", request: HttpRequest | None = None
) -> Episode:
    if episode.status != Episode.ACTIVE:
        raise ActionError(_("Only an active episode can be paused."))
    return _change_status(
        actor, episode, "paused", Episode.PAUSED, note, request, pause_requested_at=None
    )


@transaction.atomic
def resume_episode(
    actor: User, episode: Episode, note: str = "", request: HttpRequest | None = None
) -> Episode:
    if episode.status != Episode.PAUSED:
        raise ActionError(_("Only a paused episode can be resumed."))
    return _change_status(actor, episode, "resumed", Episode.ACTIVE, note, request)


@transaction.atomic
def end_episode(
    actor: User,
    episode: Episode,
    reason: str,
    note: str = "",
    when: date | None = None,
    request: HttpRequest | None = None,
) -> Episode:
    if episode.status == Episode.ENDED:
        raise ActionError(_("This episode has already ended."))
    if reason not in dict(Episode.END_REASONS):
        raise ActionError(_("Choose how the episode ended."))
    return _change_status(
        actor,
        episode,
        "ended",
        Episode.ENDED,
        note,
        request,
        end_reason=reason,
        end_note=note.strip(),
        ended_on=when or timezone.localdate(),
        pause_requested_at=None,
    )


@transaction.atomic
def set_problem(
    actor: User, episode: Episode, problem: str, request: HttpRequest | None = None
) -> Episode:
    """Set or change the episode's problem descriptor (which anxiety measure is paired with the
    PHQ-9 in the outcome figures and alerts). One audit record with the old and new value; no
    record when nothing changes."""
    if problem not in dict(PROBLEM_CHOICES):
        raise ActionError(_("Choose the main problem from the list."))
    before = (
        Episode.objects.select_for_update().values_list("problem", flat=True).get(pk=episode.pk)
    )
    if before == problem:
        episode.problem = problem
        return episode
    Episode.objects.filter(pk=episode.pk).update(problem=problem)
    episode.problem = problem
    _audit(actor, "episode.problem", episode, episode.client, request, before=before, after=problem)
    return episode


@transaction.atomic
def request_pause(
    client_user: User, episode: Episode, note: str = "", request: HttpRequest | None = None
) -> Episode:
    """The client asks to pause; the therapist sees the request and decides with them."""
    if episode.status != Episode.ACTIVE:
        raise ActionError(
            _("Your therapy is not active at the moment, so there is nothing to pause.")
        )
    Episode.objects.filter(pk=episode.pk).update(
        pause_requested_at=timezone.now(), pause_request_note=note.strip()
    )
    episode.refresh_from_db()
    EpisodeEvent.objects.create(
        episode=episode, kind="pause_requested", note=note.strip(), by=client_user
    )
    _audit(client_user, "episode.pause_request", episode, episode.client, request)
    return episode


@transaction.atomic
def add_goal(actor: User, episode: Episode, text: str, request: HttpRequest | None = None) -> Goal:
    text = text.strip()
    if not text:
        raise ActionError(_("Please write the goal."))
    goal = Goal.objects.create(episode=episode, text=text, created_by=actor)
    _audit(actor, "goal.create", goal, episode.client, request)
    return goal


class GoalConflict(ActionError):
    """The goal changed since the editor opened it (optimistic locking)."""


@transaction.atomic
def update_goal(
    actor: User,
    goal: Goal,
    *,
    version: int,
    text: str | None = None,
    status: str | None = None,
    progress: int | None = None,
    request: HttpRequest | None = None,
) -> Goal:
    """Save an edit only if nobody changed the goal since the editor opened it."""
    changes: dict[str, object] = {"updated_at": timezone.now(), "version": F("version") + 1}
    if text is not None:
        if not text.strip():
            raise ActionError(_("Please write the goal."))
        changes["text"] = text.strip()
    if status is not None:
        if status not in dict(Goal.STATUS_CHOICES):
            raise ActionError(_("Choose a status for the goal."))
        changes["status"] = status
    if progress is not None:
        if not 0 <= progress <= 10:
            raise ActionError(_("Progress is a number from 0 to 10."))
        changes["progress"] = progress
    updated = Goal.objects.filter(pk=goal.pk, version=version).update(**changes)
    if not updated:
        raise GoalConflict(
            _(
                "Someone else changed this goal while you were editing it. The latest version "
                "is in the form; what you typed is kept beside it, so nothing is lost."
            )
        )
    goal.refresh_from_db()
    _audit(actor, "goal.update", goal, goal.episode.client, request)
    return goal


@transaction.atomic
def save_plan(
    actor: User,
    episode: Episode,
    title: str,
    description: str = "",
    how_often: str = "",
    request: HttpRequest | None = None,
) -> PracticePlan:
    title = title.strip()
    if not title:
        raise ActionError(_("Please give the practice a short name."))
    plan = PracticePlan.objects.create(
        episode=episode,
        title=title,
        description=description.strip(),
        how_often=how_often.strip(),
        created_by=actor,
    )
    _audit(actor, "plan.create", plan, episode.client, request)
    return plan


@transaction.atomic
def set_plan_active(
    actor: User, plan: PracticePlan, active: bool, request: HttpRequest | None = None
) -> None:
    plan.active = active
    plan.save(update_fields=["active"])
    _audit(actor, "plan.update", plan, plan.episode.client, request, active=active)


@transaction.atomic
def set_sharing(
    client_user: User,
    client: Client,
    *,
    share_with_supervisor: bool,
    reminders: bool,
    request: HttpRequest | None = None,
) -> None:
    client.share_with_supervisor = share_with_supervisor
    client.reminders = reminders
    client.save(update_fields=["share_with_supervisor", "reminders"])
    _audit(
        client_user,
        "client.sharing",
        client,
        client,
        request,
        share_with_supervisor=share_with_supervisor,
        reminders=reminders,
    )
