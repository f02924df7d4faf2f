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
