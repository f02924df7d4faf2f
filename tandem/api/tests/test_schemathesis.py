"""The API against its own OpenAPI description: schemathesis generates requests for every operation
(a bounded number each) and checks there is no server error and no answer that breaks the schema.

It runs in-process through the WSGI app, authenticated as a therapist with a token, on whichever
database the suite uses.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tandem.api.tests.conftest import token_for

EXAMPLES_PER_OPERATION = 15
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def keep_test_connection() -> Any:
    # Django's own test client does the same: a real WSGI request would otherwise close the
    # connection that holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_api_keeps_to_its_schema(people: Any, keep_test_connection: Any) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    headers = {"Authorization": f"Bearer {token_for(people.therapist)}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    failures: list[str] = []
    examples = sum(_exercise(operation, headers, failures) for operation in operations)
    print(
        f"schemathesis: {len(operations)} operations, {examples} examples, {len(failures)} failures"
    )
    assert len(operations) >= 18
    assert failures == []


def _exercise(operation: Any, headers: dict[str, str], failures: list[str]) -> int:
    """Send up to EXAMPLES_PER_OPERATION generated requests; returns how many were sent."""
    sent = 0

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        nonlocal sent
        sent += 1
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except Exception as exc:  # noqa: BLE001 — collected, then reported together
            failures.append(f"{operation.label}: {exc}"[:2000])

    run()
    return sent
