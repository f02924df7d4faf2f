"""The fixed-SQL lookups behind API writes agree with the permission policy, person by person."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from tandem import policy
from tandem.care.models import Episode, Session
from tandem.policy import querysets

pytestmark = pytest.mark.django_db


def _policy_may_write(user: Any, episode: Episode) -> bool:
    # The rule as the policy states it, on an episode loaded by the ORM.
    if user.is_client and not user.is_staff_member:
        return bool(
            episode.client.user_id == user.pk and episode.client.practice_id == user.practice_id
        )
    return policy.can_edit_episode(user, episode)


def _everyone(people: Any) -> list[Any]:
    return [
        people.admin,
        people.therapist,
        people.colleague,
        people.supervisor,
        people.outsider,
        people.client_user,
        people.other_client_user,
        people.outsider_client_user,
    ]


def test_it_gives_each_person_exactly_the_episodes_the_policy_lets_them_write_to(people):
    # A second session in every episode, and an episode of the therapist's for another client.
    Episode.objects.create(client=people.other_client, therapist=people.therapist, number=2)
    for episode in Episode.objects.all():
        Session.objects.get_or_create(episode=episode, number=1, defaults={"date": "2026-01-05"})
    episodes = list(Episode.objects.select_related("client"))
    sessions = list(Session.objects.select_related("episode__client"))
    checked = 0
    for user in _everyone(people):
        for episode in episodes:
            allowed = _policy_may_write(user, episode)
            try:
                found = querysets.editable_episode(user, episode.pk)
            except Http404:
                found = None
            assert (found is not None) == allowed, (user.email, episode.pk)
            if found is not None:
                assert found == episode and found.client == episode.client
                assert found.client.display_name == episode.client.display_name
            checked += 1
        for session in sessions:
            for episode in episodes:
                allowed = _policy_may_write(user, episode)
                try:
                    got = querysets.editable_session(user, episode.pk, session.pk)
                except Http404:
                    assert not allowed, (user.email, episode.pk, session.pk)
                    continue
                assert allowed, (user.email, episode.pk, session.pk)
                if session.episode_id == episode.pk:
                    assert got == session and got.episode == episode
                    assert got.date == session.date and got.episode.client == episode.client
                else:
                    assert got is None  # their episode, but not this session's
                checked += 1
    assert checked > 50


def test_it_refuses_an_episode_that_does_not_exist(people):
    with pytest.raises(Http404):
        querysets.editable_episode(people.therapist, 10**9)
    with pytest.raises(Http404):
        querysets.editable_session(people.therapist, 10**9, people.session.pk)


def _statements(run: Any) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        run()
    # Savepoints belong to the test's own transaction: a request in production has none.
    return [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]


def test_each_lookup_is_one_query(people):
    user, episode = people.client_user, people.episode.pk
    assert len(_statements(lambda: querysets.editable_episode(user, episode))) == 1
    assert (
        len(_statements(lambda: querysets.editable_session(user, episode, people.session.pk))) == 1
    )
    # Only a session outside the episode costs a second query, to tell the two 404s apart.
    elsewhere = Episode.objects.get(client=people.other_client)
    other = Session.objects.create(episode=elsewhere, number=1, date="2026-01-05")
    assert len(_statements(lambda: querysets.editable_session(user, episode, other.pk))) == 2
