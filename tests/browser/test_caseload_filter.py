"""The caseload filter in use is marked for a screen reader (aria-current) and to the eye: filled,
bold and ticked, not only coloured (issue 17.17)."""

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

LOOK = """(link) => { const s = getComputedStyle(link); const tick = getComputedStyle(link, '::before');
  return [s.backgroundColor, s.fontWeight, tick.content]; }"""


def test_the_filter_in_use_is_marked(live_server, people, desktop):
    sign_in(desktop, live_server.url, "therapist@harbour.test")
    desktop.goto(f"{live_server.url}/caseload/?show=due")
    filters = desktop.get_by_role("navigation", name="Filter the caseload")
    current = filters.locator("[aria-current=page]")
    assert current.count() == 1 and current.inner_text().strip().endswith("Something due")
    chosen = current.evaluate(LOOK)
    other = filters.get_by_role("link", name="Open episodes").evaluate(LOOK)
    assert chosen[0] != other[0]  # filled
    assert int(chosen[1]) > int(other[1])  # bold
    assert "✓" in chosen[2] and other[2] in ("none", "normal")  # ticked
