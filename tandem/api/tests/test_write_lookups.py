"""The fixed-SQL lookups behind API writes agree with the permission policy, person by person."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from tandem import policy
from tandem.api import queries
from tandem.api.tests.conftest import PHQ9_ANSWERS
from tandem.care.models import Episode, Session

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
                found = queries.editable_episode(user, episode.pk)
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
                    got = queries.editable_session(user, episode.pk, session.pk)
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
        queries.editable_episode(people.therapist, 10**9)
    with pytest.raises(Http404):
        queries.editable_session(people.therapist, 10**9, people.session.pk)


def _statements(run: Any) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        run()
    # Savepoints belong to the test's own transaction: a request in production has none.
    return [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]


def test_each_lookup_is_one_query(people):
    user, episode = people.client_user, people.episode.pk
    assert len(_statements(lambda: queries.editable_episode(user, episode))) == 1
    assert len(_statements(lambda: queries.editable_session(user, episode, people.session.pk))) == 1
    # Only a session outside the episode costs a second query, to tell the two 404s apart.
    elsewhere = Episode.objects.get(client=people.other_client)
    other = Session.objects.create(episode=elsewhere, number=1, date="2026-01-05")
    assert len(_statements(lambda: queries.editable_session(user, episode, other.pk))) == 2


# Statements per API submission. Without a risk answer: the token and its user, the lookup, then
# the response and its audit record (one statement on PostgreSQL, two on SQLite). With one (PHQ-9
# item 9 above "not at all"), on either database: the token, the lookup, the response, the alert,
# its audit record, the therapist to notify, the response's audit record.
SUBMISSION_STATEMENTS = {
    ("postgresql", False): 3,
    ("sqlite", False): 4,
    ("postgresql", True): 7,
    ("sqlite", True): 7,
}


@pytest.mark.parametrize("with_session", [True, False])
@pytest.mark.parametrize("risk", [False, True])
def test_an_api_submission_costs_the_same_number_of_statements(people, api_as, with_session, risk):
    api = api_as(people.client_user)
    api.get("/instruments")  # the token's use is noted on its first request of the minute
    answers = PHQ9_ANSWERS | {"q9": 2 if risk else 0}
    body: dict[str, Any] = {"instrument": "phq9", "episode": people.episode.pk, "answers": answers}
    if with_session:
        body["session"] = people.session.pk
    sent: list[Any] = []
    statements = _statements(lambda: sent.append(api.post("/responses", body)))
    assert sent[0].status_code == 201, sent[0].json()
    assert len(statements) == SUBMISSION_STATEMENTS[connection.vendor, risk], statements
    reads_the_episode = [sql for sql in statements if "FROM" in sql and "care_episode" in sql]
    assert len(reads_the_episode) == 1
