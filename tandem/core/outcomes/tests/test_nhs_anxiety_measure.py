"""Which anxiety measure an episode is judged on (Clark 2018, Table 2), and the thresholds."""

from __future__ import annotations

import pytest

from tandem.core.outcomes.nhs_measures import (
    MEASURES,
    PROBLEMS,
    anxiety_measure,
    anxiety_measures,
    is_case,
    is_reliable_change,
    normalise_problem,
)


@pytest.mark.parametrize(
    ("problem", "adsm"),
    [
        ("social_anxiety", "spin"),
        ("ptsd", "pcl5"),
        ("agoraphobia", "mi"),
        ("ocd", "oci"),
        ("panic", "pdss"),
        ("health_anxiety", "hai"),
    ],
)
def test_it_judges_an_anxiety_disorder_on_its_adsm_when_scored_twice(
    problem: str, adsm: str
) -> None:
    assert anxiety_measure(problem, {adsm: 2, "gad7": 5}) == adsm


@pytest.mark.parametrize("problem", ["depression", "gad", "mixed", "none", None])
def test_it_judges_depression_gad_mixed_and_none_on_the_gad7(problem: str | None) -> None:
    assert anxiety_measure(problem, {"spin": 5, "pcl5": 5, "gad7": 0}) == "gad7"
    assert anxiety_measures(problem) == ("gad7",)


def test_it_falls_back_to_the_gad7_when_the_adsm_lacks_scores() -> None:
    assert anxiety_measure("social_anxiety", {"spin": 1, "gad7": 3}) == "gad7"
    assert anxiety_measure("social_anxiety", {}) == "gad7"
    # A live view may judge on the ADSM from its first score.
    assert anxiety_measure("social_anxiety", {"spin": 1}, min_sessions=1) == "spin"


def test_it_takes_the_iesr_for_ptsd_when_the_pcl5_was_not_used() -> None:
    assert anxiety_measure("ptsd", {"iesr": 3, "gad7": 3}) == "iesr"
    assert anxiety_measure("ptsd", {"pcl5": 2, "iesr": 3}) == "pcl5"


def test_it_knows_every_problem_descriptor_of_the_contract() -> None:
    assert set(PROBLEMS) == {
        "depression", "gad", "mixed", "none", "social_anxiety", "ptsd", "agoraphobia", "ocd",
        "panic", "health_anxiety",
    }  # fmt: skip
    assert normalise_problem(" Social_Anxiety ") == "social_anxiety"
    assert normalise_problem("") == "none"
    assert normalise_problem("phobia") is None


def test_it_counts_cutoffs_inclusively_for_every_measure() -> None:
    for measure in MEASURES.values():
        assert is_case(measure.id, measure.caseness)
        assert not is_case(measure.id, measure.caseness - (0.01 if measure.decimal else 1))
        assert is_reliable_change(measure.id, -measure.reliable_change)
        assert not is_reliable_change(
            measure.id, measure.reliable_change - (0.01 if measure.decimal else 1)
        )


def test_it_counts_a_mean_change_of_exactly_073_as_reliable_despite_rounding() -> None:
    assert is_reliable_change("mi", 2.0 - 2.73)
    assert is_reliable_change("mi", 3.1 - 2.37)
