"""Severity bands at their edges, and caseness exactly at the cutoff."""

from __future__ import annotations

import pytest

from tandem.core.instruments import Instrument, Registry, instrument_from_data, score

from .conftest import minimal


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "Minimal"),
        (4, "Minimal"),
        (5, "Mild"),
        (9, "Mild"),
        (10, "Moderate"),
        (14, "Moderate"),
        (15, "Moderately severe"),
        (19, "Moderately severe"),
        (20, "Severe"),
        (27, "Severe"),
    ],
)
def test_it_places_phq9_totals_in_the_published_bands(
    phq9: Instrument, total: int, band: str
) -> None:
    assert phq9.severity(total) == band


@pytest.mark.parametrize(
    ("total", "band"),
    [(4, "Minimal"), (5, "Mild"), (9, "Mild"), (10, "Moderate"), (14, "Moderate"),
     (15, "Severe"), (21, "Severe")],
)  # fmt: skip
def test_it_places_gad7_totals_in_the_published_bands(
    gad7: Instrument, total: int, band: str
) -> None:
    assert gad7.severity(total) == band


def test_it_reports_the_band_in_the_score(phq9: Instrument) -> None:
    answers = {f"q{n}": 1 for n in range(1, 10)} | {"q1": 2}
    result = score(phq9, answers)
    assert result.total == 10
    assert result.severity == "Moderate"


@pytest.mark.parametrize(("total", "case"), [(9, False), (10, True), (11, True)])
def test_it_counts_a_phq9_of_ten_or_more_as_a_case(
    phq9: Instrument, total: int, case: bool
) -> None:
    assert phq9.is_case(total) is case


@pytest.mark.parametrize(("total", "case"), [(7, False), (8, True)])
def test_it_counts_a_gad7_of_eight_or_more_as_a_case(
    gad7: Instrument, total: int, case: bool
) -> None:
    assert gad7.is_case(total) is case


@pytest.mark.parametrize(("total", "case"), [(1, True), (2, True), (3, False)])
def test_it_counts_a_case_at_or_below_the_cutoff_when_higher_is_better(
    total: int, case: bool
) -> None:
    better = instrument_from_data(
        minimal(direction="higher_is_better", cutoff=2, cutoff_source="Test source.")
    )
    assert better.is_case(total) is case


def test_it_has_no_caseness_without_a_cutoff(builtins: Registry) -> None:
    result = score(builtins["reliance"], {i.id: 4 for i in builtins["reliance"].scored_items})
    assert result.is_case is None
    assert result.severity is None
