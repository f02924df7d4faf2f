"""Fixtures for background work: the database task backend, a real SMTP server, a worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tandem.tasks.tests.smtp import Inbox, SMTPServer

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def db_tasks(db: None, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Queue tasks in the database, as production does (the suite's default runs them at once)."""
    settings.TASKS = DATABASE_TASKS
    # The worker drops connections it thinks are stale; inside a test's transaction it must not.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    with SMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 20
        yield server.inbox


@pytest.fixture
def run_worker(db_tasks: None) -> Callable[..., int]:
    """Run a worker in this process until the queue is empty; returns how many tasks it ran."""

    def run(periodic: bool = False) -> int:
        from tandem.tasks.worker import make_worker

        worker = make_worker(batch=True, interval=0, startup_delay=False, periodic=periodic)
        worker.run()
        return int(worker._run_tasks)

    return run


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="several processes on one database: run on PostgreSQL (make test-postgres); "
    "SQLite's test database lives in this process's memory",
)


def subprocess_env(**extra: str) -> dict[str, str]:
    """The environment for a Tandem process that shares this test's (PostgreSQL) database."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DATABASE_URL=url,
        SECRET_KEY="scale-out-test-secret",
        TANDEM_LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def tandem_command(*args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("tandem")), *args]


class Processes:
    """Start Tandem processes, and make sure none outlives the test."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.started: list[subprocess.Popen[bytes]] = []

    def start(self, name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        log = open(self.tmp_path / f"{name}.log", "wb")  # noqa: SIM115 — closed with the process
        process = subprocess.Popen(
            tandem_command(*args),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.started.append(process)
        return process

    def log(self, name: str) -> str:
        return (self.tmp_path / f"{name}.log").read_text(errors="replace")

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.started:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Processes]:
    started = Processes(tmp_path)
    yield started
    started.stop_all()


def wait_until(check: Callable[[], Any], timeout: float = 30, what: str = "") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting {timeout} s for {what or check}")
