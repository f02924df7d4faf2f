"""Fixed SQL for the busiest paths: load and insert whole model rows without composing a query.

On a questionnaire submission the ORM spends more CPU composing its few small queries than the
database spends answering them. Here the SQL is written once per model from the model's own
metadata (every concrete column, in the model's order), so a new field cannot be forgotten; values
go through the same conversions the ORM applies in both directions, so an instance loaded or saved
here is the same as one from a queryset or ``save()``. Nothing else changes: no signals are sent
(Tandem has no receivers on these models), and the SQL runs in the caller's transaction.

On PostgreSQL these statements are also prepared once per connection (``fixed_cursor``), so the
server does not parse and plan the same SQL on every request.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, Generic, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db import models as m
from django.db.models import Model

M = TypeVar("M", bound=Model)

Converter = Callable[[Any, Any, Any], Any]


def fixed_cursor() -> Any:
    """A cursor for SQL that never changes between calls: on PostgreSQL each statement is
    prepared on its first use in a connection (``tandem.db.postgresql``); elsewhere Django's own.

    Only for SQL written once (a module constant, or built once and cached): every distinct text
    becomes a prepared statement the connection keeps (psycopg keeps the last 100)."""
    make = getattr(connection, "prepared_cursor", None)
    return make() if make is not None else connection.cursor()


# Field classes (exactly these, not subclasses, which may convert differently) whose conversion for
# the database returns a value of this Python type unchanged: ``get_db_prep_save`` ends in
# ``to_python``/``int``/``float`` of the value itself (Django's Field, CharField, IntegerField,
# FloatField, BooleanField). For such a value the ORM's four calls per field can be skipped. (On
# PostgreSQL the ORM also wraps a whole number in psycopg's typed int, e.g. Int8(7), an int of the
# same value that fixes the type PostgreSQL infers for a bare parameter; in an INSERT the column's
# type decides, so a plain int stores the same.)
_UNCHANGED: dict[type[m.Field[Any, Any]], type] = {
    m.CharField: str,
    m.TextField: str,
    m.IntegerField: int,
    m.PositiveIntegerField: int,
    m.BigIntegerField: int,
    m.FloatField: float,
    m.BooleanField: bool,
}


def _unchanged_type(field: Any) -> type | None:
    """The Python type this field passes to the database as it is, or None to always convert."""
    if type(field) is m.ForeignKey and type(field.target_field) in (m.AutoField, m.BigAutoField):
        return int  # a key to an auto-numbered id: converted by the id field, int(id) is the id
    return _UNCHANGED.get(type(field))


class Table(Generic[M]):
    """One model's columns under an alias, and how to turn a slice of a result row into it."""

    def __init__(self, model: type[M], alias: str):
        self.model = model
        self.alias = alias
        self.fields = tuple(model._meta.concrete_fields)
        quote = connection.ops.quote_name
        self.table = quote(model._meta.db_table)
        self.columns = ", ".join(f"{alias}.{quote(f.column)}" for f in self.fields)
        self._converters: dict[str, list[tuple[int, list[Converter], Any]]] = {}
        # What an insert writes: every column but the id, which the database gives.
        self.insert_fields = tuple(f for f in self.fields if not f.primary_key)
        quoted = ", ".join(quote(f.column) for f in self.insert_fields)
        marks = ", ".join("%s" for _ in self.insert_fields)
        self.insert_sql = f"INSERT INTO {self.table} ({quoted}) VALUES ({marks})"
        self._to_save = tuple((f, f.attname, _unchanged_type(f)) for f in self.insert_fields)

    def __len__(self) -> int:
        return len(self.fields)

    def _converters_for(self, conn: Any) -> list[tuple[int, list[Converter], Any]]:
        # Worked out once per kind of database, as the ORM's compiler does for every query.
        found = self._converters.get(conn.vendor)
        if found is None:
            found = []
            for i, field in enumerate(self.fields):
                col = field.get_col(self.alias)
                converters = conn.ops.get_db_converters(col) + col.get_db_converters(conn)
                if converters:
                    found.append((i, converters, col))
            self._converters[conn.vendor] = found
        return found

    def load(self, row: Sequence[Any], start: int = 0) -> M:
        """The instance held in ``row[start : start + len(self)]``."""
        conn = connections[DEFAULT_DB_ALIAS]  # once, not through the proxy for every value
        values = list(row[start : start + len(self.fields)])
        for i, converters, col in self._converters_for(conn):
            value = values[i]
            for convert in converters:
                value = convert(value, col, conn)
            values[i] = value
        return self.model.from_db(conn.alias, None, values)  # type: ignore[return-value]

    def _values(self, obj: Model) -> list[Any]:
        """The values an insert stores, as the ORM's ``save()`` would send them."""
        conn = connections[DEFAULT_DB_ALIAS]
        values = []
        for field, attname, unchanged in self._to_save:
            if unchanged is not None:
                value = getattr(obj, attname)
                # None stays None for all but BooleanField, whose conversion refuses it.
                if type(value) is unchanged or (value is None and unchanged is not bool):
                    values.append(value)
                    continue
            values.append(field.get_db_prep_save(field.pre_save(obj, True), conn))
        return values

    def insert_many(self, objs: Sequence[M], rows: Sequence[list[Any]], batch: int = 500) -> None:
        """Insert many new instances, ``rows`` their values from :meth:`_values` (worked out
        beforehand, e.g. before a transaction begins), ``batch`` rows per statement; each
        instance gets its id. Multi-row INSERT ... RETURNING, whose ids come back in the order
        of the rows on both supported databases (as the ORM's ``bulk_create`` relies on)."""
        quote = connection.ops.quote_name
        pk = self.model._meta.pk
        assert pk is not None
        marks = "(" + ", ".join("%s" for _ in self.insert_fields) + ")"
        head = self.insert_sql.split(" VALUES ", 1)[0]
        with connection.cursor() as cursor:
            for start in range(0, len(objs), batch):
                chunk = rows[start : start + batch]
                sql = (
                    f"{head} VALUES {', '.join([marks] * len(chunk))} RETURNING {quote(pk.column)}"
                )
                cursor.execute(sql, [value for row in chunk for value in row])
                for obj, (new_pk,) in zip(
                    objs[start : start + batch], cursor.fetchall(), strict=True
                ):
                    self._saved(obj, new_pk)

    def index_of(self, attname: str) -> int:
        """Where the field ``attname`` sits in an insert's values."""
        return next(i for i, f in enumerate(self.insert_fields) if f.attname == attname)

    def _saved(self, obj: M, pk: Any) -> M:
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias
        return obj

    def insert(self, obj: M) -> M:
        """Insert a new instance (its defaults already applied) and give it its id."""
        values = self._values(obj)
        with fixed_cursor() as cursor:
            if connection.features.can_return_columns_from_insert:
                pk = self.model._meta.pk
                assert pk is not None
                cursor.execute(
                    f"{self.insert_sql} RETURNING {connection.ops.quote_name(pk.column)}", values
                )
                pk = cursor.fetchone()[0]
            else:  # pragma: no cover - both supported databases return ids from an insert
                cursor.execute(self.insert_sql, values)
                pk = connection.ops.last_insert_id(cursor, self.model._meta.db_table, "id")
        return self._saved(obj, pk)


@cache
def _pair_sql(first: Table[Any], second: Table[Any], link: str) -> tuple[str, int]:
    quote = connection.ops.quote_name
    fields = second.insert_fields
    linked = next(i for i, f in enumerate(fields) if f.attname == link)
    marks = ["%s"] * len(fields)
    marks[linked] = f"(SELECT CAST(id AS {fields[linked].db_type(connection)}) FROM first)"
    sql = (
        f"WITH first AS ({first.insert_sql} RETURNING id) "
        f"INSERT INTO {second.table} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(marks)}) RETURNING (SELECT id FROM first), id"
    )
    return sql, linked


def insert_pair(first: Table[Any], obj: Model, second: Table[Any], other: Model, link: str) -> None:
    """Insert ``obj`` and ``other`` in one statement, ``other.<link>`` set to ``obj``'s id.

    PostgreSQL only (a data-modifying WITH). One statement is one round trip and, outside a
    transaction, its own transaction: both rows are stored or neither is, with no BEGIN and
    COMMIT to send. Both instances get their ids.
    """
    assert connection.vendor == "postgresql"
    sql, linked = _pair_sql(first, second, link)
    values = second._values(other)
    del values[linked]
    with fixed_cursor() as cursor:
        cursor.execute(sql, first._values(obj) + values)
        first_pk, second_pk = cursor.fetchone()
    first._saved(obj, first_pk)
    setattr(other, link, str(first_pk))
    second._saved(other, second_pk)
