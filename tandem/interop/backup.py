"""Back up and restore the whole instance.

SQLite: the online backup API (a consistent copy while the server keeps running; WAL included).
PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean``, the standard tools, so a
backup also restores with them by hand.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connections

from tandem.interop.private import owner_only

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    pass


def _settings(alias: str = "default") -> dict[str, Any]:
    return dict(connections[alias].settings_dict)


def vendor(alias: str = "default") -> str:
    return str(connections[alias].vendor)


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    import os

    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (it comes with the PostgreSQL client tools).")
    return found


def backup(target: Path, alias: str = "default") -> Path:
    """Write the whole instance to ``target``, readable by its owner only (it is health data)."""
    with owner_only(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        return _backup(target, alias)


def _backup(target: Path, alias: str) -> Path:
    db = _settings(alias)
    if vendor(alias) == "sqlite":
        connection = connections[alias]
        connection.ensure_connection()
        with sqlite3.connect(target) as dest:
            connection.connection.backup(dest)
        return target
    if vendor(alias) == "postgresql":
        args, env = _pg_env(db)
        command = [
            _tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--file",
            str(target),
            *args,
            str(db["NAME"]),
        ]
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return target
    raise BackupError(f"Backups of a {vendor(alias)} database are not supported.")


def restore(source: Path, alias: str = "default") -> None:
    """Replace the database's contents with the backup's. Stop the app servers first."""
    if not source.is_file():
        raise BackupError(f"There is no backup file at {source}.")
    head = source.read_bytes()[:16]
    db = _settings(alias)
    if vendor(alias) == "sqlite":
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError(f"{source} is not a SQLite backup.")
        connection = connections[alias]
        connection.ensure_connection()
        with sqlite3.connect(source) as src:
            src.backup(connection.connection)
        return
    if vendor(alias) == "postgresql":
        if not head.startswith(PG_MAGIC):
            raise BackupError(f"{source} is not a pg_dump (custom format) backup.")
        connections[alias].close()
        args, env = _pg_env(db)
        command = [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            str(db["NAME"]),
            *args,
            str(source),
        ]
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        return
    raise BackupError(f"Restoring a {vendor(alias)} database is not supported.")
