"""A large FHIR import holds the database's write lock only to write (issue 16.6).

Reading, checking and scoring happen before the transaction; inside it, a fixed handful of
queries reads what the episodes hold and multi-row inserts store the rest, whatever the size, so
on SQLite another practice's writes wait a moment rather than a minute. The import stays all or
nothing, and what was recorded between planning and writing is seen. The figures are in
docs/benchmarks.md (`python -m bench import`).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.care.models import Session
from tandem.interop import fhir, fhir_io
from tandem.measures import registry
from tandem.measures.models import Response

START = date(2014, 1, 6)  # 610 weekly sessions from here stay in the past (no future dates)


def _bundle(episode: Any, count: int, *, first_week: int = 0, q1: int = 1) -> dict[str, Any]:
    phq9 = registry.get("phq9")
    assert phq9 is not None
    resources = [
        fhir.questionnaire_response(
            fhir.ResponseFacts(
                id=f"r{n}",
                instrument=phq9,
                answers={item.id: (q1 if item.id == "q1" else 1) for item in phq9.items},
                total=None,
                complete=True,
                authored=timezone.now(),
                client_id=episode.client_id,
                episode_id=episode.pk,
                session_id=None,
                session_date=START + timedelta(days=7 * (first_week + n)),
            )
        )
        for n in range(count)
    ]
    return fhir.bundle(resources, "collection")


def _queries_in_the_write_transaction(user: Any, bundle: dict[str, Any]) -> int:
    with CaptureQueriesContext(connection) as captured:
        fhir_io.import_resource(user, bundle)
    sql = [q["sql"].upper() for q in captured.captured_queries]
    # Django's test transaction wraps everything: the import's own block is a savepoint.
    begin = next(i for i, s in enumerate(sql) if s.startswith(("SAVEPOINT", "BEGIN")))
    end = max(i for i, s in enumerate(sql) if s.startswith(("RELEASE SAVEPOINT", "COMMIT")))
    return end - begin - 1


def test_the_write_transaction_runs_the_same_few_statements_whatever_the_size(
    people: Any,
) -> None:
    # 10 responses, and then 600 more to the same episode: the same reads and one insert per
    # 500 rows of each kind. Row by row, the larger import ran thousands of statements while
    # holding the lock.
    small = _queries_in_the_write_transaction(people.therapist, _bundle(people.episode, 10))
    large = _queries_in_the_write_transaction(
        people.therapist, _bundle(people.episode, 600, first_week=10)
    )
    assert small <= 8  # three reads, three inserts, the import's own record
    # 500 rows per insert: 600 sessions and 600 answers take two each, 1,200 records three.
    assert large == small + 4
    assert Response.objects.filter(episode=people.episode).count() == 610
    # Each new session takes the next number after those the episode had (the fixture's one).
    numbers = sorted(
        Session.objects.filter(episode=people.episode).values_list("number", flat=True)
    )
    assert numbers == list(range(1, 612))
    imported = AuditEvent.objects.filter(action="response.import")
    assert imported.count() == 610
    stored = set(Response.objects.filter(episode=people.episode).values_list("pk", flat=True))
    assert {int(e.object_id) for e in imported} == stored
    assert {e.client_id for e in imported} == {people.episode.client_id}


def test_a_session_recorded_while_the_import_was_being_planned_is_seen(
    people: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the plan (outside the transaction) and the write, someone records session on
    the bundle's first day with different answers: the import must see it and store nothing,
    not add a second session that day."""
    real_plan = fhir_io._plan_writes
    calls: list[int] = []

    def plan_then_someone_writes(*args: Any) -> Any:
        planned = real_plan(*args)
        if not calls:
            session = Session.objects.create(episode=people.episode, number=7, date=START)
            phq9 = registry.get("phq9")
            assert phq9 is not None
            Response.objects.create(
                episode=people.episode,
                session=session,
                instrument_id="phq9",
                instrument_version="1",
                respondent=people.client_user,
                respondent_role="client",
                answers={item.id: 3 for item in phq9.items},
                total=27,
            )
        calls.append(1)
        return planned

    monkeypatch.setattr(fhir_io, "_plan_writes", plan_then_someone_writes)
    before = Response.objects.count()
    with pytest.raises(fhir_io.FhirImportError) as refused:
        fhir_io.import_resource(people.therapist, _bundle(people.episode, 5))
    assert len(calls) == 2  # planned again inside the transaction
    assert "session 7 on 06 Jan 2014 already has different PHQ-9 answers" in str(
        refused.value.errors
    )
    assert Response.objects.count() == before + 1  # only the one recorded meanwhile
    assert Session.objects.filter(episode=people.episode, date=START).count() == 1


def test_a_bundle_that_repeats_a_response_stores_it_once(people: Any) -> None:
    bundle = _bundle(people.episode, 3)
    bundle["entry"].append(bundle["entry"][0])
    result = fhir_io.import_resource(people.therapist, bundle)
    assert len(result.created) == 3 and len(result.unchanged) == 1
    assert result.unchanged[0] == result.created[0]
    again = fhir_io.import_resource(people.therapist, _bundle(people.episode, 3))
    assert again.created == [] and sorted(again.unchanged) == sorted(result.created)
