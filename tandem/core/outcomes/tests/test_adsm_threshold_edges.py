"""Every ADSM at its caseness and reliable-change edges, through the whole outcome computation
(issue 15.1), and the verification state of each figure as docs/outcomes.md reports it."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from tandem.core.outcomes.nhs import episode_outcomes
from tandem.core.outcomes.nhs_measures import (
    ADSM_FOR_PROBLEM,
    MEASURES,
    unverified_thresholds,
)

PROBLEM_OF = {m: problem for problem, ms in ADSM_FOR_PROBLEM.items() for m in ms}
# The PCL-5 and IES-R share "ptsd"; the IES-R is used only when the PCL-5 was not.
ADSMS = ("spin", "pcl5", "iesr", "mi", "oci", "pdss", "hai")


def _row(measure: str, first: float, last: float) -> dict[str, Any]:
    """One ended episode: PHQ-9 steady below caseness, the ADSM going first -> last."""
    rows = []
    for session, score in ((1, first), (2, last)):
        rows.append(("e", session, "phq9", 5.0, 1, PROBLEM_OF[measure]))
        rows.append(("e", session, measure, float(score), 1, PROBLEM_OF[measure]))
    frame = pd.DataFrame(
        rows, columns=["episode_id", "session", "instrument", "score", "ended", "problem"]
    )
    table = episode_outcomes(frame)
    assert len(table) == 1
    row = dict(table.iloc[0])
    assert row["anxiety_measure"] == measure
    return row


def _step(measure: str) -> float:
    return 0.01 if MEASURES[measure].decimal else 1.0


@pytest.mark.parametrize("measure", ADSMS)
def test_a_score_at_the_caseness_threshold_is_a_case_and_one_below_is_not(measure: str) -> None:
    m = MEASURES[measure]
    top = m.max
    assert _row(measure, m.caseness, m.caseness)["case_at_start"]
    assert not _row(measure, m.caseness - _step(measure), m.caseness - _step(measure))[
        "case_at_start"
    ]
    # Recovery: a case at the start, below the threshold at the end (by the smallest step).
    assert _row(measure, top, m.caseness - _step(measure))["recovered"]
    assert not _row(measure, top, m.caseness)["recovered"]


@pytest.mark.parametrize("measure", ADSMS)
def test_a_fall_of_exactly_the_reliable_change_is_reliable_and_one_less_is_not(
    measure: str,
) -> None:
    m = MEASURES[measure]
    start = m.max
    assert _row(measure, start, start - m.reliable_change)["reliable_improvement"]
    assert not _row(measure, start, start - m.reliable_change + _step(measure))[
        "reliable_improvement"
    ]
    low = m.min
    assert _row(measure, low, low + m.reliable_change)["reliable_deterioration"]
    assert not _row(measure, low, low + m.reliable_change - _step(measure))[
        "reliable_deterioration"
    ]


def test_the_mi_caseness_is_verified_and_its_reliable_change_is_not() -> None:
    mi = MEASURES["mi"]
    assert (mi.caseness, mi.reliable_change) == (2.3, 0.73)
    assert mi.caseness_verified and "NHS Data Dictionary" in mi.caseness_source
    assert not mi.change_verified and not mi.verified


def test_the_oci_is_the_42_item_version_the_nhs_data_dictionary_scores_0_to_168() -> None:
    from tandem.core.instruments.loader import builtin_dir, load_instrument

    oci = load_instrument(builtin_dir() / "oci.yaml")
    assert len(oci.items) == 42
    assert (oci.range.min, oci.range.max) == (0, 168)
    assert {o.value for item in oci.items for o in item.options} == {0, 1, 2, 3, 4}
    assert (MEASURES["oci"].min, MEASURES["oci"].max) == (0, 168)


def test_only_the_phq9_and_gad7_are_fully_verified_and_every_other_measure_says_so() -> None:
    assert [m for m in MEASURES if MEASURES[m].verified] == ["phq9", "gad7"]
    assert unverified_thresholds(["phq9", "gad7"]) == []
    notes = unverified_thresholds(["oci", "mi", "oci", "unknown"])
    assert notes == [
        "OCI: the caseness 40 and reliable change 32 thresholds are not yet checked "
        "against the NHS text",
        "MI: the reliable change 0.73 threshold is not yet checked against the NHS text",
    ]


def test_every_measure_names_a_source_for_each_threshold() -> None:
    for m in MEASURES.values():
        assert m.caseness_source and m.change_source
        if not m.caseness_verified:
            assert "not checked" in m.caseness_source
        if not m.change_verified:
            assert "not checked" in m.change_source
