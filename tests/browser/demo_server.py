"""A real Tandem server with the demo practice, started once per test session for the dashboard
browser tests (as datasette's Playwright tests do): seeded once, then only read.

It runs with its own SQLite file in a temporary folder whatever DATABASE_URL says, so the
dashboard tests see the full demo practice without reseeding it for every test.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

TANDEM = str(Path(sys.executable).with_name("tandem"))
PASSWORD = "tandem-demo"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory: Any) -> Iterator[str]:
    data = tmp_path_factory.mktemp("demo-data")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    env["TANDEM_DATA_DIR"] = str(data)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([TANDEM, "seed-demo", "--quiet"], env=env, check=True, capture_output=True)
    port = _free_port()
    log = open(data / "server.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [TANDEM, "serve", "--no-migrate", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=2).close()
            break
        except OSError as error:
            if time.monotonic() > deadline or server.poll() is not None:
                server.terminate()
                log_text = (data / "server.log").read_text()
                raise RuntimeError(f"demo server did not start: {log_text}") from error
            time.sleep(0.3)
    try:
        yield url
    finally:
        server.terminate()
        try:
            # A busy machine can take a while to let the server finish its last request; a
            # server that will not stop is killed rather than failing the test that used it.
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)
        log.close()


def demo_sign_in(page: Any, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("domcontentloaded")


def serious_violations(page: Any) -> list[str]:
    """axe-core (vendored by axe-playwright-python, offline) on the page as it is now: the
    serious and critical violations, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = []
    for v in results.response["violations"]:
        if v.get("impact") in ("serious", "critical"):
            targets = [", ".join(n["target"]) for n in v["nodes"][:3]]
            found.append(f"{v['id']} ({v['impact']}): {v['help']} at {targets}")
    return found


def fits_the_screen(page: Any) -> bool:
    """Nothing sideways: the page is no wider than the screen. Measured against the page's own
    width (clientWidth): on a phone (is_mobile) the window grows to fit whatever sticks out, so
    window.innerWidth would pass a page that scrolls sideways.

    Waits for the page to load first: right after a click, page.url can already name the new page
    while its document is still empty (CI once measured that empty document and failed)."""
    page.wait_for_load_state("load")
    return bool(
        page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
        )
    )
