"""What a caller may see, as querysets built on the one permission policy (tandem.policy): the API,
the exports and the imports all read through them."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, NamedTuple, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from tandem import policy
from tandem.accounts.models import User
from tandem.care.models import Client, Episode, Session
from tandem.db.rows import Table, fixed_cursor
from tandem.measures.models import Response
from tandem.transcripts.models import TranscriptAnalysis

M = TypeVar("M", bound=Model)


def is_client_only(user: User) -> bool:
    return bool(user.is_client and not user.is_staff_member)


def clients(user: User) -> QuerySet[Client]:
    """Clinical clients, plus (for a practice admin) the names and assignments they manage."""
    visible = policy.clinical_clients(user).values("pk")
    managed = policy.managed_clients(user).values("pk")
    return Client.objects.filter(Q(pk__in=visible) | Q(pk__in=managed))


def episodes(user: User) -> QuerySet[Episode]:
    return Episode.objects.filter(client__in=policy.clinical_clients(user).values("pk"))


def sessions(user: User) -> QuerySet[Session]:
    return Session.objects.filter(episode__in=episodes(user).values("pk"))


def responses(user: User) -> QuerySet[Response]:
    """The same rule as ``policy.can_view_response``, as one query."""
    if not user.is_authenticated:
        return Response.objects.none()
    own = Q(respondent=user)
    if is_client_only(user):
        return Response.objects.filter(own)
    in_reach = Q(episode__client__in=policy.clinical_clients(user).values("pk"))
    return Response.objects.filter((in_reach & (Q(private=False) | own)) | (own & Q(private=True)))


def transcript_analyses(user: User) -> QuerySet[TranscriptAnalysis]:
    """The transcript analyses a person sent (nobody else sees them), less those attached to a
    session of a client whose record they may no longer read: a transcript on a session is part
    of the client's record."""
    return TranscriptAnalysis.objects.filter(user=user).filter(
        Q(session__isnull=True) | Q(session__episode__client__in=policy.clinical_clients(user))
    )


def get_or_404(queryset: QuerySet[M], pk: int) -> M:
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404("Not found")
    return found


def _may_write(user: User, episode: Episode) -> bool:
    """The write rule for an episode whose client is loaded: a client their own, a therapist one
    they hold (``policy.can_edit_episode``). Whoever may write may also read it."""
    if episode.client.practice_id != user.practice_id or not user.practice_id:
        return False
    if is_client_only(user):
        return bool(episode.client.user_id == user.pk)
    return policy.can_edit_episode(user, episode)


class _WriteLookups(NamedTuple):
    sessions: Table[Session]
    episodes: Table[Episode]
    clients: Table[Client]
    by_episode: str  # an episode's columns, then its client's
    by_session: str  # a session's columns, then its episode's, then the client's


@cache
def _write_lookups() -> _WriteLookups:
    """The fixed SQL that loads an episode (or a session and its episode) with its client.

    Which episodes a caller may write to is decided by ``_may_write`` on the loaded rows, so the
    rule stays the policy's; the SQL only fetches by id, within the caller's practice.
    """
    session, episode, client = Table(Session, "s"), Table(Episode, "e"), Table(Client, "c")
    with_client = (
        f"JOIN {client.table} c ON c.id = e.client_id WHERE e.id = %s AND c.practice_id = %s"
    )
    by_episode = f"SELECT {episode.columns}, {client.columns} FROM {episode.table} e {with_client}"
    by_session = (
        f"SELECT {session.columns}, {episode.columns}, {client.columns} FROM {session.table} s "
        f"JOIN {episode.table} e ON e.id = s.episode_id {with_client} AND s.id = %s"
    )
    return _WriteLookups(session, episode, client, by_episode, by_session)


def _fetch_writable(
    user: User, sql: str, params: list[Any], before: int
) -> tuple[Sequence[Any], Episode] | None:
    """Run one write lookup: its row, and the episode held in it after ``before`` columns, loaded
    with its client. None when there is no row; 404 when the caller may not write to the episode."""
    with fixed_cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    lookups = _write_lookups()
    episode = lookups.episodes.load(row, before)
    episode.client = lookups.clients.load(row, before + len(lookups.episodes))
    if not _may_write(user, episode):
        raise Http404("Not found")
    return row, episode


def editable_episode(user: User, pk: int) -> Episode:
    """An episode the caller may write to: a client their own, a therapist one they hold."""
    found = _fetch_writable(user, _write_lookups().by_episode, [pk, user.practice_id], 0)
    if found is None:
        raise Http404("Not found")
    return found[1]


def editable_session(user: User, episode_pk: int, session_pk: int) -> Session | None:
    """A session of an episode the caller may write to, in one query; None when the episode is
    theirs but the session is not in it. Raises 404 when the episode is not theirs."""
    lookups = _write_lookups()
    params = [episode_pk, user.practice_id, session_pk]
    found = _fetch_writable(user, lookups.by_session, params, len(lookups.sessions))
    if found is None:
        editable_episode(user, episode_pk)  # 404 if the episode is out of reach
        return None
    row, episode = found
    session = lookups.sessions.load(row)
    session.episode = episode
    return session
