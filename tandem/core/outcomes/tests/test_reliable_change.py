import math

import numpy as np
import pytest

from tandem.core.outcomes.change import (
    classify,
    classify_arrays,
    criterion_c,
    reliable_change_index,
    reliable_change_threshold,
)


def test_it_computes_the_jacobson_truax_threshold_from_sd_and_reliability() -> None:
    # SD 5, r = 0.84: SE = 5 * 0.4 = 2; S_diff = 2 * sqrt(2); 1.96 * S_diff = 5.5437...
    assert reliable_change_threshold(5.0, 0.84) == pytest.approx(1.96 * 2 * math.sqrt(2))


def test_it_computes_the_rc_statistic() -> None:
    assert reliable_change_index(20, 10, 5.0, 0.84) == pytest.approx(-10 / (2 * math.sqrt(2)))


def test_it_rejects_impossible_reliability() -> None:
    with pytest.raises(ValueError):
        reliable_change_threshold(5.0, 1.0)
    with pytest.raises(ValueError):
        reliable_change_threshold(0.0, 0.5)


def test_it_puts_criterion_c_between_the_two_means_weighted_by_spread() -> None:
    assert criterion_c(20, 5, 5, 5) == pytest.approx(12.5)
    assert criterion_c(20, 10, 5, 5) == pytest.approx((10 * 5 + 5 * 20) / 15)


def test_it_counts_a_change_of_exactly_the_threshold_as_reliable() -> None:
    assert classify(14, 8, threshold=6).category == "improved"
    assert classify(14, 20, threshold=6).category == "deteriorated"


def test_it_does_not_count_a_change_one_below_the_threshold() -> None:
    assert classify(14, 9, threshold=6).category == "no_change"
    assert classify(14, 19, threshold=6).category == "no_change"


def test_it_flips_the_sign_for_higher_is_better_measures() -> None:
    assert classify(20, 30, threshold=5, direction="higher_is_better").category == "improved"
    assert classify(30, 20, threshold=5, direction="higher_is_better").category == "deteriorated"


def test_it_needs_reliable_improvement_and_crossing_the_cutoff_for_clinical_significance() -> None:
    assert classify(14, 8, threshold=6, cutoff=10).reliable_and_clinically_significant
    # crossed the cutoff but not reliably
    assert not classify(11, 9, threshold=6, cutoff=10).reliable_and_clinically_significant
    # reliable but still a case
    assert not classify(22, 10, threshold=6, cutoff=10).reliable_and_clinically_significant
    # reliable but never a case
    assert not classify(9, 2, threshold=6, cutoff=10).reliable_and_clinically_significant


def test_it_classifies_arrays_the_same_as_one_at_a_time() -> None:
    before = np.array([14.0, 14, 14, 20])
    after = np.array([8.0, 9, 20, 5])
    category, significant = classify_arrays(before, after, 6, 10, "higher_is_worse")
    assert category.tolist() == [1, 0, -1, 1]
    assert significant.tolist() == [True, False, False, True]
