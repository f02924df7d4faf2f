"""A client's short name ("Bilal G.") never breaks between the name and the initial on a phone:
wherever the staff pages show it (headings, sentences, a chart's legend, the risk alert box), the
space before the initial does not break (tandem.web.words.kept_together). Read at 375 px in
English and Spanish, as the therapist and as the supervisor."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.reports.tests.conftest import add_scores, partnership
from tandem.safety.tests.test_risk_answers import submit
from tests.browser.conftest import new_page, sign_in_by_fields

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "Bilal G."
PHONE = {"width": 375, "height": 812}

# Each visible text under ``selector`` that holds the name with a space a line may break at, and
# each that the screen shows on more than one line.
BREAKABLE = """([name, selector]) => { const out = [];
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let n; while ((n = walker.nextNode())) {
      const t = n.textContent, at = t.indexOf(name);
      if (at < 0 || !n.parentElement.checkVisibility()) continue;
      const r = document.createRange(); r.setStart(n, at); r.setEnd(n, at + name.length);
      const tops = new Set([...r.getClientRects()].filter(b => b.width).map(b => Math.round(b.top)));
      out.push((tops.size > 1 ? 'wrapped: ' : 'breakable: ') + t.trim().slice(0, 80));
    }
  }
  return out; }"""
KEPT = "Bilal\u00a0G."
# Where the name is shown in a sentence, a heading or a chart's legend on the pages kept here:
# the whole progress report; on the client's page its charts, the risk alert and the heading of
# the client's own words; the risk alert on the supervisor's page.
WHERE = {
    "report": "main",
    "client": "main .chart-figure, main section.risk, #com-h",
    "supervision": "main section.risk",
}


@pytest.fixture
def bilal(people: Any, client: Any) -> Any:
    people.client.display_name = NAME
    people.client.share_with_supervisor = True
    people.client.save()
    add_scores(
        people.episode,
        {"phq9": [18, 15, 11], "partnership": [partnership(7.5)] * 3},
        respondent=people.client_user,
    )
    submit(client, people, 2)  # an open risk alert, shown in the alert box
    return people


@pytest.mark.parametrize("locale", ["en-GB", "es-ES"])
@pytest.mark.parametrize("who", ["therapist", "supervisor"])
def test_a_short_name_stays_on_one_line(
    live_server: Any, bilal: Any, browser: Any, locale: str, who: str
) -> None:
    page = new_page(browser, PHONE, phone=True, locale=locale)
    sign_in_by_fields(page, live_server.url, f"{who}@harbour.test")
    pages = {
        "report": f"/reports/episodes/{bilal.episode.pk}/",
        "client": f"/clients/{bilal.client.pk}/",
        "supervision": "/supervision/" if who == "supervisor" else "/",
    }
    found, kept = {}, {}
    for kind, path in pages.items():
        page.goto(live_server.url + path)
        found[kind] = page.evaluate(BREAKABLE, [NAME, WHERE[kind]])
        kept[kind] = page.locator(WHERE[kind]).get_by_text(KEPT).count()
    page.context.close()
    assert found == {kind: [] for kind in pages}
    # And the name is there, kept together: in the report's heading and sentences, and on the
    # client's page in the legend, the alert box and the heading of their words. (A supervisor's
    # own pages show a risk alert box only in some states: checked there when it is shown.)
    assert kept["report"] >= 3 and kept["client"] >= 3, kept
