"""A risk question whose file gives no topic is spoken of by its label with the first letter made
small ("has had thoughts of …"), which the caseload and the progress report put inside a sentence
since RiskAlert.shown_topic. A label that opens with an abbreviation keeps its capitals there:
"PTSD flashbacks", never "pTSD flashbacks" (an extra instrument file may word it so)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tandem.core.instruments import load_instrument
from tandem.core.instruments.translation import risk_topic, risk_words

from .conftest import minimal


def _risk(write_yaml: Callable[..., Path], label: str) -> Any:
    data = minimal()
    data["items"][1]["risk"] = {"min_value": 1, "severity": "high", "label": label}
    risk = load_instrument(write_yaml(data)).item(data["items"][1]["id"]).risk
    assert risk is not None
    return risk


def test_a_label_opening_with_an_abbreviation_keeps_its_capitals_inside_a_sentence(
    write_yaml: Callable[..., Path],
) -> None:
    risk = _risk(write_yaml, "PTSD flashbacks most days")
    assert risk_words(risk, "en").topic == "PTSD flashbacks most days"
    assert risk_topic(risk).text == "PTSD flashbacks most days"


def test_a_label_opening_with_an_ordinary_word_still_reads_small(
    write_yaml: Callable[..., Path],
) -> None:
    assert risk_words(_risk(write_yaml, "Hurts a lot"), "en").topic == "hurts a lot"
