"""Dashboard page speed, and the measurement behind the chart decision (docs/dashboards.md).

1. Server-side render time and SQL query count of the caseload of a therapist with 150 clients
   and of the practice report over 5,000 episodes (a fresh SQLite database in a temporary
   folder; medians of warm requests through Django's test client, middleware included), with the
   practice's snapshots fresh, missing and stale; then the same pages on the large practice in
   PostgreSQL (BENCH_DATABASE_URL, as bench_load), and how long its snapshots take to recompute.
2. The client picture drawn two ways in headless Chromium, with every request answered in-process
   (no network): server-rendered SVG (Tandem's choice) against the same charts as Vega-Lite specs
   drawn in the browser by the vega-embed bundle that vl-convert makes offline. Page weight is the
   bytes of every response; render time runs from navigation to the last chart drawn.

Run: ``python -m bench pages`` (part of ``make bench``). Returns Markdown.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

CASELOAD_CLIENTS = 150
PRACTICE_EPISODES = 5_000
SESSIONS = 10
REPEATS = 7
BUDGET_MS = 300
OUT = Path(__file__).resolve().parent / "out" / "pages"


def _setup_django() -> None:
    # Kept between runs (bench/out is not committed): making the data takes minutes.
    os.environ["TANDEM_DATA_DIR"] = str(OUT)
    OUT.mkdir(parents=True, exist_ok=True)
    # Playwright's route handlers run beside an event loop; the test client's ORM calls are
    # ordinary synchronous code.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", interactive=False, verbosity=0)


def _fill(rng: random.Random) -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from tandem.accounts.models import Practice, User
    from tandem.care.models import Client, Episode, Session
    from tandem.measures.actions import install_default_schedule
    from tandem.measures.models import Response

    password = make_password("bench-password-123")
    today = date.today()
    existing = Practice.objects.filter(slug="bench").first()
    if existing is not None:
        main = User.objects.get(email="t0@bench.test")
        return {
            "therapist": main,
            "admin": User.objects.get(email="admin@bench.test"),
            "episode": Episode.objects.filter(therapist=main).order_by("pk").first(),
        }
    with transaction.atomic():
        practice = Practice.objects.create(name="Bench Practice", slug="bench")
        install_default_schedule(practice)
        admin = User.objects.create(
            email="admin@bench.test", practice=practice, is_practice_admin=True, password=password
        )
        therapists = [
            User.objects.create(
                email=f"t{i}@bench.test",
                full_name=f"Therapist {i}",
                practice=practice,
                is_therapist=True,
                password=password,
            )
            for i in range(20)
        ]
        main = therapists[0]
        clients, episodes = [], []
        for i in range(PRACTICE_EPISODES):
            therapist = main if i < CASELOAD_CLIENTS else therapists[1 + i % 19]
            clients.append(
                Client(practice=practice, display_name=f"Client {i:05d}", therapist=therapist)
            )
        Client.objects.bulk_create(clients, batch_size=2000)
        clients = list(Client.objects.filter(practice=practice).order_by("pk"))
        for i, c in enumerate(clients):
            ended = i >= CASELOAD_CLIENTS and rng.random() < 0.7
            episodes.append(
                Episode(
                    client=c,
                    therapist=c.therapist,
                    number=1,
                    status=Episode.ENDED if ended else Episode.ACTIVE,
                    started_on=today - timedelta(days=rng.randint(80, 700)),
                    ended_on=today - timedelta(days=rng.randint(1, 360)) if ended else None,
                    end_reason="mutual" if ended else "",
                )
            )
        Episode.objects.bulk_create(episodes, batch_size=2000)
        episodes = list(Episode.objects.filter(client__practice=practice).order_by("pk"))
        sessions = [
            Session(episode=e, number=n, date=e.started_on + timedelta(days=7 * (n - 1)))
            for e in episodes
            for n in range(1, SESSIONS + 1)
        ]
        Session.objects.bulk_create(sessions, batch_size=5000)
        responses = []
        for s in Session.objects.filter(episode__client__practice=practice).values_list(
            "pk", "episode_id", "number"
        ):
            pk, episode_id, number = s
            start = 10 + episode_id % 14
            phq = max(0, min(27, round(start - number * rng.uniform(0, 1.2) + rng.gauss(0, 2))))
            gad = max(0, min(21, round(phq * 0.75 + rng.gauss(0, 2))))
            alliance = max(0, min(10, round(rng.gauss(7.5, 1.2), 1)))
            for instrument, total, role in (
                ("phq9", phq, "client"),
                ("gad7", gad, "client"),
                ("partnership", alliance, "client"),
                ("partnership_mirror", min(10, alliance + 0.8), "therapist"),
            ):
                answers = (
                    {k: total for k in ("heard", "focus", "fit", "together", "takeaway")}
                    if instrument.startswith("partnership")
                    else {}
                )
                responses.append(
                    Response(
                        episode_id=episode_id,
                        session_id=pk,
                        instrument_id=instrument,
                        instrument_version="1",
                        respondent_role=role,
                        answers=answers,
                        total=float(total),
                    )
                )
        Response.objects.bulk_create(responses, batch_size=10000)
    return {"therapist": main, "admin": admin, "episode": episodes[0]}


def _forget_snapshots() -> None:
    from django.core.cache import cache

    from tandem.measures.models import PracticeSnapshot

    cache.clear()
    PracticeSnapshot.objects.all().delete()


def _make_stale() -> None:
    """Mark every snapshot as computed from older data, as after a new submission."""
    from tandem.measures.models import PracticeSnapshot

    PracticeSnapshot.objects.update(data_version="0:0:0", requested_at=None)


def _request_ms(client: Any, url: str) -> tuple[float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000


def _time(client: Any, url: str) -> dict[str, float]:
    """Warm median (snapshot fresh), the first render with no snapshot kept (computed in the
    request), and the render of a stale snapshot (shown at once, recomputation queued)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # imports and template loading, once per process
    _forget_snapshots()
    none_ms, none_cpu = _request_ms(client, url)
    times, cpus = [], []
    for _ in range(REPEATS):
        ms, cpu = _request_ms(client, url)
        times.append(ms)
        cpus.append(cpu)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    # Counted now: the next request's start empties the connection's query log.
    queries = len(ctx.captured_queries)
    _make_stale()
    stale_ms, _ = _request_ms(client, url)
    return {
        "warm": statistics.median(times),
        "warm_cpu": statistics.median(cpus),
        "none": none_ms,
        "none_cpu": none_cpu,
        "stale": stale_ms,
        "queries": queries,
        "bytes": len(response.content),
    }


LARGE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tandem_large")


def _large_figures() -> dict[str, Any]:
    """In a process of its own on the large practice's PostgreSQL database (see _large_section)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from tandem.accounts.models import User
    from tandem.measures import snapshots
    from tandem.measures.models import PracticeSnapshot

    settings.ALLOWED_HOSTS = ["*"]
    lead = User.objects.get(email="lead@large.example")
    out: dict[str, Any] = {"load": os.getloadavg()[0]}
    start, cpu = time.perf_counter(), time.process_time()
    seconds = snapshots.recompute(lead.practice_id)
    out["recompute"] = {
        "wall": time.perf_counter() - start,
        "cpu": time.process_time() - cpu,
        **seconds,
    }
    for name, email, url in (
        ("caseload", "therapist1@large.example", "/caseload/"),
        ("report", "lead@large.example", "/reports/practice/"),
    ):
        client = Client()
        client.force_login(User.objects.get(email=email))
        first, _ = _request_ms(client, url)  # a new process: imports, templates
        times, cpus = [], []
        for _ in range(REPEATS):
            ms, used = _request_ms(client, url)
            times.append(ms)
            cpus.append(used)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        figures = {
            "first": first,
            "warm": statistics.median(times),
            "p_max": max(times),
            "cpu": statistics.median(cpus),
            "queries": len(ctx.captured_queries),
        }
        if name == "report":
            PracticeSnapshot.objects.filter(
                practice_id=lead.practice_id, kind=PracticeSnapshot.PRACTICE_REPORT
            ).update(data_version="0:0:0", requested_at=None)
            figures["stale"], _ = _request_ms(client, url)
            # That render queued a recomputation for a worker; do it here instead and take the
            # task back out, so that no later load test's worker spends its time on it.
            snapshots.recompute(lead.practice_id, [PracticeSnapshot.PRACTICE_REPORT])
            DBTaskResult.objects.filter(
                task_path="tandem.measures.tasks.recompute_practice", status=TaskResultStatus.READY
            ).delete()
        out[name] = figures
    return out


def _large_section() -> list[str]:
    """The caseload and practice report on the large practice (PostgreSQL), measured in a
    separate process because this one's settings point at the SQLite bench database."""
    import subprocess
    import sys

    env = {**os.environ, "DATABASE_URL": LARGE_URL, "SECRET_KEY": "bench-only"}
    env.pop("TANDEM_DATA_DIR", None)
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_pages", "--large"],
        env=env,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return [
            f"Large practice: skipped ({reason}). Load it with `DATABASE_URL={LARGE_URL} "
            "tandem seed-demo --scale large`, then run `python -m bench pages` again."
        ]
    f = json.loads(done.stdout.strip().splitlines()[-1])
    c, r, rc = f["caseload"], f["report"], f["recompute"]
    return [
        "Large practice on PostgreSQL (`tandem seed-demo --scale large`: 1,000 therapists, "
        "50,000 clients, 1,000,000 responses), one request at a time through Django's test "
        f"client. Load average {f['load']:.1f} on {os.cpu_count()} CPUs.",
        "",
        "| Page | Warm median (CPU) | Slowest of "
        f"{REPEATS} | First in a new process | Stale snapshot | SQL queries | Goal |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
        f"| Caseload, 50 clients | {c['warm']:.0f} ms ({c['cpu']:.0f} ms) | {c['p_max']:.0f} ms "
        f"| {c['first']:.0f} ms | — | {c['queries']} | < {BUDGET_MS} ms: "
        f"{'met' if c['warm'] < BUDGET_MS else '**not met**'} |",
        f"| Practice report, 50,000 episodes | {r['warm']:.0f} ms ({r['cpu']:.0f} ms) "
        f"| {r['p_max']:.0f} ms | {r['first']:.0f} ms | {r['stale']:.0f} ms | {r['queries']} "
        f"| < {BUDGET_MS} ms: {'met' if r['warm'] < BUDGET_MS else '**not met**'} |",
        "",
        "Recomputing the large practice's snapshots (the worker's job; `tandem recompute`): "
        f"{rc['wall']:.1f} s wall, {rc['cpu']:.1f} s CPU in Python — expected bands "
        f"{rc.get('bands', 0):.1f} s, practice report {rc.get('practice_report', 0):.1f} s "
        "(the rest of the wall time is PostgreSQL reading every response of the practice, and waiting for the shared CPUs).",
    ]


def _vega_page(picture: dict[str, Any]) -> str:
    """The same client-picture charts as Vega-Lite specs (Altair), one JSON block each."""
    import altair as alt
    import pandas as pd

    specs = []
    for chart in picture["charts"]:
        rows = []
        for row in chart.rows:
            for name, value in zip(chart.columns[1:], row[1:], strict=False):
                try:
                    rows.append({"x": row[0], "series": name, "y": float(value)})
                except (TypeError, ValueError):
                    continue
        frame = pd.DataFrame(rows)
        spec = (
            alt.Chart(frame, title=chart.title)
            .mark_line(point=True)
            .encode(
                x=alt.X("x:Q", title="Session"),
                y=alt.Y("y:Q"),
                color="series:N",
                tooltip=["x", "series", "y"],
            )
            .properties(width=380, height=200)
        )
        specs.append(spec.to_dict())
    blocks = "".join(
        f'<div class="vl" id="vl{i}"></div><script type="application/json" id="vl{i}-spec">'
        f"{json.dumps(s)}</script>"
        for i, s in enumerate(specs)
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>vega</title>"
        "<link rel='stylesheet' href='/static/tandem/tandem.css'>"
        "<script src='/vega-bundle.js'></script><script src='/vega-draw.js' defer></script>"
        f"</head><body><main>{blocks}</main></body></html>"
    )


VEGA_DRAW = """
Promise.all(Array.from(document.querySelectorAll('.vl')).map(function (el) {
  var spec = JSON.parse(document.getElementById(el.id + '-spec').textContent);
  return vegaEmbed('#' + el.id, spec, {renderer: 'svg', actions: false});
})).then(function () { window.chartsDone = performance.now(); });
"""


def _browser_figures(client: Any, picture_url: str, vega_html: str) -> dict[str, Any]:
    import vl_convert
    from playwright.sync_api import sync_playwright

    bundle = vl_convert.javascript_bundle()
    out: dict[str, Any] = {"bundle_bytes": len(bundle.encode())}

    def serve(route: Any, request: Any) -> None:
        path = request.url.split("://", 1)[1].split("/", 1)[1]
        path = "/" + path
        if path == "/vega-bundle.js":
            route.fulfill(body=bundle, content_type="text/javascript")
        elif path == "/vega-draw.js":
            route.fulfill(body=VEGA_DRAW, content_type="text/javascript")
        elif path == "/vega/":
            route.fulfill(body=vega_html, content_type="text/html")
        else:
            response = client.get(path)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            route.fulfill(
                status=response.status_code,
                body=body,
                content_type=response.get("Content-Type", "text/html"),
            )

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("TANDEM_CHROMIUM", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu"],
        )
        for label, url, done in (
            (
                "svg",
                f"http://tandem.bench{picture_url}",
                "document.querySelectorAll('svg.chart').length",
            ),
            ("vega", "http://tandem.bench/vega/", "window.chartsDone"),
        ):
            times, weights = [], []
            for _ in range(REPEATS):
                context = browser.new_context(viewport={"width": 1280, "height": 860})
                page = context.new_page()
                sizes: list[int] = []
                page.on("response", lambda r, s=sizes: s.append(len(r.body())))
                page.route("**/*", serve)
                start = time.perf_counter()
                page.goto(url)
                page.wait_for_function(done)
                times.append((time.perf_counter() - start) * 1000)
                page.wait_for_load_state("load")
                weights.append(sum(sizes))
                charts = page.locator("svg").count()
                context.close()
            out[label] = {
                "ms": statistics.median(times),
                "bytes": statistics.median(weights),
                "svgs": charts,
            }
        browser.close()
    return out


def run() -> str:
    _setup_django()
    from django.test import Client

    from tandem.reports.picture import picture_charts

    people = _fill(random.Random(20261123))
    therapist = Client()
    therapist.force_login(people["therapist"])
    admin = Client()
    admin.force_login(people["admin"])
    caseload = _time(therapist, "/caseload/")
    client_pk = people["episode"].client_id
    picture = _time(therapist, f"/clients/{client_pk}/")
    report = _time(admin, "/reports/practice/")
    lines = [
        f"Data: one therapist with {CASELOAD_CLIENTS} open episodes, a practice of "
        f"{PRACTICE_EPISODES:,} episodes of {SESSIONS} sessions each (PHQ-9, GAD-7 and both "
        f"partnership scales at every session), SQLite. Warm: median of {REPEATS} requests with "
        "the practice's snapshots (bands, report figures) fresh in the database. No snapshot: the "
        "first request after deleting them, which computes and keeps them (a new practice). "
        "Stale: the request after new data arrived, which shows the kept figures and queues a "
        f"recomputation. Budget {BUDGET_MS} ms. Load average while measuring: "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (other engineers' work shares them).",
        "",
        "| Page | Warm (CPU) | No snapshot | Stale snapshot | SQL queries | HTML |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, figures in (
        (f"Caseload, {CASELOAD_CLIENTS} clients", caseload),
        ("Client picture (10 sessions)", picture),
        (f"Practice report, {PRACTICE_EPISODES:,} episodes", report),
    ):
        lines.append(
            f"| {label} | {figures['warm']:.0f} ms ({figures['warm_cpu']:.0f} ms) | "
            f"{figures['none']:.0f} ms | {figures['stale']:.0f} ms | {figures['queries']} | "
            f"{figures['bytes'] / 1024:.0f} KiB |"
        )
    lines += ["", *_large_section()]
    try:
        data = picture_charts(people["therapist"], people["episode"], "Client")
        figures = _browser_figures(therapist, f"/clients/{client_pk}/", _vega_page(data))
    except Exception as error:  # noqa: BLE001 - the browser half is optional (no Chromium)
        lines += ["", f"Chart comparison skipped: {type(error).__name__}: {error}"]
        return "\n".join(lines)
    svg, vega = figures["svg"], figures["vega"]
    lines += [
        "",
        "Client picture in headless Chromium, every response served in-process (median of "
        f"{REPEATS} fresh page loads; bytes are response bodies, uncompressed):",
        "",
        "| Approach | Bytes transferred | Navigation to charts drawn |",
        "| --- | ---: | ---: |",
        f"| Server-rendered SVG (whole page, charts inline) | {svg['bytes'] / 1024:.0f} KiB | {svg['ms']:.0f} ms |",
        f"| Vega-Lite specs + vega-embed bundle ({figures['bundle_bytes'] / 1024:.0f} KiB) | {vega['bytes'] / 1024:.0f} KiB | {vega['ms']:.0f} ms |",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--large"]:
        print(json.dumps(_large_figures()))
    else:
        print(run())
