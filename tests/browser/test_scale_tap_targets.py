"""The 0–10 scales on a phone: every number is a tap target of at least 44 by 44 CSS pixels
(WCAG 2.5.5), in order, on at most two rows, and nothing runs off the side (issue 17.14)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

NARROW_PHONE = {"width": 375, "height": 740}
TARGET = 44


@pytest.fixture
def small_phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport=NARROW_PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def check_scales(page: Any) -> int:
    scales = page.locator("ul.choices.scale").all()
    for scale in scales:
        boxes = [
            (label.bounding_box(), label.inner_text().strip())
            for label in scale.locator("label").all()
        ]
        assert [text for _, text in boxes] == [str(v) for v in range(11)]
        for box, text in boxes:
            assert box["width"] >= TARGET and box["height"] >= TARGET, (text, box)
        # Read left to right, top to bottom, the numbers are in order, on one or two rows.
        reading = sorted(boxes, key=lambda b: (round(b[0]["y"]), b[0]["x"]))
        assert [text for _, text in reading] == [str(v) for v in range(11)]
        assert len({round(box["y"]) for box, _ in boxes}) <= 2
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW_PHONE["width"]
    return len(scales)


def test_the_clients_session_scale_has_big_enough_numbers(
    live_server: Any, people: Any, small_phone: Any
) -> None:
    sign_in(small_phone, live_server.url, "client@harbour.test")
    small_phone.goto(f"{live_server.url}/portal/sessions/{people.session.pk}/partnership/")
    assert check_scales(small_phone) == 5


def test_the_therapists_side_of_the_scale_too(
    live_server: Any, people: Any, small_phone: Any
) -> None:
    sign_in(small_phone, live_server.url, "therapist@harbour.test")
    small_phone.goto(f"{live_server.url}/sessions/{people.session.pk}/respond/partnership_mirror/")
    assert check_scales(small_phone) >= 4
