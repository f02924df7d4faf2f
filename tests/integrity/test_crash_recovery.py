"""Nothing acknowledged is ever lost: a server killed with SIGKILL mid-write keeps every 2xx.

A real server (gunicorn, as in production) takes concurrent questionnaire submissions through the
API. At random moments, at least 20 times, the process doing the writing is killed with SIGKILL
and replaced; every fifth time the whole server is killed and started again.
Afterwards every submission that was answered with a 2xx is in the database, intact, and the
database passes its integrity check. The suite runs this against whichever database it is run
on: SQLite (a file, in WAL mode) or PostgreSQL (a database of its own, dropped afterwards).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

KILLS = 20
SESSIONS = 4000
ANSWERS = {"heard": 8, "focus": 7, "fit": 9, "together": 6, "takeaway": 7}
EXPECTED_TOTAL = sum(ANSWERS.values()) / len(ANSWERS)

SEED = """
import json
from datetime import date
from tandem.accounts.models import Practice, User
from tandem.api.actions import create_token
from tandem.care.models import Client, Episode, Session
practice = Practice.objects.create(name="Crash", slug="crash")
therapist = User.objects.create_user("t@crash.test", "x-long-password", practice=practice, is_therapist=True)
person = User.objects.create_user("c@crash.test", "x-long-password", practice=practice, is_client=True)
client = Client.objects.create(practice=practice, user=person, display_name="C", therapist=therapist)
episode = Episode.objects.create(client=client, therapist=therapist, number=1)
sessions = Session.objects.bulk_create(
    [Session(episode=episode, number=n, date=date(2026, 1, 1)) for n in range(1, SESSIONS + 1)])
_, secret = create_token(None, person, "crash")
print(json.dumps({"token": secret, "episode": episode.pk,
                  "sessions": list(Session.objects.filter(episode=episode).values_list("pk", flat=True))}))
""".replace("SESSIONS", str(SESSIONS))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tandem(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "tandem.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def server_env(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TANDEM_DATA_DIR"}}
    env.update(
        SECRET_KEY="crash-test-only-secret-key-0123456789abcdef",
        TANDEM_DATA_DIR=str(tmp_path),
        EMAIL_HOST="",
        PYTHONUNBUFFERED="1",
    )
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgresql"):
        import psycopg

        name = f"tandem_crash_{os.getpid()}"
        admin = f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{name}"
        yield env, "postgresql"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield env, "sqlite"


def start(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tandem.cli",
            "serve",
            "--port",
            str(port),
            "--workers",
            "1",
            "--threads",
            "4",
            "--no-migrate",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("ab"),
        start_new_session=True,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise AssertionError(f"the server did not start: {log.read_text()[-2000:]}")


def kill(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGKILL)  # the whole group: the master and its worker
    process.wait(timeout=30)


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


def kill_worker(master: int, port: int) -> None:
    """SIGKILL the process that does the writing; gunicorn's master starts a new one."""
    for pid in worker_pids(master):
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            return
        except OSError:
            time.sleep(0.02)
    raise AssertionError("no new worker after a kill")


def test_every_acknowledged_submission_survives_repeated_sigkill(server_env, tmp_path):
    env, vendor = server_env
    tandem(env, "manage", "migrate", "--no-input", "-v", "0")
    seeded = json.loads(tandem(env, "manage", "shell", "-c", SEED).strip().splitlines()[-1])
    port = free_port()
    log = tmp_path / "server.log"
    acknowledged: dict[int, int] = {}  # session id -> response id
    lock = threading.Lock()
    todo = list(seeded["sessions"])
    stop = threading.Event()

    def submit() -> None:
        while not stop.is_set():
            with lock:
                if not todo:
                    return
                session = todo.pop()
            body = json.dumps(
                {
                    "instrument": "partnership",
                    "episode": seeded["episode"],
                    "session": session,
                    "answers": ANSWERS,
                }
            ).encode()
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1/responses",
                data=body,
                method="POST",
                headers={
                    "Authorization": f"Bearer {seeded['token']}",
                    "Content-Type": "application/json",
                    "Idempotency-Key": f"crash-{session}",
                },
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    if 200 <= response.status < 300:
                        stored = json.loads(response.read())
                        with lock:
                            acknowledged[session] = stored["id"]
            except (OSError, urllib.error.HTTPError, http.client.HTTPException):
                # Not acknowledged (the server is down, or died mid-reply: IncompleteRead): try
                # this session again later. The same Idempotency-Key makes a retry safe if the
                # first attempt was in fact stored.
                with lock:
                    todo.insert(0, session)
                time.sleep(0.05)

    rng = random.Random(20261123)
    process = start(env, port, log)
    workers = [threading.Thread(target=submit) for _ in range(4)]
    for worker in workers:
        worker.start()
    kills = 0
    try:
        while kills < KILLS and todo:
            # Let writes flow again after the last kill, then strike at a random moment among them.
            seen = len(acknowledged)
            deadline = time.monotonic() + 60
            while len(acknowledged) < seen + 3 and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.3))
            kills += 1
            if kills % 5 == 0:  # every fifth time the whole server, master and all
                kill(process)
                process = start(env, port, log)
            else:
                kill_worker(process.pid, port)
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=30)
        kill(process)

    assert kills >= KILLS, "ran out of sessions before enough kills"
    assert len(acknowledged) > 50
    ids = sorted(acknowledged.values())
    if vendor == "sqlite":
        conn = sqlite3.connect(Path(env["TANDEM_DATA_DIR"]) / "tandem.sqlite3")
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute(
            f"SELECT id, session_id, answers, total FROM measures_response WHERE id IN ({','.join('?' * len(ids))})",
            ids,
        ).fetchall()
        rows = [(r[0], r[1], json.loads(r[2]), r[3]) for r in rows]
    else:
        import psycopg

        with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://")) as conn:
            rows = conn.execute(
                "SELECT id, session_id, answers, total FROM measures_response WHERE id = ANY(%s)",
                [ids],
            ).fetchall()
    found = {r[0]: r for r in rows}
    lost = [s for s, rid in acknowledged.items() if rid not in found]
    assert lost == [], f"{len(lost)} acknowledged submissions lost after {kills} kills"
    for session, rid in acknowledged.items():
        _, session_id, answers, total = found[rid]
        assert (
            session_id == session and answers == ANSWERS and total == pytest.approx(EXPECTED_TOTAL)
        )
    print(f"\n{vendor}: {kills} kills survived, {len(acknowledged)} acknowledged writes, 0 lost")
