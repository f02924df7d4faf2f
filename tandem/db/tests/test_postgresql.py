"""Tandem's PostgreSQL backend: a health check with no round trip that still notices a connection
the server ended, and the busiest statements prepared once per connection."""

from __future__ import annotations

import select
import time
from typing import Any

import psycopg
import pytest
from django.db import connection, connections
from django.test import override_settings

from tandem.api.tests.conftest import MIRROR_ANSWERS, PHQ9_ANSWERS, Api, token_for

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Tandem's own PostgreSQL backend: run on PostgreSQL (make test-postgres)",
)


def _server(wrapper: Any) -> psycopg.Connection[Any]:
    """A second connection to the same database, to look at (and end) the first one."""
    params = wrapper.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params, autocommit=True)


@pytest.fixture
def own_connection(db: Any) -> Any:
    """A connection of its own (not the test's, which holds the test's transaction)."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def test_an_idle_connection_is_usable_without_asking_the_server(own_connection: Any) -> None:
    with own_connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), 'the last thing this connection asked'")
        pid = cursor.fetchone()[0]
    assert own_connection.is_usable()
    with _server(own_connection) as other:
        last = other.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()
    # Django's own check would have sent SELECT 1, which would now be the backend's last query.
    assert last is not None and "the last thing this connection asked" in last[0]


def test_a_connection_the_server_ended_is_found_and_replaced(own_connection: Any) -> None:
    with own_connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with _server(own_connection) as other:
        assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]
    # Wait (up to a minute, not a measured time) until the server's goodbye reaches the socket.
    poller = select.poll()
    poller.register(own_connection.connection.fileno(), select.POLLIN)
    deadline = time.monotonic() + 60
    while not poller.poll(100) and time.monotonic() < deadline:
        pass
    assert not own_connection.is_usable()
    # What Django does at the start of a request: the dead connection is closed, a new one made.
    own_connection.health_check_done = False
    own_connection.close_if_health_check_failed()
    with own_connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def _submit(people: Any) -> None:
    api = Api(token_for(people.client_user))
    for instrument, answers in (("phq9", PHQ9_ANSWERS), ("partnership", MIRROR_ANSWERS)):
        body = {
            "instrument": instrument,
            "episode": people.episode.pk,
            "session": people.session.pk,
            "answers": answers,
        }
        assert api.post("/responses", body).status_code == 201


def test_a_submission_prepares_its_statements_and_stores_what_was_sent(people: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    _submit(people)
    prepared = _prepared()
    assert any("api_accesstoken" in s for s in prepared), prepared
    assert any("care_session" in s for s in prepared), prepared
    assert any("INSERT INTO" in s and "measures_response" in s for s in prepared), prepared
    # Bound on the server, the values arrive as they were sent.
    stored = people.session.responses.get(instrument_id="partnership")
    assert stored.answers == MIRROR_ANSWERS
    assert stored.respondent_id == people.client_user.pk


def test_prepared_statements_can_be_turned_off_for_a_pooler(people: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    with override_settings(TANDEM_DB_PREPARED=False):
        _submit(people)
    assert _prepared() == []
