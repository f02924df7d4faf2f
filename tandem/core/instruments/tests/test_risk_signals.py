"""Risk signals: PHQ-9 item 9 raises a high-severity signal for any answer above "Not at all"."""

from __future__ import annotations

import pytest

from tandem.core.instruments import Instrument, Registry, RiskSignal, risk_signals


def test_it_raises_no_signal_when_item_9_is_not_at_all(phq9: Instrument) -> None:
    assert risk_signals(phq9, {"q9": 0}) == []


@pytest.mark.parametrize(
    ("value", "label"),
    [(1, "Several days"), (2, "More than half the days"), (3, "Nearly every day")],
)
def test_it_raises_a_high_signal_for_any_thoughts_of_self_harm(
    phq9: Instrument, value: int, label: str
) -> None:
    (signal,) = risk_signals(phq9, {"q9": str(value)})
    assert signal == RiskSignal(
        item_id="q9",
        value=value,
        answer_label=label,
        severity="high",
        label="Has had thoughts of being better off dead or of self-harm",
    )


def test_it_raises_a_signal_even_when_the_total_is_low(phq9: Instrument) -> None:
    answers = {f"q{n}": 0 for n in range(1, 9)} | {"q9": 1}
    assert len(risk_signals(phq9, answers)) == 1


def test_it_ignores_missing_or_unreadable_answers(phq9: Instrument) -> None:
    assert risk_signals(phq9, {}) == []
    assert risk_signals(phq9, {"q9": "often"}) == []


def test_it_has_no_risk_items_on_tandems_own_scales(builtins: Registry) -> None:
    for instrument_id in ("partnership", "growth", "reliance", "selfcare"):
        assert all(item.risk is None for item in builtins[instrument_id].items)
