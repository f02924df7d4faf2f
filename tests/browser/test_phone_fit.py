"""At phone width (375 px), pages with long words in them fit the screen (issue 17.10, 17.17)."""

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = 375


@pytest.fixture
def narrow_phone(browser):
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 800}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def _overflowing(page):
    """Elements whose right edge passes the screen's (the page would scroll sideways)."""
    return page.evaluate(
        """(width) => [...document.querySelectorAll('main *')]
            .filter(e => e.getBoundingClientRect().right > width + 1)
            .map(e => e.tagName + (e.id ? '#' + e.id : ''))""",
        WIDTH,
    )


CHOSEN_FITS = """(id) => {
    const select = document.getElementById(id);
    const style = getComputedStyle(select);
    const context = document.createElement('canvas').getContext('2d');
    context.font = style.font;
    const words = select.selectedOptions[0].text;
    const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    return context.measureText(words).width <= select.clientWidth - padding - 24;
}"""


def test_the_transcript_formats_are_read_whole_on_a_phone(live_server, people, narrow_phone):
    page = narrow_phone
    sign_in(page, live_server.url, "therapist@harbour.test")
    page.goto(f"{live_server.url}/sessions/{people.session.pk}/")
    for value in page.eval_on_selector_all("#id_format option", "os => os.map(o => o.value)"):
        page.select_option("#id_format", value)
        assert page.evaluate(CHOSEN_FITS, "id_format"), value


def test_the_collection_schedule_fits_a_phone(live_server, people, narrow_phone):
    page = narrow_phone
    sign_in(page, live_server.url, "admin@harbour.test")
    page.goto(f"{live_server.url}/practice/instruments/")
    assert _overflowing(page) == []
    # Every timepoint's words are shown whole, inside the page's width.
    for value in ("assessment", "every_session", "every_n", "last_session", "follow_up_6m"):
        box = page.locator(f"label:has(#tp-growth-{value})").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, value
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH


PHQ9_LOW = {f"q{i}": 0 for i in range(1, 10)} | {"q1": 1}
PHQ9_HIGH = {f"q{i}": 2 for i in range(1, 9)} | {"q9": 0}
GAD7 = {f"q{i}": 1 for i in range(1, 8)}
LONG_COMMENT = ("More time on the week ahead, please. " * 110)[:4000]

# Each measure name on the page that is split over two lines (its parts on different rows).
BROKEN_NAMES = """() => { const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode; const names = /(PHQ-9|GAD-7)/g; let m;
    while ((m = names.exec(node.data))) {
      const range = document.createRange();
      range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
      const rows = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (rows.size > 1) out.push(node.parentElement.tagName + ': ' + node.data.trim().slice(0, 40));
    }
  }
  return out; }"""


@pytest.fixture
def two_sessions(people):
    from django.utils import timezone

    from tandem.care.models import Session
    from tandem.measures.actions import submit_response

    second = Session.objects.create(episode=people.episode, number=2, date=timezone.localdate())
    partnership = {i: 7 for i in ("heard", "focus", "fit", "together", "takeaway")} | {
        "next_time": LONG_COMMENT
    }
    for session, phq9 in ((people.session, PHQ9_LOW), (second, PHQ9_HIGH)):
        submit_response(people.client_user, people.episode, "phq9", phq9, session=session)
        submit_response(people.client_user, people.episode, "gad7", GAD7, session=session)
    submit_response(people.client_user, people.episode, "partnership", partnership, session=second)
    return second


def test_measure_names_never_break_across_lines(live_server, people, two_sessions, narrow_phone):
    page = narrow_phone
    sign_in(page, live_server.url, "therapist@harbour.test")
    for url in (
        "/caseload/",
        f"/clients/{people.client.pk}/",
        f"/sessions/{two_sessions.pk}/",
        f"/reports/episodes/{people.episode.pk}/",
    ):
        page.goto(live_server.url + url)
        assert page.evaluate(BROKEN_NAMES) == [], url
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, url


def test_the_progress_report_button_stands_clear_of_the_alerts(
    live_server, people, two_sessions, narrow_phone
):
    page = narrow_phone
    sign_in(page, live_server.url, "therapist@harbour.test")
    page.goto(f"{live_server.url}/clients/{people.client.pk}/")
    button = page.get_by_role("link", name="Progress report (print or PDF)").bounding_box()
    alerts = page.locator("#picture .alert-list").bounding_box()
    assert alerts is not None, "the worse PHQ-9 should raise an alert to stand clear of"
    assert alerts["y"] - (button["y"] + button["height"]) >= 12


def test_a_long_comment_shows_its_start_and_show_all(
    live_server, people, two_sessions, narrow_phone
):
    page = narrow_phone
    sign_in(page, live_server.url, "therapist@harbour.test")
    page.goto(f"{live_server.url}/clients/{people.client.pk}/")
    comment = page.locator("#com-h + ul li").first
    assert comment.bounding_box()["height"] < 220
    page.get_by_text("Show all").first.click()
    assert comment.bounding_box()["height"] > 1000
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
