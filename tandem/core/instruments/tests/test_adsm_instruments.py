"""The anxiety-disorder-specific measures ship as scoring-only instruments whose thresholds are
the ones the NHS outcome rules use."""

from __future__ import annotations

import pytest

from tandem.core.instruments import Registry, score
from tandem.core.outcomes.nhs_measures import ADSM_IDS, MEASURES


@pytest.mark.parametrize("adsm", ADSM_IDS)
def test_it_ships_each_adsm_with_the_thresholds_the_outcome_rules_use(
    builtins: Registry, adsm: str
) -> None:
    instrument = builtins[adsm]
    facts = MEASURES[adsm]
    assert instrument.range is not None
    assert (instrument.range.min, instrument.range.max) == (facts.min, facts.max)
    assert instrument.cutoff == facts.caseness
    assert instrument.reliable_change_threshold == facts.reliable_change
    assert instrument.direction == "higher_is_worse"
    assert instrument.is_case(facts.caseness) is True


@pytest.mark.parametrize("adsm", ADSM_IDS)
def test_it_ships_no_item_wording_for_an_adsm(builtins: Registry, adsm: str) -> None:
    instrument = builtins[adsm]
    assert [item.text for item in instrument.items] == [
        f"Item {n}" for n in range(1, len(instrument.items) + 1)
    ]
    assert all(o.label == str(o.value) for item in instrument.items for o in item.options)
    assert "not shipped" in instrument.licence


def test_it_scores_the_mobility_inventory_as_a_decimal_mean(builtins: Registry) -> None:
    mi = builtins["mi"]
    answers = {item.id: (3 if n < 10 else 2) for n, item in enumerate(mi.items)}
    result = score(mi, answers)
    assert result.total == pytest.approx((10 * 3 + 17 * 2) / 27)
    assert mi.is_case(2.3) is True and mi.is_case(2.29) is False
