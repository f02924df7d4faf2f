"""`tandem serve` on one machine runs a background worker beside the web processes: in the demo,
a transcript uploaded on a session's page is analysed without anyone starting `tandem worker`."""

from __future__ import annotations

from typing import Any

from tests.browser.demo_server import demo_sign_in, demo_url, serious_violations

__all__ = ["demo_url"]

TRANSCRIPT = """T: How have the mornings been since we last met?
C: A bit better. I got up with the alarm on four days out of five.
T: Four days out of five, and that felt like a change for you.
C: It did. I want to keep it going, even on the weekend.
T: What would help on Saturday?
C: Maybe planning something for the morning, like meeting my sister for coffee.
"""


def test_an_upload_in_the_demo_is_analysed_by_the_worker_beside_the_server(
    demo_url: str, desktop: Any
) -> None:
    demo_sign_in(desktop, demo_url, "therapist@example.org")
    desktop.goto(f"{demo_url}/caseload/")
    desktop.get_by_role("link", name="Rafael E.").first.click()
    desktop.locator("table a[href^='/sessions/']").first.click()
    box = desktop.get_by_label("…or paste the transcript")
    if not box.is_visible():  # the form is folded away once a session has an analysis
        desktop.get_by_text("Analyse a transcript of this session").click()
    box.fill(TRANSCRIPT)
    desktop.get_by_role("button", name="Analyse").click()
    desktop.wait_for_load_state("domcontentloaded")
    # Nobody runs a worker in this test: the one `tandem serve` started picks the task up, and
    # the page, which reloads itself while the analysis is pending, shows the result.
    desktop.get_by_text("Estimated overall quality").wait_for(timeout=60_000)
    assert desktop.get_by_text("Analysing…").count() == 0
    assert desktop.locator("svg.chart[data-chart$='-therapist']").count() == 1
    assert serious_violations(desktop) == []
