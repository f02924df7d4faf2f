"""Load figures: real app processes on PostgreSQL with the large practice, loaded by wrk.

`python -m bench load` (part of `make bench`). Needs PostgreSQL (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/tandem_large) and wrk (Debian package `wrk`). If the large
practice is not in that database yet, `tandem seed-demo --scale large` loads it first.

What is measured, in one run, against one `tandem serve --workers 2` (two gunicorn worker
processes, four threads each) on this machine, with wrk on loopback:

1. the framework's ceiling: `/healthz`, a trivial Django view through the full middleware stack;
2. clients submitting the session scale: `POST /api/v1/responses`, each request a new session
   with a client's token of its own (its first use);
3. therapists opening their caseload (50 clients each): `GET /caseload/`;
4. page times under no load: the caseload and the practice report, one request at a time.

Beside requests per second it reports the CPU time the app processes spent per request (from
/proc, user + system, the gunicorn workers only) and the load average: on a shared machine wall
figures move with other people's work, CPU per request much less.

For experiments: BENCH_PARTS=submit measures only the ceiling and the submissions (no caseload,
no page times, nothing written to docs/benchmarks.md when run directly); BENCH_THREADS and
BENCH_WORKERS change `tandem serve --threads/--workers`.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TANDEM = str(Path(sys.executable).with_name("tandem"))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tandem_large"
)
DURATION = int(os.environ.get("BENCH_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
# Enough new sessions that no submission in the run is a repeat (a repeat is answered 200 from the
# stored response, a different and cheaper path): 1,500 a second for the whole run.
SUBMITTERS = int(os.environ.get("BENCH_SUBMITTERS", str(max(10_000, 1_500 * DURATION))))
THERAPISTS = 50
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
PARTS = os.environ.get("BENCH_PARTS", "all")
TICKS = os.sysconf("SC_CLK_TCK")
PASSWORD = "tandem-demo-large"  # tandem.demo.large.PASSWORD (that module needs Django)

DONE_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "p50": %d, "p95": %d, "p99": %d, '
    .. '"errors": %d, "status_errors": %d}\\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""

POST_LUA = """
local rows = {}
local i = 0
local threads = 0
-- setup runs once per wrk thread, before init: number them, so each can start at its own place
setup = function(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end
init = function(args)
  for line in io.lines(args[1]) do
    local token, body = line:match("^(%S+) (.*)$")
    rows[#rows + 1] = {token, body}
  end
  -- the 2 threads take turns through the rows (one the odd rows, the other the even ones), so no
  -- two threads submit the same session however their speeds differ (with enough rows for the
  -- run: BENCH_SUBMITTERS)
  i = thread_number or 0
end
request = function()
  local row = rows[(i % #rows) + 1]
  i = i + 2
  return wrk.format("POST", "/api/v1/responses", {
    ["Authorization"] = "Bearer " .. row[1],
    ["Content-Type"] = "application/json",
  }, row[2])
end
"""

GET_LUA = """
local cookies = {}
local i = 0
init = function(args)
  for line in io.lines(args[1]) do cookies[#cookies + 1] = line end
end
request = function()
  i = (i % #cookies) + 1
  return wrk.format("GET", "PATH", {["Cookie"] = cookies[i]})
end
"""

PREPARE = """
import json, sys
import django
django.setup()
from django.db import transaction
from django.db.models import Max
from tandem.accounts.models import User
from tandem.api.models import AccessToken, hash_token
from tandem.care.models import Episode, Session
from tandem.demo.large import PASSWORD
from tandem.measures import registry

submitters, therapists = int(sys.argv[1]), int(sys.argv[2])
instrument = registry.get(registry.SESSION_SCALE)
answers = {}
for item in instrument.items:
    if item.options:
        answers[item.id] = item.options[-1].value
    elif item.min is not None:
        answers[item.id] = item.max
with transaction.atomic():
    for n in range(1, therapists + 1):
        user = User.objects.get(email=f"therapist{n}@large.example")
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    episodes = list(
        Episode.objects.filter(client__practice__slug="large").select_related("client")
        .order_by("pk")[:submitters]
    )
    top = dict(Session.objects.filter(episode__in=episodes).values_list("episode").annotate(m=Max("number")))
    # Round robin over the episodes: a new session for each row (a second round when there are
    # more rows than episodes), and a token of its own for each row, so every submission is its
    # token's first use, as a client sending one questionnaire a week would be.
    sessions, tokens, secrets = [], [], []
    for k in range(submitters):
        episode = episodes[k % len(episodes)]
        sessions.append(Session(
            episode=episode, number=top.get(episode.pk, 0) + 1 + k // len(episodes),
            date=episode.started_on,
        ))
        secret = AccessToken.new_secret()
        secrets.append(secret)
        tokens.append(AccessToken(
            user_id=episode.client.user_id, name="bench", token_hash=hash_token(secret),
            prefix=secret[:10],
        ))
    Session.objects.bulk_create(sessions, batch_size=5000)
    AccessToken.objects.bulk_create(tokens, batch_size=5000)
    rows = []
    for session, secret in zip(sessions, secrets):
        body = {"instrument": instrument.id, "episode": session.episode_id, "session": session.pk,
                "answers": answers}
        rows.append(secret + " " + json.dumps(body, separators=(",", ":")))
print("\\n".join(rows))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def env() -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "SECRET_KEY": "bench-only-secret-key",
        "TANDEM_DATA_DIR": tempfile.mkdtemp(prefix="tandem-bench-"),
        "DJANGO_SETTINGS_MODULE": "tandem.settings",
    }


def ensure_database() -> None:
    """Create the benchmark's database if it does not exist yet (seeding fills it)."""
    import psycopg

    server, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(server + "/postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')


def cpu_seconds(master: int) -> tuple[float, float]:
    """User + system CPU seconds used so far by the gunicorn workers (the master's children) and
    by PostgreSQL (a server on this machine: its backends and background processes).

    Processes come and go during a run (a connection is closed after CONN_MAX_AGE and its backend
    ends; a new one starts), so the CPU of those that ended is counted too: it is added to their
    parent's "children" time when the parent reaps them (the postmaster, the gunicorn master)."""
    processes: dict[int, tuple[str, int, int, int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # the process ended while we looked
        name, rest = text.split(" (", 1)[1].rsplit(")", 1)
        fields = rest.split()
        # fields[1]: parent pid; [11], [12]: utime, stime; [13], [14]: reaped children's
        own, reaped = int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])
        processes[int(stat.parent.name)] = (name, int(fields[1]), own, reaped)
    app = database = 0
    for pid, (name, parent, own, reaped) in processes.items():
        if parent == master:
            app += own + reaped
        elif pid == master:
            app += reaped
        elif name.startswith("postgres"):
            database += own
            if not processes.get(parent, ("",))[0].startswith("postgres"):
                database += reaped  # the postmaster: backends that ended
    return app / TICKS, database / TICKS


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy (all cores; everything but idle and I/O wait):
    app, database, load generator and anything else running."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / TICKS


def stored_responses() -> int:
    """Responses in the benchmark's database: how many submissions were stored as new."""
    import psycopg

    with psycopg.connect(DATABASE_URL) as conn:
        row = conn.execute("SELECT count(*) FROM measures_response").fetchone()
    return int(row[0]) if row else 0


def settle_statistics() -> None:
    """Vacuum and analyse the tables the preparation just grew, now rather than when PostgreSQL's
    autovacuum would wake up to do it, which could be in the middle of a measured minute."""
    import psycopg

    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE) care_session, api_accesstoken, measures_response")


def load_average() -> float:
    return os.getloadavg()[0]


def ensure_large_practice(environment: dict[str, str]) -> str:
    ensure_database()
    started = time.monotonic()
    out = subprocess.run(
        [TANDEM, "seed-demo", "--scale", "large"],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    seconds = time.monotonic() - started
    if "already loaded" in out:
        return "already loaded"
    return f"loaded in {seconds:.0f} s:\n\n```\n{out.strip()}\n```"


def login(base: str, email: str, password: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base + "/accounts/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token, "no login form"
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": email, "password": password}
    ).encode()
    page = opener.open(base + "/accounts/login/", data=data, timeout=30)
    assert not page.url.endswith("/accounts/login/"), f"{email} could not sign in"
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def wrk(
    base: str, path: str, script: str, args: list[str], seconds: int, master: int = 0
) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script + DONE_LUA)
    load_before = load_average()
    cpu_before = cpu_seconds(master) if master else (0.0, 0.0)
    busy_before = machine_busy_seconds()
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            handle.name,
            base + path,
            "--",
            *args,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    result: dict[str, Any] = json.loads(line.removeprefix("RESULT "))
    result["rps"] = result["requests"] / result["seconds"]
    cpu_after = cpu_seconds(master) if master else (0.0, 0.0)
    result["cpu_ms"] = 1000 * (cpu_after[0] - cpu_before[0]) / max(1, result["requests"])
    result["db_cpu_ms"] = 1000 * (cpu_after[1] - cpu_before[1]) / max(1, result["requests"])
    result["busy_ms"] = 1000 * (machine_busy_seconds() - busy_before) / max(1, result["requests"])
    result["load"] = (load_before, load_average())
    return result


def page_times(base: str, path: str, cookie: str, n: int = 20) -> tuple[float, float]:
    """Median and p95 in ms of ``n`` requests one at a time; inf when a request takes > 60 s."""
    times = []
    for _ in range(n):
        request = urllib.request.Request(base + path, headers={"Cookie": cookie})
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
                ok = response.status == 200
        except OSError:
            ok = False
        if not ok:
            return float("inf"), float("inf")
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (n - 1))]


def _show(name: str, figures: Any) -> None:
    print(f"  {name}: {figures}", flush=True)


def run() -> str:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk (make bench does this)")
    environment = env()
    seeded = ensure_large_practice(environment)
    prepared = subprocess.run(
        [sys.executable, "-c", PREPARE, str(SUBMITTERS), str(THERAPISTS)],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    work = Path(tempfile.mkdtemp(prefix="tandem-wrk-"))
    (work / "submissions.txt").write_text(prepared.strip() + "\n")
    settle_statistics()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(work / "serve.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(
        [
            TANDEM,
            "serve",
            "--no-migrate",
            "--port",
            str(port),
            "--workers",
            str(WORKERS),
            "--threads",
            str(THREADS),
        ],
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(base + "/readyz", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        master = server.pid
        # Warm every worker process (imports, URLconf, instrument files) before measuring.
        wrk(base, "/healthz", "", [], 3)
        ceiling = wrk(base, "/healthz", "", [], DURATION, master)
        _show("ceiling", ceiling)
        submit_started = stored_responses()
        submit = wrk(
            base, "/api/v1/responses", POST_LUA, [str(work / "submissions.txt")], DURATION, master
        )
        submit["stored"] = stored_responses() - submit_started
        _show("submit", submit)
        if PARTS == "submit":
            return report(seeded, ceiling, submit, None, (0, 0), (0, 0))
        cookies = [
            login(base, f"therapist{n}@large.example", PASSWORD) for n in range(1, THERAPISTS + 1)
        ]
        (work / "cookies.txt").write_text("\n".join(cookies) + "\n")
        lead = login(base, "lead@large.example", PASSWORD)
        wrk(
            base,
            "/caseload/",
            GET_LUA.replace("PATH", "/caseload/"),
            [str(work / "cookies.txt")],
            3,
        )
        caseload = wrk(
            base,
            "/caseload/",
            GET_LUA.replace("PATH", "/caseload/"),
            [str(work / "cookies.txt")],
            DURATION,
            master,
        )
        _show("caseload", caseload)
        caseload_page = page_times(base, "/caseload/", cookies[0])
        _show("caseload page", caseload_page)
        report_page = page_times(base, "/reports/practice/", lead, n=3)
        _show("report page", report_page)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    return report(seeded, ceiling, submit, caseload, caseload_page, report_page)


def report(
    seeded: str,
    ceiling: dict[str, Any],
    submit: dict[str, Any],
    caseload: dict[str, Any] | None,
    caseload_page: tuple[float, float],
    report_page: tuple[float, float],
) -> str:
    def row(name: str, r: dict[str, Any]) -> str:
        return (
            f"| {name} | {r['rps']:,.0f} | {r['p50'] / 1000:.1f} | {r['p95'] / 1000:.1f} | "
            f"{r['p99'] / 1000:.1f} | {r['errors'] + r['status_errors']} | "
            f"{r['rps'] / ceiling['rps']:.0%} | {r['cpu_ms']:.2f} | {r['db_cpu_ms']:.2f} | "
            f"{r['load'][0]:.1f} → {r['load'][1]:.1f} |"
        )

    share = submit["rps"] / ceiling["rps"]
    missing = submit["requests"] - submit.get("stored", 0)
    repeats = (
        "no submission was a repeat answered from an earlier one"
        if missing <= 0
        else f"at least {missing:,} were repeats answered from an earlier one (not new work)"
    )
    cpu_share = ceiling["cpu_ms"] / submit["cpu_ms"] if submit["cpu_ms"] else 0.0
    # What the goal allows at best on this machine: a submission that cost the app no more than the
    # trivial view itself (the same server, middleware and response) plus the database's measured
    # work for it. The machine's busy CPU per trivial request covers the app, wrk and the rest.
    best = (
        ceiling["busy_ms"] / (ceiling["busy_ms"] + submit["db_cpu_ms"]) if submit["busy_ms"] else 0
    )

    def ms(value: float) -> str:
        return f"{value:.0f}" if value != float("inf") else "no page (timed out)"

    caseload_row = row("`GET /caseload/`", caseload) if caseload is not None else ""
    pages = (
        textwrap.dedent(
            f"""
            ### Pages with the large practice, one request at a time

            | page | median ms | p95 ms | goal |
            |---|---:|---:|---|
            | caseload (50 clients) | {ms(caseload_page[0])} | {ms(caseload_page[1])} | < 300 ms: **{"met" if caseload_page[1] < 300 else "not met"}** |
            | practice report (50,000 clients) | {ms(report_page[0])} | {ms(report_page[1])} | < 300 ms: **{"met" if report_page[1] < 300 else "not met"}** |
            """
        )
        if caseload is not None
        else ""
    )
    return (
        textwrap.dedent(
            f"""
            ### Load: {WORKERS} app processes on PostgreSQL, wrk on loopback

            `tandem serve --workers {WORKERS} --threads {THREADS}` (gunicorn), PostgreSQL 15 on the
            same machine, wrk with 2 threads and {CONNECTIONS} connections, {DURATION} s per
            endpoint, one after the other in one run. Database: the large practice (1,000
            therapists, 50,000 clients, 1,000,000 responses; {seeded.splitlines()[0]}).
            Submissions: {SUBMITTERS:,} prepared new sessions of the practice's clients, each with
            a client's API token used for the first time; each request one session's partnership
            scale (201, stored, scored, audited). Caseloads: {THERAPISTS}
            therapists with 50 clients each, signed in.

            | endpoint | req/s | p50 ms | p95 ms | p99 ms | errors | of ceiling | app CPU ms per request | PostgreSQL CPU ms per request | load average (1 min) |
            |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
            {row("`GET /healthz` (trivial view: the ceiling)", ceiling)}
            {row("`POST /api/v1/responses`", submit)}
            {caseload_row}

            New responses stored during the submission run: {submit.get("stored", 0):,} (wrk
            counts {submit["requests"]:,}; those in flight when it stops are stored but not
            counted), so {repeats}.
            Submission throughput is {share:.0%} of the trivial view's (goal ≥ 50%):
            **{"met" if share >= 0.5 else "not met"}**. By CPU time in the app processes, which
            other work on the machine disturbs less, a submission costs
            {submit["cpu_ms"] / max(ceiling["cpu_ms"], 1e-9):.1f}× the trivial view (so at most
            {cpu_share:.0%} of its rate while the app's CPU is the limit; PostgreSQL's own CPU,
            on the same two cores, comes on top). Whole machine, busy CPU per request (app,
            PostgreSQL, wrk and the rest): {ceiling["busy_ms"]:.2f} ms for the trivial view,
            {submit["busy_ms"]:.2f} ms for a submission. Even a submission that cost the app no
            more than the trivial view does would, with PostgreSQL's {submit["db_cpu_ms"]:.2f} ms
            for it on the same two cores, reach at most {best:.0%} of the trivial view's rate.
            Errors count failed connections, timeouts and non-2xx/3xx answers. The load average
            shows how busy the machine was before → after each endpoint's run (it counts runnable
            threads: the app's 8, PostgreSQL's backends and wrk's, so it passes 2.0 under load).
            """
        ).strip()
        + ("\n\n" + pages.strip() if pages else "")
        + (f"\n\nSeeding: {seeded}" if "loaded in" in seeded else "")
    )


if __name__ == "__main__":
    print(run())
