"""The dashboards on the demo practice in a real browser: a therapist knows in seconds who needs
attention and why, a client understands their own progress, and nobody sees what is not theirs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.browser.demo_server import demo_sign_in, demo_url, fits_the_screen

__all__ = ["demo_url"]

NO_INLINE = """() => {
  const main = document.querySelector('main');
  return {
    styles: main.querySelectorAll('[style]').length,
    scripts: main.querySelectorAll('script:not([src]):not([type="application/json"])').length,
  };
}"""


def test_the_caseload_puts_those_needing_attention_first_with_reasons(
    demo_url: str, desktop: Any
) -> None:
    demo_sign_in(desktop, demo_url, "therapist@example.org")
    rows = desktop.locator("#caseload tbody tr")
    first = rows.first
    assert first.locator(".attention-reason").count() >= 1
    # Every alert is a sentence with its numbers, e.g. "… from 11 to 18 since intake …".
    reasons = desktop.locator(".attention-reason").all_inner_texts()
    assert any("counts as reliable" in r for r in reasons)
    # Rows without alerts come after every row with one.
    needs = [r.get_attribute("class") for r in rows.all()]
    flags = ["needs" in (c or "") for c in needs]
    assert flags == sorted(flags, reverse=True)
    assert desktop.locator("#caseload svg.spark path").count() >= 5
    assert desktop.evaluate(NO_INLINE) == {"styles": 0, "scripts": 0}


def test_the_caseload_filters_and_moves_by_keyboard(demo_url: str, desktop: Any) -> None:
    demo_sign_in(desktop, demo_url, "therapist@example.org")
    total = desktop.locator("#caseload tbody tr.caseload-row").count()
    desktop.get_by_label("Only those needing attention").check()
    shown = desktop.locator("#caseload tbody tr.caseload-row:visible").count()
    assert 0 < shown < total
    desktop.get_by_label("Only those needing attention").uncheck()
    desktop.keyboard.press("/")
    assert desktop.evaluate("document.activeElement.id") == "caseload-search"
    name = desktop.locator("#caseload a.client-link").nth(2).inner_text()
    desktop.keyboard.type(name[:4].lower())
    assert desktop.locator("#caseload tbody tr.caseload-row:visible").count() >= 1
    assert "shown" in desktop.locator("#caseload-count").inner_text()
    desktop.keyboard.press("ArrowDown")
    focused = desktop.evaluate("document.activeElement.textContent")
    assert focused.lower().startswith(name[:4].lower())
    with desktop.expect_navigation():
        desktop.keyboard.press("Enter")
    expect(desktop.get_by_role("heading", name="Progress at a glance")).to_be_visible()


def test_the_caseload_finds_a_name_copied_from_a_page(demo_url: str, desktop: Any) -> None:
    # Pages keep a name beside its initial with a no-break space ("Ada\u00a0L."): pasted into the
    # search, it still finds the client.
    demo_sign_in(desktop, demo_url, "therapist@example.org")
    name = desktop.locator("#caseload a.client-link").nth(1).inner_text().strip()
    pasted = name.replace(" ", "\u00a0")
    assert "\u00a0" in pasted
    desktop.get_by_label("Find a client").fill(pasted)
    visible = desktop.locator("#caseload tbody tr.caseload-row:visible a.client-link")
    assert name.replace("\u00a0", " ") in [
        n.replace("\u00a0", " ") for n in visible.all_inner_texts()
    ]


def test_the_client_picture_draws_every_chart_with_its_data(demo_url: str, desktop: Any) -> None:
    demo_sign_in(desktop, demo_url, "therapist@example.org")
    with desktop.expect_navigation():  # count() below does not wait for the new page
        desktop.locator("#caseload a.client-link").first.click()
    for chart in ("chart-phq9", "chart-gad7", "chart-partnership"):
        points = desktop.locator(f"svg[data-chart={chart}] .pt").count()
        assert points >= 2, chart
    # Both raters on the partnership chart, told apart by line style as well as colour.
    assert desktop.locator("svg[data-chart=chart-partnership] .line-secondary").count() >= 1
    assert desktop.locator("svg[data-chart=chart-phq9] .cutoff").count() == 1
    # The text alternative: a summary sentence and the numbers behind a disclosure.
    figure = desktop.locator("#chart-phq9-fig")
    assert "PHQ-9 went from" in figure.locator(".chart-summary").inner_text()
    figure.get_by_text("The numbers behind this chart").click()
    assert figure.locator("table tbody tr").count() >= 2
    assert desktop.evaluate(NO_INLINE) == {"styles": 0, "scripts": 0}


def test_the_charts_need_no_javascript(demo_url: str, browser: Any) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 860}
    )
    page = context.new_page()
    demo_sign_in(page, demo_url, "therapist@example.org")
    page.locator("#caseload a.client-link").first.click()
    assert page.locator("svg.chart .pt").count() > 5
    # Without JavaScript the filters stay hidden; the server-side ones remain.
    assert (
        not page.locator("#caseload-filters").is_visible()
        if page.url.endswith("/caseload/")
        else True
    )
    context.close()


def test_the_progress_report_prints_and_downloads(demo_url: str, desktop: Any) -> None:
    demo_sign_in(desktop, demo_url, "therapist@example.org")
    desktop.locator("#caseload a.client-link").first.click()
    desktop.get_by_role("link", name="Progress report (print or PDF)").click()
    expect(desktop.get_by_role("heading", name="Summary")).to_be_visible()
    desktop.emulate_media(media="print")
    assert not desktop.get_by_role("link", name="Download PDF").is_visible()
    assert not desktop.locator("header.site").is_visible()
    expect(desktop.locator("svg.chart").first).to_be_visible()
    desktop.emulate_media(media="screen")
    # WeasyPrint takes a second or two (more on a busy machine).
    with desktop.expect_download(timeout=120_000) as download:
        desktop.get_by_role("link", name="Download PDF").click(timeout=120_000)
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"


def test_a_client_sees_their_progress_on_a_phone(demo_url: str, phone: Any) -> None:
    demo_sign_in(phone, demo_url, "client@example.org")
    phone.get_by_role("link", name="Is my therapy working? See my progress").click()
    expect(phone.get_by_role("heading", name="Is my therapy working?")).to_be_visible()
    assert phone.locator("svg[data-chart=my-phq9] .pt").count() >= 2
    expect(phone.get_by_text("counts as a real change").first).to_be_visible()
    assert fits_the_screen(phone)
    # Only the client's own side: no therapist ratings, no private reflections.
    text = phone.locator("main").inner_text()
    assert "Therapist" not in text and "reflection" not in text.lower()


def test_a_client_cannot_reach_therapist_or_practice_pages(demo_url: str, phone: Any) -> None:
    demo_sign_in(phone, demo_url, "client@example.org")
    for path in (
        "/caseload/",
        "/reports/practice/",
        "/clients/1/",
        "/reports/episodes/1/",
        "/reports/episodes/1/report.pdf",
    ):
        assert phone.goto(f"{demo_url}{path}").status == 404, path


def test_a_therapist_cannot_reach_the_practice_report_or_another_practice(
    demo_url: str, desktop: Any, phone: Any
) -> None:
    demo_sign_in(desktop, demo_url, "therapist@example.org")
    assert desktop.goto(f"{demo_url}/reports/practice/").status == 404
    # The therapist next door (who runs Other Practice) sees nothing of Harbour Lane.
    demo_sign_in(phone, demo_url, "other-therapist@example.org")
    for path in ("/reports/episodes/1/", "/reports/episodes/1/report.pdf", "/clients/1/"):
        assert phone.goto(f"{demo_url}{path}").status == 404, path


def test_the_practice_report_shows_rates_and_the_therapist_comparison(
    demo_url: str, phone: Any
) -> None:
    demo_sign_in(phone, demo_url, "supervisor@example.org")
    phone.get_by_role("link", name="Practice report").click()
    expect(phone.get_by_role("heading", name="Outcomes for the practice")).to_be_visible()
    # Only ended episodes are outcomes (issue 15): the open ones are counted apart, and a
    # therapist with fewer than ten paired episodes is listed in the comparison without a point.
    expect(phone.get_by_text("not ended (open or paused", exact=False)).to_be_visible()
    expect(phone.get_by_text("finished a course", exact=False)).to_be_visible()
    assert phone.locator("svg[data-chart=chart-therapists]").count() == 1
    assert fits_the_screen(phone)
