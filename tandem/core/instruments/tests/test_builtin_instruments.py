"""Every built-in instrument loads cleanly and says what the brief says it should."""

from __future__ import annotations

from pathlib import Path

import pytest

from tandem.core.instruments import Registry, builtin_dir, load_instrument

BUILTIN_IDS = [
    "gad7",
    "growth",
    "hai",
    "iesr",
    "mi",
    "oci",
    "partnership",
    "partnership_mirror",
    "pcl5",
    "pdss",
    "phq9",
    "practice_log",
    "reflection",
    "reliance",
    "selfcare",
    "spin",
    "talk_again",
]


def test_it_ships_exactly_the_expected_instruments(builtins: Registry) -> None:
    assert builtins.ids() == BUILTIN_IDS
    assert builtins.errors == []


@pytest.mark.parametrize("path", sorted(builtin_dir().glob("*.yaml")), ids=lambda p: p.stem)
def test_it_loads_every_builtin_file_and_the_file_is_named_after_its_id(path: Path) -> None:
    assert load_instrument(path).id == path.stem


def test_it_codes_the_phq9_with_verified_loinc_codes(builtins: Registry) -> None:
    phq9 = builtins["phq9"]
    assert phq9.codes.loinc_panel == "44249-1"
    assert phq9.codes.loinc_total == "44261-6"
    assert [phq9.item(f"q{n}").loinc for n in range(1, 10)] == [
        "44250-9", "44255-8", "44259-0", "44254-1", "44251-7",
        "44258-2", "44252-5", "44253-3", "44260-8",
    ]  # fmt: skip
    assert len(phq9.scored_items) == 9
    assert phq9.range is not None and (phq9.range.min, phq9.range.max) == (0, 27)
    assert phq9.cutoff == 10 and phq9.reliable_change_threshold == 6


def test_it_codes_the_gad7_with_verified_loinc_codes(builtins: Registry) -> None:
    gad7 = builtins["gad7"]
    assert gad7.codes.loinc_panel == "69737-5"
    assert gad7.codes.loinc_total == "70274-6"
    assert list(gad7.item_codes.values()) == [
        "69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7", "69722-7",
    ]  # fmt: skip
    assert gad7.item("difficulty").loinc == "69722-7" and not gad7.item("difficulty").scored
    assert gad7.range is not None and (gad7.range.min, gad7.range.max) == (0, 21)
    assert gad7.cutoff == 8 and gad7.reliable_change_threshold == 4


def test_it_gives_the_partnership_mirror_the_same_scored_item_ids(builtins: Registry) -> None:
    client = [item.id for item in builtins["partnership"].scored_items]
    therapist = [item.id for item in builtins["partnership_mirror"].scored_items]
    assert client == therapist == ["heard", "focus", "fit", "together", "takeaway"]
    assert builtins["partnership"].respondent == "client"
    assert builtins["partnership_mirror"].respondent == "therapist"


def test_it_keeps_the_therapists_own_checks_private(builtins: Registry) -> None:
    private = {i.id for i in builtins.values() if i.private}
    assert private == {"reflection", "selfcare"}
    assert all(builtins[i].respondent == "therapist" for i in private)


def test_it_invents_no_cutoffs_for_tandems_own_scales(builtins: Registry) -> None:
    for instrument_id in ("partnership", "partnership_mirror", "selfcare", "growth", "reliance"):
        instrument = builtins[instrument_id]
        assert instrument.cutoff is None
        assert instrument.reliable_change_threshold is None
        assert "not yet established" in instrument.cutoff_source.lower()


def test_it_points_growth_up_and_reliance_down(builtins: Registry) -> None:
    assert builtins["growth"].direction == "higher_is_better"
    assert len(builtins["growth"].scored_items) == 10
    assert builtins["reliance"].direction == "higher_is_worse"
    assert len(builtins["reliance"].scored_items) == 5


def test_it_does_not_score_the_reflection(builtins: Registry) -> None:
    reflection = builtins["reflection"]
    assert reflection.scoring.method == "none"
    assert reflection.scored_items == ()
    assert reflection.item("disclosed").kind == "boolean"
