"""Reliable change: the published threshold, or Jacobson & Truax (1991) from r and SD."""

from __future__ import annotations

import math

import pytest

from tandem.core.instruments import Instrument, instrument_from_data

from .conftest import minimal


def test_it_uses_the_published_phq9_threshold(phq9: Instrument) -> None:
    assert phq9.reliable_change_threshold == 6


@pytest.mark.parametrize(
    ("before", "after", "improved", "worse"),
    [(18, 12, True, False), (18, 13, False, False), (12, 18, False, True), (13, 18, False, False)],
)
def test_it_calls_a_phq9_drop_of_six_a_reliable_improvement(
    phq9: Instrument, before: int, after: int, improved: bool, worse: bool
) -> None:
    assert phq9.is_improvement(before, after) is improved
    assert phq9.is_deterioration(before, after) is worse


def test_it_derives_the_threshold_by_jacobson_and_truax() -> None:
    instrument = instrument_from_data(
        minimal(reliability=0.84, norm_sd=1.0, reliability_source="Test source.")
    )
    expected = 1.96 * 1.0 * math.sqrt(2) * math.sqrt(1 - 0.84)
    assert instrument.reliable_change_threshold == pytest.approx(expected)
    assert instrument.reliable_change_threshold == pytest.approx(1.1087, abs=1e-4)


def test_it_prefers_a_published_threshold_to_a_derived_one() -> None:
    instrument = instrument_from_data(
        minimal(
            reliable_change=2,
            reliable_change_source="Test source.",
            reliability=0.5,
            norm_sd=3.0,
            reliability_source="Test source.",
        )
    )
    assert instrument.reliable_change_threshold == 2


def test_it_reads_improvement_upwards_when_higher_is_better() -> None:
    instrument = instrument_from_data(
        minimal(direction="higher_is_better", reliable_change=1, reliable_change_source="Test.")
    )
    assert instrument.is_improvement(1, 2) is True
    assert instrument.is_deterioration(2, 1) is True
    assert instrument.is_improvement(2, 1) is False


def test_it_cannot_judge_change_without_a_threshold() -> None:
    instrument = instrument_from_data(minimal())
    assert instrument.reliable_change_threshold is None
    assert instrument.is_improvement(4, 0) is None
