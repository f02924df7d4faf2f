"""Engagement from the practice log; growth and reliance trends; readiness checks."""

from datetime import date, timedelta

import pytest

from tandem.core.outcomes.relationship import (
    PracticeEntry,
    engagement,
    fitted_change,
    ready_to_graduate_checks,
    reliance_rising,
    slope,
)

TODAY = date(2026, 3, 1)


def days(*back: int, practised: bool = True) -> list[PracticeEntry]:
    return [PracticeEntry(TODAY - timedelta(days=d), practised, 6) for d in back]


def test_it_counts_practice_per_week() -> None:
    result = engagement(days(0, 2, 8, 9, 10, 16), TODAY)
    assert result is not None
    assert result.weeks == 3
    assert result.per_week == 2.0
    assert result.mean_how_it_went == 6


def test_it_flags_low_engagement_after_three_weeks_of_little_practice() -> None:
    result = engagement(days(1, 30) + days(3, 10, practised=False), TODAY)
    assert result is not None and result.low
    assert result.recent_per_week == pytest.approx(1 / 3)


def test_it_does_not_judge_engagement_before_three_weeks() -> None:
    result = engagement(days(10), TODAY)
    assert result is not None and not result.low
    assert engagement([], TODAY) is None


def test_it_sees_a_falling_trend() -> None:
    result = engagement(days(30, 29, 28, 27, 22, 21, 15), TODAY)
    assert result is not None and result.trend_per_week is not None
    assert result.trend_per_week < 0


def test_it_fits_a_slope_over_the_last_four_checks() -> None:
    assert slope([(1, 9.0), (2, 0.0), (3, 1.0), (4, 2.0), (5, 3.0)]) == pytest.approx(1.0)
    assert slope([(1, 0.0), (2, 1.0)]) is None
    assert fitted_change([(2, 1.0), (4, 1.5), (6, 2.0)]) == pytest.approx(1.0)


def test_it_calls_reliance_rising_from_half_a_point() -> None:
    assert reliance_rising([(1, 1.0), (2, 1.25), (3, 1.5)]) == pytest.approx(0.5)
    assert reliance_rising([(1, 1.0), (2, 1.2), (3, 1.4)]) is None


def test_it_needs_two_consecutive_checks_of_high_growth_and_low_reliance() -> None:
    assert ready_to_graduate_checks([(5, 3.0), (6, 3.4)], [(5, 1.0), (6, 0.5)])
    assert not ready_to_graduate_checks([(5, 2.9), (6, 3.4)], [(5, 1.0), (6, 0.5)])
    assert not ready_to_graduate_checks([(6, 3.4)], [(6, 0.5)])
