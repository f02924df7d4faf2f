"""Making, opening, answering through and withdrawing questionnaire links: one transaction each,
audited. ``create_link`` is the one way a session's link is made (the session page, the command
line, the API and reminder emails all call it), and ``create_follow_up_link`` a check-in's (the
check-in's email), so that every link gets the same checks and audit record. What a check-in's
link opens is asked of the follow-up app through ``tandem.links.purposes``."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.actions import save_practice_settings, site_url
from tandem.accounts.models import User, hash_token
from tandem.audit.chain import record
from tandem.care.models import Client, Episode, Session
from tandem.core.instruments import Instrument
from tandem.errors import ActionError
from tandem.links.models import LinkPolicy, QuestionnaireLink
from tandem.links.purposes import purpose_of
from tandem.measures.actions import Submitted, submit_response
from tandem.measures.due import DueItem, due_for_episodes

OPEN, ANSWERED, EXPIRED, WITHDRAWN, CLOSED = "open", "answered", "expired", "withdrawn", "closed"
POLICY_FIELDS = ("valid_days", "in_reminders")


@dataclass(frozen=True)
class MadeLink:
    link: QuestionnaireLink
    # The whole link, token included: shown once to whoever made it, never stored.
    url: str


def policy_for(practice_id: int) -> LinkPolicy:
    """The practice's link policy, or the defaults (unsaved) if it never set one."""
    return LinkPolicy.objects.filter(practice_id=practice_id).first() or LinkPolicy(
        practice_id=practice_id
    )


def link_url(token: str, request: HttpRequest | None = None) -> str:
    return site_url(request) + reverse("link_open", args=[token])


def find_link(token: str) -> QuestionnaireLink | None:
    if not token or len(token) > 100:
        return None
    return (
        QuestionnaireLink.objects.select_related(
            "practice",
            "user",
            "session__episode__client__user",
            "client__user",
            "follow_up__episode",
        )
        .filter(token_hash=hash_token(token))
        .first()
    )


def due_through(link: QuestionnaireLink) -> list[DueItem]:
    """The client's questionnaires still due for the link's session (the portal's own list);
    empty for a link that opens no session."""
    if link.session is None:
        return []
    episode = link.session.episode
    due = due_for_episodes([episode], respondent="client").get(episode.pk)
    return [d for d in (due.client if due else []) if d.session.pk == link.session_id]


def waiting(link: QuestionnaireLink) -> list[Instrument]:
    """The questionnaires still waiting through ``link``, whatever it opens, in order."""
    purpose = purpose_of(link)
    if purpose is not None:
        return purpose.waiting(link)
    return [d.instrument for d in due_through(link)]


def _login_problem(client: Client, user: User | None) -> str:
    """Why the client has no login to answer with ("" when they have)."""
    if user is None or client.user_id != user.pk:
        return _("The client has no login to answer with: invite them to the portal first.")
    if not user.is_active and user.has_usable_password():
        # A login that was switched off (one never taken up is inactive too, and may answer).
        return _("The client's login is switched off.")
    return ""


def _client_can_answer(episode: Episode, user: User | None) -> str:
    """Why the client cannot answer for this episode now ("" when they can)."""
    problem = _login_problem(episode.client, user)
    if problem:
        return problem
    if episode.status == Episode.PAUSED:
        return _("The client's therapy is not active at the moment, so nothing is due.")
    # An ended episode still has its last session's questionnaires while they are open (the
    # portal's own rule, tandem.measures.due); whoever makes a link checks something waits.
    return ""


def state(link: QuestionnaireLink) -> str:
    """OPEN, or why the link no longer works."""
    if link.revoked_at is not None:
        return WITHDRAWN
    if link.completed_at is not None:
        return ANSWERED
    if link.expires_at <= timezone.now():
        return EXPIRED
    purpose = purpose_of(link)
    if purpose is not None:
        client = link.client
        user = client.user if client.user_id == link.user_id else None
        if _login_problem(client, user) or not purpose.takes_answers(link):
            return CLOSED
        return OPEN
    assert link.session is not None  # the model's constraint: a session, or a purpose
    episode = link.session.episode
    if episode.client_id != link.client_id or _client_can_answer(
        episode, episode.client.user if episode.client.user_id == link.user_id else None
    ):
        return CLOSED
    return OPEN


def _audit(
    actor: object,
    action: str,
    link: QuestionnaireLink,
    request: HttpRequest | None,
    **detail: object,
) -> None:
    record(
        actor=actor,
        action=action,
        obj=link,
        client_id=link.client_id,
        practice_id=link.practice_id,
        request=request,
        detail={
            **(
                {"follow_up": link.follow_up_id}
                if link.follow_up_id is not None
                else {"session": link.session_id}
            ),
            **detail,
        },
    )


def _holder(request: HttpRequest | None) -> object:
    """Who holds a link, for the audit trail: whoever the request is (usually nobody signed in)."""
    return getattr(request, "user", None) or AnonymousUser()


def open_links(links: QuerySet[QuestionnaireLink]) -> QuerySet[QuestionnaireLink]:
    """Those of ``links`` not yet answered, withdrawn or expired."""
    return links.filter(completed_at=None, revoked_at=None, expires_at__gt=timezone.now())


@transaction.atomic
def create_link(
    actor: User | None,
    session: Session,
    *,
    via: str,
    request: HttpRequest | None = None,
    token: str = "",
) -> MadeLink:
    """A new link to the client's questionnaires due for ``session``.

    ``actor`` is the therapist (or the API token's holder); None for the command line and the
    reminder job. Whoever calls must already have checked that ``actor`` may (tandem.policy).
    """
    episode = session.episode
    client = episode.client
    _check_maker(actor, client, via)
    why_not = _client_can_answer(episode, client.user)
    if why_not:
        raise ActionError(why_not)
    return _issue(
        actor,
        client,
        via=via,
        request=request,
        session=session,
        token=token,
        nothing_waiting=_(
            "Nothing is waiting for the client for session %(number)s: its questionnaires are "
            "answered, none is collected at this session, or a later session was recorded."
        )
        % {"number": session.number},
    )


@transaction.atomic
def create_follow_up_link(
    actor: User | None,
    follow_up: Any,
    *,
    via: str,
    request: HttpRequest | None = None,
    token: str = "",
) -> MadeLink:
    """A new link to a follow-up check-in (a ``tandem.followup.models.FollowUp``), for the
    check-in's email or text. ``actor`` None: Tandem itself. The same checks as a session's link,
    but for an episode that has ended: the check-in must still take answers (its purpose says)."""
    client = follow_up.episode.client
    _check_maker(actor, client, via)
    why_not = _login_problem(client, client.user)
    if why_not:
        raise ActionError(why_not)
    return _issue(
        actor,
        client,
        via=via,
        request=request,
        follow_up=follow_up,
        token=token,
        nothing_waiting=_("The check-in is answered or closed: there is nothing to link to."),
    )


def _check_maker(actor: User | None, client: Client, via: str) -> None:
    """A known way of making a link, by someone of the client's own practice (or Tandem)."""
    if via not in dict(QuestionnaireLink.VIA):
        raise ActionError(_("Unknown way of making a link: “%(via)s”.") % {"via": via})
    if actor is not None and actor.practice_id != client.practice_id:
        raise ActionError(_("This client belongs to another practice."))


def _issue(
    actor: User | None,
    client: Client,
    *,
    via: str,
    request: HttpRequest | None,
    nothing_waiting: str,
    session: Session | None = None,
    follow_up: Any = None,
    token: str = "",
) -> MadeLink:
    assert client.user is not None  # checked by the caller
    # A caller may give the token (a text that may need sending again with the same link).
    token = token or secrets.token_urlsafe(32)
    link = QuestionnaireLink(
        practice_id=client.practice_id,
        client=client,
        session=session,
        follow_up=follow_up,
        user=client.user,
        token_hash=hash_token(token),
        via=via,
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=policy_for(client.practice_id).valid_days),
    )
    if state(link) != OPEN or not waiting(link):
        raise ActionError(nothing_waiting)
    link.save()
    _audit(actor, "link.create", link, request, via=via)
    return MadeLink(link, link_url(token, request))


@transaction.atomic
def revoke_link(
    actor: User | None,
    link: QuestionnaireLink,
    request: HttpRequest | None = None,
    *,
    why: str = "",
    reason: str = "",
) -> bool:
    """Withdraw a link; False when it had already stopped working (nothing to withdraw).

    ``why`` is kept on the link, for its page to tell the client (one of
    ``QuestionnaireLink.REVOKED_REASONS``): staff withdrawing it need not say, but Tandem itself
    (``actor`` None) must, since only the caller knows. ``reason`` is Tandem's own words for the
    audit trail."""
    why = why or (QuestionnaireLink.BY_STAFF if actor is not None else "")
    if why not in dict(QuestionnaireLink.REVOKED_REASONS):
        raise ValueError(f"Withdrawing a link needs a known reason, not {why!r}")
    now = timezone.now()
    changed = QuestionnaireLink.objects.filter(
        pk=link.pk, revoked_at=None, completed_at=None, expires_at__gt=now
    ).update(revoked_at=now, revoked_by=actor, revoked_reason=why)
    if changed:
        link.revoked_at, link.revoked_by, link.revoked_reason = now, actor, why
        _audit(
            actor, "link.revoke", link, request, why=why, **({"reason": reason} if reason else {})
        )
    return bool(changed)


@transaction.atomic
def open_link(link: QuestionnaireLink, request: HttpRequest | None = None) -> list[Instrument]:
    """Someone opened the link: what is waiting through it, and the record that it was opened. A
    link with nothing left to answer (answered in the portal meanwhile) is used up here."""
    due = waiting(link)
    now = timezone.now()
    changes: dict[str, object] = {}
    if link.opened_at is None:
        changes["opened_at"] = now
    if not due:
        changes["completed_at"] = now
    if changes:
        QuestionnaireLink.objects.filter(pk=link.pk).update(**changes)
        for name, value in changes.items():
            setattr(link, name, value)
    _audit(_holder(request), "link.open", link, request, waiting=len(due))
    return due


def saw_support(link: QuestionnaireLink, request: HttpRequest | None = None) -> None:
    """The crisis page was shown through the link (after a risk answer, or asked for)."""
    _audit(_holder(request), "link.support.view", link, request)


def answer_through_link(
    link: QuestionnaireLink,
    instrument_id: str,
    answers: Mapping[str, object],
    request: HttpRequest | None = None,
) -> Submitted:
    """Save the client's answers given through ``link``, exactly as the portal saves them (risk
    alerts included); the link is used up when nothing is left to answer through it."""
    with transaction.atomic():
        # One answer at a time per link, so that "is anything left" is read after the last one.
        fresh = QuestionnaireLink.objects.select_for_update().filter(pk=link.pk).first()
        if fresh is None or state(link) != OPEN or fresh.revoked_at or fresh.completed_at:
            raise ActionError(_("This link no longer works; nothing was saved."))
        if instrument_id not in {i.id for i in waiting(link)}:
            raise ActionError(
                _("This questionnaire is not waiting for an answer through this link.")
            )
        purpose = purpose_of(link)
        if purpose is not None:
            submitted = purpose.answer(link, instrument_id, answers, request)
        else:
            assert link.session is not None  # the model's constraint: a session, or a purpose
            submitted = submit_response(
                link.user,
                link.session.episode,
                instrument_id,
                answers,
                session=link.session,
                request=request,
            )
        complete = not waiting(link)
        if complete:
            link.completed_at = timezone.now()
            QuestionnaireLink.objects.filter(pk=link.pk).update(completed_at=link.completed_at)
        _audit(
            _holder(request),
            "link.answer",
            link,
            request,
            instrument=instrument_id,
            complete=complete,
            saved=submitted.created,
        )
    return submitted


@transaction.atomic
def save_link_policy(
    actor: User, data: Mapping[str, object], request: HttpRequest | None = None
) -> LinkPolicy:
    return save_practice_settings(
        LinkPolicy, POLICY_FIELDS, actor, data, "practice.links.update", request
    )
