"""Rows loaded and inserted with fixed SQL are the same as the ORM's, field by field."""

from __future__ import annotations

import pytest
from django.db import connection

from tandem.audit.models import AuditEvent
from tandem.db.rows import Table
from tandem.measures.models import Response

pytestmark = pytest.mark.django_db


def _fields(obj):
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


def test_an_inserted_row_reads_back_as_the_orm_reads_it(people):
    table = Table(Response, "r")
    response = table.insert(
        Response(
            episode=people.episode,
            session=people.session,
            instrument_id="partnership",
            instrument_version="1",
            respondent=people.client_user,
            respondent_role="client",
            answers={"heard": 9, "note": "Better “this” week"},
            total=9.0,
            subscales={"a": 1.5},
            complete=True,
        )
    )
    assert response.pk is not None and not response._state.adding
    assert _fields(Response.objects.get(pk=response.pk)) == _fields(response)


def test_a_loaded_row_is_the_instance_a_queryset_gives(people):
    from tandem.audit.chain import record

    event = record(
        actor=people.therapist, action="client.view", obj=people.client, detail={"x": [1]}
    )
    table = Table(AuditEvent, "a")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {table.columns} FROM {table.table} a WHERE a.id = %s", [event.pk])
        loaded = table.load(cursor.fetchone())
    assert _fields(loaded) == _fields(AuditEvent.objects.get(pk=event.pk))
    assert loaded.detail == {"x": [1]} and loaded.at.tzinfo is not None


def _orm_values(table, obj):
    return [
        f.get_db_prep_save(f.pre_save(obj, True), connection)
        for f in table.fields
        if not f.primary_key
    ]


def test_values_for_an_insert_are_the_orms_for_every_field(people):
    """The shortcut for values that need no conversion gives exactly what the ORM would send,
    including for values of another type (converted the ORM's way) and for empty ones."""
    from tandem.audit.chain import audit_event

    response = Response(
        episode=people.episode,
        session=None,
        instrument_id="phq9",
        instrument_version=1,  # not a str: must be converted as the ORM converts it
        respondent=people.client_user,
        respondent_role="client",
        answers={"q1": 2},
        total=7,  # an int for a FloatField: converted to 7.0
        subscales={},
        complete=1,  # an int for a BooleanField: converted to True
    )
    event = audit_event(
        actor=people.therapist,
        action="response.create",
        obj=response,
        client_id=people.client.pk,
        practice_id=people.client.practice_id,
        detail={"instrument": "phq9"},
    )
    for model, obj in ((Response, response), (AuditEvent, event)):
        table = Table(model, "x")
        fast, orm = table._values(obj), _orm_values(table, obj)
        # (JSON goes through the ORM's conversion both ways: psycopg's Jsonb holds it in .obj.)
        assert [getattr(v, "obj", v) for v in fast] == [getattr(v, "obj", v) for v in orm], model
        for a, b in zip(fast, orm, strict=True):
            # On PostgreSQL the ORM wraps whole numbers in psycopg's typed ints (Int8(1) == 1, a
            # subclass of int); in an insert the column's type decides, so a plain int is the same.
            assert type(a) is type(b) or (type(a) is int and isinstance(b, int)), (model, a, b)
    values = Table(Response, "r")._values(response)
    columns = [f.attname for f in Table(Response, "r").fields if not f.primary_key]
    sent = dict(zip(columns, values, strict=True))
    assert sent["instrument_version"] == "1" and sent["total"] == 7.0 and sent["complete"] is True
    assert sent["session_id"] is None and sent["episode_id"] == people.episode.pk
