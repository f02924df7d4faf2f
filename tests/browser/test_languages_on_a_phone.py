"""The sign-in page in Spanish, and in a right-to-left language, on a 375 px phone: the page says
its language and direction, mirrors in right to left, and nothing runs off the side (docs/i18n.md).

Right to left is checked with the pseudo-language ar-xb (tandem.web.pseudo): Tandem's own words,
forced to run right to left as Arabic or Hebrew would."""

import pytest

from tests.browser.conftest import sign_in_by_fields

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = 375


@pytest.fixture
def phone_in(browser, pseudo_languages):
    contexts = []

    def open_page(language):
        context = browser.new_context(
            viewport={"width": WIDTH, "height": 800},
            device_scale_factor=2,
            is_mobile=True,
            extra_http_headers={"Accept-Language": language},
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def _fits(page):
    """Nothing wider than the screen: the page does not scroll sideways."""
    return page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def _box(page, selector):
    return page.locator(selector).first.bounding_box()


def _words(page, selector):
    """Where an element's words are (not its box, which may be as wide as the page)."""
    return page.evaluate(
        """(selector) => { const range = document.createRange();
            range.selectNodeContents(document.querySelector(selector));
            const box = range.getBoundingClientRect();
            return {x: box.x, width: box.width}; }""",
        selector,
    )


def test_the_sign_in_page_in_spanish_fits_a_phone(live_server, phone_in, tmp_path):
    page = phone_in("es-ES,es;q=0.9")
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.get_attribute("html", "lang") == "es"
    assert page.get_attribute("html", "dir") == "ltr"
    assert page.get_by_role("heading", level=1).inner_text() == "Entra en Tandem"
    page.get_by_label("Correo electrónico").fill("alguien@ejemplo.test")
    page.get_by_label("Contraseña").fill("no-es-esta")
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_load_state("domcontentloaded")
    assert "no coinciden con ninguna cuenta activa" in page.locator("[role=alert]").inner_text()
    assert _fits(page)
    page.screenshot(path=str(tmp_path / "sign-in-es.png"), full_page=True)


def test_the_sign_in_page_mirrors_right_to_left(live_server, phone_in, tmp_path):
    page = phone_in("ar-XB")
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.get_attribute("html", "lang") == "ar-xb"
    assert page.get_attribute("html", "dir") == "rtl"
    assert _fits(page)
    # The brand starts at the right (and still reads "Tandem"), and a label's words end at its
    # field's right edge.
    brand, card = _box(page, "a.brand"), _box(page, ".login-box")
    assert brand["x"] + brand["width"] > WIDTH * 0.75
    assert (
        page.evaluate("document.querySelector('a.brand span').getBoundingClientRect().x")
        > brand["x"] + 10
    )
    label, field = _words(page, "label[for=id_username]"), _box(page, "#id_username")
    assert abs((label["x"] + label["width"]) - (field["x"] + field["width"])) < 2
    assert label["x"] > field["x"] + 10
    assert card["x"] >= 0 and card["x"] + card["width"] <= WIDTH
    page.screenshot(path=str(tmp_path / "sign-in-rtl.png"), full_page=True)


def test_a_signed_in_page_mirrors_right_to_left(live_server, people, phone_in, tmp_path):
    page = phone_in("ar-XB")
    # Signing in by the fields' ids: their labels are in the pseudo-language.
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "therapist@harbour.test")
    page.fill("#id_password", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    page.goto(f"{live_server.url}/accounts/sessions/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert _fits(page)
    # The first menu item is at the right; the page's heading starts at the right.
    first, second = _box(page, "nav li:nth-child(1) a"), _box(page, "nav li:nth-child(2) a")
    assert first["x"] > second["x"] or first["y"] < second["y"]
    heading = _box(page, "main h1")
    assert heading["x"] + heading["width"] > WIDTH - 40
    page.screenshot(path=str(tmp_path / "account-rtl.png"), full_page=True)


def _arrow(page, selector, glyph):
    """Where ``glyph`` sits in the link ``selector`` against the middle of the link's words:
    positive at its right, negative at its left."""
    return page.evaluate(
        """([selector, glyph]) => { const link = document.querySelector(selector);
            const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
            let node; while ((node = walker.nextNode()) && !node.data.includes(glyph)) {}
            const range = document.createRange(), at = node.data.indexOf(glyph);
            range.setStart(node, at); range.setEnd(node, at + 1);
            const arrow = range.getBoundingClientRect();
            range.selectNodeContents(link); const words = range.getBoundingClientRect();
            return (arrow.x + arrow.width / 2) - (words.x + words.width / 2); }""",
        [selector, glyph],
    )


def test_arrows_point_the_right_way_right_to_left(live_server, people, phone_in, tmp_path):
    """Unicode turns brackets round in right-to-left text but not arrows: the pager's "newer"
    link and the trail's way back sit at the right, where lines start, and point there (→);
    "older" sits at the left and points left (←)."""
    from tandem.audit.chain import record

    for _ in range(120):
        record(
            actor=people.therapist,
            action="client.view",
            obj=people.client,
            client_id=people.client.pk,
            practice_id=people.practice.pk,
        )
    page = phone_in("ar-XB")
    sign_in_by_fields(page, live_server.url, "admin@harbour.test")
    page.goto(f"{live_server.url}/practice/clients/{people.client.pk}/audit/?page=2")
    assert page.get_attribute("html", "dir") == "rtl"
    assert _fits(page)
    newer, older = "nav.pager a[rel=prev]", "nav.pager a[rel=next]"
    assert page.locator(newer).first.inner_text().startswith("→")
    assert page.locator(older).first.inner_text().endswith("←")
    assert _arrow(page, newer, "→") > 0 and _arrow(page, older, "←") < 0
    newer_box, older_box = _box(page, newer), _box(page, older)
    assert newer_box["x"] > older_box["x"] or newer_box["y"] < older_box["y"]
    back = "main p.small a"
    assert page.locator(back).first.inner_text().startswith("→")
    assert _arrow(page, back, "→") > 0
    page.screenshot(path=str(tmp_path / "trail-rtl.png"), full_page=True)
    # The same page in Spanish keeps the arrows as they were.
    spanish = phone_in("es-ES,es;q=0.9")
    sign_in_by_fields(spanish, live_server.url, "admin@harbour.test")
    spanish.goto(f"{live_server.url}/practice/clients/{people.client.pk}/audit/?page=2")
    assert spanish.locator(newer).first.inner_text().startswith("←")
    assert spanish.locator(older).first.inner_text().endswith("→")
    assert _arrow(spanish, newer, "←") < 0 and _arrow(spanish, back, "←") < 0


def test_a_chart_keeps_its_labels_in_place_right_to_left(live_server, people, phone_in, tmp_path):
    """A chart is drawn left to right in every language: on a right-to-left page its tick
    numbers stay left of the plot and its cutoff's name inside the chart."""
    from tandem.reports.tests.conftest import add_scores

    add_scores(people.episode, {"phq9": [18, 15, 11, 9]}, respondent=people.client_user)
    page = phone_in("ar-XB")
    sign_in_by_fields(page, live_server.url, "therapist@harbour.test")
    page.goto(f"{live_server.url}/reports/episodes/{people.episode.pk}/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert _fits(page)
    placed = page.evaluate(
        """() => { const svg = document.querySelector('svg.chart[data-chart="chart-phq9"]');
            const plotStart = Math.min(...[...svg.querySelectorAll('line.grid')]
                .map(l => l.x1.baseVal.value));
            const ticks = [...svg.querySelectorAll('text[text-anchor="end"].tick')]
                .map(t => t.getBBox());
            const cutoff = svg.querySelector('text.cutoff-label').getBBox();
            return {plotStart, tickEnds: ticks.map(b => b.x + b.width),
                    cutoff: [cutoff.x, cutoff.x + cutoff.width],
                    width: svg.viewBox.baseVal.width}; }"""
    )
    assert placed["tickEnds"] and max(placed["tickEnds"]) <= placed["plotStart"]
    assert placed["cutoff"][0] >= 0 and placed["cutoff"][1] <= placed["width"]
    page.screenshot(path=str(tmp_path / "report-rtl.png"), full_page=True)
