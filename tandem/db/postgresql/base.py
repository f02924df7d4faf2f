"""Django's PostgreSQL backend with two changes for a busy server: a connection health check that
costs no round trip, and prepared statements for the fixed SQL of the busiest paths.

Selected by ``ENGINE = "tandem.db.postgresql"`` (settings do this for every ``DATABASE_URL``).

**Health check.** With ``CONN_HEALTH_CHECKS`` Django sends ``SELECT 1`` before the first query of
every request that reuses a connection, so that a connection the server dropped (a restart, an
administrator ending it, an idle timeout) is replaced instead of failing the request. On a
questionnaire submission that was one round trip in four. A connection between requests is idle:
the server has nothing to say on it until it is asked something. So if nothing is waiting to be
read on its socket, it is as usable as it was when the last request finished; if something is
waiting (the server closed it, or sent a notice of shutting down), Django's own ``SELECT 1``
decides. What this cannot see, and ``SELECT 1`` would only find after a network timeout: a peer
that vanished without closing the connection (a cable pulled between two machines).

**Prepared statements.** ``prepared_cursor()`` gives a cursor that binds parameters on the server
and has psycopg prepare each statement on its first use in a connection, so PostgreSQL parses and
plans it once per connection instead of once per request (the token lookup took 0.12 ms to plan
and 0.08 ms to run). The ORM's own cursors are unchanged (client-side binding, never prepared).
Off with ``TANDEM_DB_PREPARED=0`` where a connection pooler in transaction mode sits between the
app and the database and does not support prepared statements (PgBouncer before 1.21, or without
``max_prepared_statements``).
"""

from __future__ import annotations

import select
from typing import Any

from django.conf import settings
from django.db.backends.postgresql.base import DatabaseWrapper as PostgresWrapper
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.backends.postgresql.operations import DatabaseOperations as PostgresOperations


def _prepared_enabled() -> bool:
    return bool(getattr(settings, "TANDEM_DB_PREPARED", True))


class DatabaseOperations(PostgresOperations):
    def last_executed_query(self, cursor: Any, sql: str, params: Any) -> str | None:
        # A prepared statement is sent without its text, so psycopg has none to give back; for
        # query logging (DEBUG, tests counting queries) compose it as the ORM's cursors would.
        if isinstance(cursor, ServerBindingCursor):
            try:
                return str(self.compose_sql(sql, params))
            except Exception:  # noqa: BLE001 - a log line must never fail the query it describes
                return None
        return super().last_executed_query(cursor, sql, params)  # type: ignore[no-any-return]


class DatabaseWrapper(PostgresWrapper):
    ops_class = DatabaseOperations

    def get_connection_params(self) -> dict[str, Any]:
        params: dict[str, Any] = super().get_connection_params()
        if _prepared_enabled() and params.get("prepare_threshold") is None:
            # Only cursors that bind on the server can prepare, and only prepared_cursor() makes
            # those: 0 prepares a statement the first time such a cursor runs it.
            params["prepare_threshold"] = 0
        return params

    def is_usable(self) -> bool:
        conn = self.connection
        if conn is None or conn.closed or conn.broken:
            return False
        try:
            poller = select.poll()
            poller.register(conn.fileno(), select.POLLIN | select.POLLPRI)
            waiting = poller.poll(0)
        except (OSError, ValueError):
            return False
        if not waiting:
            return True
        return bool(super().is_usable())

    def prepared_cursor(self) -> Any:
        """A cursor (wrapped as Django wraps its own, so queries are logged and counted) whose
        statements are prepared on their first use in this connection."""
        if not _prepared_enabled():
            return self.cursor()
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            return self._prepare_cursor(ServerBindingCursor(self.connection))
