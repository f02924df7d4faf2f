"""Dashboard page speed, and the measurement behind the chart decision (docs/dashboards.md).

1. Server-side render time and SQL query count of the caseload of a therapist with 150 clients
   and of the practice report over 5,000 episodes (a fresh SQLite database in a temporary
   folder; medians of warm requests through Django's test client, middleware included).
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


def _time(client: Any, url: str) -> tuple[float, int, int, float]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # imports and template loading, once per process
    cache.clear()  # cold: no cached bands, no cached report
    start = time.perf_counter()
    client.get(url)
    cold = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return statistics.median(times), len(ctx.captured_queries), len(response.content), cold


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
        f"partnership scales at every session). Median of {REPEATS} warm requests; budget "
        f"{BUDGET_MS} ms. Load average while measuring: {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} CPUs.",
        "",
        "| Page | Server render (warm) | First render (cold cache) | SQL queries | HTML |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| Caseload, {CASELOAD_CLIENTS} clients | {caseload[0]:.0f} ms | {caseload[3]:.0f} ms | {caseload[1]} | {caseload[2] / 1024:.0f} KiB |",
        f"| Client picture (10 sessions) | {picture[0]:.0f} ms | {picture[3]:.0f} ms | {picture[1]} | {picture[2] / 1024:.0f} KiB |",
        f"| Practice report, {PRACTICE_EPISODES:,} episodes | {report[0]:.0f} ms | {report[3]:.0f} ms | {report[1]} | {report[2] / 1024:.0f} KiB |",
    ]
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
    print(run())
