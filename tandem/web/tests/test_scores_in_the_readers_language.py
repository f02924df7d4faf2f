"""A score on a page is written the reader's way: "15,5" in Spanish, "15.5" in English, and
what it is out of in words of their language ("sobre 27")."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation

from tandem.web.templatetags.tandem_tags import out_of, score, total


@pytest.fixture(autouse=True)
def _english_after() -> Any:
    yield
    translation.deactivate()


def test_a_half_point_has_the_readers_decimal_separator() -> None:
    with translation.override("es"):
        assert [score(15.5), score(15), score("7.25"), score(-0.45), score(None)] == [
            "15,5",
            "15",
            "7,2",
            "-0,5",
            "—",
        ]
    with translation.override("en"):
        assert [score(15.5), score(15)] == ["15.5", "15"]


def test_a_mean_keeps_its_one_decimal_in_the_readers_way() -> None:
    mean = SimpleNamespace(instrument_id="partnership", total=8)
    summed = SimpleNamespace(instrument_id="phq9", total=12)
    with translation.override("es"):
        assert (total(mean), total(summed)) == ("8,0", "12")
    with translation.override("en"):
        assert (total(mean), total(summed)) == ("8.0", "12")


def test_what_a_score_is_out_of_is_said_in_the_readers_language() -> None:
    phq9 = SimpleNamespace(instrument_id="phq9")
    with translation.override("es"):
        assert out_of(phq9) == "sobre 27"
        assert out_of(SimpleNamespace(instrument_id="mi")) == "en una escala del 1 al 5"
    with translation.override("en"):
        assert out_of(phq9) == "out of 27"
    assert out_of(SimpleNamespace(instrument_id="no-such-scale")) == ""


def test_the_filters_print_the_same_in_a_template() -> None:
    page = Template("{% load tandem_tags %}{{ value|score }}")
    with translation.override("es"):
        assert page.render(Context({"value": 2.5})) == "2,5"
