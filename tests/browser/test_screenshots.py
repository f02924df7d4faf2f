"""Every dashboard page at desktop and phone size: it renders, shows a chart, passes axe-core.

`make screenshots` runs this with --screenshots and writes the PNGs to docs/screenshots/; without
the flag it is an ordinary check (the same pages, the same assertions, no files written).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.demo_server import demo_sign_in, demo_url, fits_the_screen, serious_violations

__all__ = ["demo_url"]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

# (name, who signs in, how to reach the page, what must be on it)
PAGES = [
    ("caseload", "therapist@example.org", "/caseload/", "#caseload svg.spark"),
    ("client-picture", "therapist@example.org", "first-client", "svg.chart[data-chart=chart-phq9]"),
    ("progress-report", "therapist@example.org", "report", "svg.chart[data-chart=chart-phq9]"),
    ("portal-home", "client@example.org", "/portal/", "a[href='/portal/progress/']"),
    ("portal-progress", "client@example.org", "/portal/progress/", "svg.chart[data-chart=my-phq9]"),
    (
        "session-transcript",
        "therapist@example.org",
        "demo-transcript",
        "svg.chart[data-chart$='-client']",
    ),
    (
        "practice-report",
        "admin@example.org",
        "/reports/practice/",
        "svg.chart[data-chart=chart-therapists]",
    ),
]


def _open(page: Any, base: str, how: str) -> Any:
    if how == "first-client":
        page.goto(f"{base}/caseload/")
        href = page.locator("#caseload a.client-link").first.get_attribute("href")
        return page.goto(f"{base}{href}")
    if how == "report":
        page.goto(f"{base}/caseload/")
        href = page.locator("#caseload a.client-link").first.get_attribute("href")
        page.goto(f"{base}{href}")
        report = page.get_by_role("link", name="Progress report (print or PDF)")
        return page.goto(f"{base}{report.get_attribute('href')}")
    if how == "demo-transcript":
        # The demo's transcribed session: Jordan M.'s latest, the last row of her sessions table.
        page.goto(f"{base}/caseload/")
        page.get_by_role("link", name="Jordan M.").first.click()
        links = page.locator("table a[href^='/sessions/']")
        numbered = [
            (int(text), links.nth(i).get_attribute("href"))
            for i in range(links.count())
            if (text := links.nth(i).inner_text().strip()).isdigit()
        ]
        return page.goto(f"{base}{max(numbered)[1]}")
    return page.goto(f"{base}{how}")


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize(("name", "who", "how", "selector"), PAGES, ids=[p[0] for p in PAGES])
def test_it_renders_each_dashboard_page(
    request: Any, demo_url: str, size: str, name: str, who: str, how: str, selector: str
) -> None:
    page = request.getfixturevalue(size)
    refused: list[str] = []
    page.on(
        "console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None
    )
    demo_sign_in(page, demo_url, who)
    response = _open(page, demo_url, how)
    assert response.status == 200
    assert page.locator(selector).count() >= 1
    assert serious_violations(page) == []
    assert refused == []  # nothing blocked by the Content-Security-Policy
    if size == "phone":
        assert fits_the_screen(page)
    if request.config.getoption("--screenshots"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=True)
