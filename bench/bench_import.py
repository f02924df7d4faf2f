"""A large FHIR import on SQLite, and another practice writing while it runs (issue 16.6).

`python -m bench import`. In a fresh SQLite database (a temporary data directory), one practice
imports a Bundle of BENCH_IMPORT_RESPONSES PHQ-9 QuestionnaireResponses (default 13,000, the
size that stalled other practices) while a therapist of another practice records a session and
its answers every 50 ms. Figures: how long the import takes, how long it holds the write lock at
most, and how long the other practice's writes wait (and whether any fails).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

RESPONSES = int(os.environ.get("BENCH_IMPORT_RESPONSES", "13000"))
EPISODES = 200


def _setup() -> tuple[Any, Any, Any, dict[str, Any]]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from tandem.accounts.models import Practice, User
    from tandem.care.models import Client, Episode
    from tandem.interop import fhir
    from tandem.measures import registry

    def practice(name: str) -> tuple[Any, Any]:
        p = Practice.objects.create(name=name, slug=name)
        t = User.objects.create_user(
            email=f"t@{name}.test", password="x" * 12, practice=p, is_therapist=True
        )
        return p, t

    home, importer = practice("home")
    other, writer = practice("other")
    start = date(2020, 1, 6)
    episodes = []
    for i in range(EPISODES):
        c = Client.objects.create(practice=home, display_name=f"c{i}", therapist=importer)
        episodes.append(
            Episode.objects.create(client=c, therapist=importer, number=1, started_on=start)
        )
    c = Client.objects.create(practice=other, display_name="w", therapist=writer)
    their = Episode.objects.create(client=c, therapist=writer, number=1, started_on=start)
    phq9 = registry.get("phq9")
    now = timezone.now()
    resources = []
    for n in range(RESPONSES):
        e = episodes[n % EPISODES]
        week = n // EPISODES
        answers = {item.id: (n + k) % 4 for k, item in enumerate(phq9.items)}
        resources.append(
            fhir.questionnaire_response(
                fhir.ResponseFacts(
                    id=f"r{n}",
                    instrument=phq9,
                    answers=answers,
                    total=None,
                    complete=True,
                    authored=now,
                    client_id=e.client_id,
                    episode_id=e.pk,
                    session_id=None,
                    session_date=start + timedelta(days=7 * week),
                )
            )
        )
    bundle = fhir.bundle(resources, "collection")
    return importer, writer, their, bundle


def drive() -> dict[str, Any]:
    importer, writer, their, bundle = _setup()
    from django.db import OperationalError, connection, transaction

    from tandem.interop.fhir_io import import_resource
    from tandem.interop.records import session_on, store_response
    from tandem.measures import registry

    phq9 = registry.get("phq9")
    done = threading.Event()
    waits: list[float] = []
    failures: list[str] = []

    def other_practice() -> None:
        day = date(2024, 1, 1)
        try:
            while not done.is_set():
                began = time.perf_counter()
                try:
                    with transaction.atomic():
                        session = session_on(writer, their, day)
                        store_response(
                            writer,
                            their,
                            session,
                            phq9,
                            {item.id: 1 for item in phq9.items},
                            None,
                            "bench",
                        )
                    waits.append(time.perf_counter() - began)
                except OperationalError as error:
                    failures.append(str(error))
                day += timedelta(days=1)
                time.sleep(0.05)
        finally:
            connection.close()

    thread = threading.Thread(target=other_practice)
    thread.start()
    time.sleep(0.3)
    began = time.perf_counter()
    result = import_resource(importer, bundle)
    seconds = time.perf_counter() - began
    time.sleep(0.3)
    done.set()
    thread.join()
    waits.sort()
    return {
        "responses": len(result.created),
        "import_seconds": seconds,
        "writes": len(waits),
        "failures": len(failures),
        "failure_example": failures[0] if failures else "",
        "wait_max": waits[-1] if waits else None,
        "wait_p95": waits[int(len(waits) * 0.95)] if waits else None,
        "wait_median": waits[len(waits) // 2] if waits else None,
    }


def run() -> str:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "SECRET_KEY": "bench-only-secret-key",
        "TANDEM_DATA_DIR": tempfile.mkdtemp(prefix="tandem-import-"),
    }
    out = subprocess.run(
        [sys.executable, "-m", "bench.bench_import", "--drive"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    ).stdout
    f = json.loads(out.strip().splitlines()[-1])
    ms = lambda s: "—" if s is None else f"{s * 1000:.0f} ms"  # noqa: E731
    return (
        "### A large FHIR import on SQLite while another practice writes (issue 16.6)\n\n"
        f"One Bundle of {f['responses']:,} PHQ-9 QuestionnaireResponses over {EPISODES} "
        f"episodes, imported in **{f['import_seconds']:.1f} s**. Meanwhile another practice's "
        f"therapist recorded a session with its answers every 50 ms: {f['writes']} writes, "
        f"**{f['failures']} failed**; their time from start to commit was median "
        f"{ms(f['wait_median'])}, 95th percentile {ms(f['wait_p95'])}, longest "
        f"**{ms(f['wait_max'])}** (the longest the import kept them waiting for the write "
        "lock)." + (f" First failure: `{f['failure_example']}`." if f["failures"] else "")
    )


if __name__ == "__main__":
    if "--drive" in sys.argv:
        print(json.dumps(drive()))
    else:
        print(run())
