"""A questionnaire submitted through the API costs a fixed number of SQL statements."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.api.tests.conftest import PHQ9_ANSWERS

pytestmark = pytest.mark.django_db


def _statements(run: Any) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        run()
    # Savepoints belong to the test's own transaction: a request in production has none.
    return [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]


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
