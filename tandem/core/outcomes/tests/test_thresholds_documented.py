"""docs/outcomes.md repeats every NHS threshold and whether it was checked; this keeps that table
and nhs_measures.MEASURES saying the same thing, so a figure changed or confirmed in one place
cannot be left stale in the other."""

from __future__ import annotations

from pathlib import Path

from tandem.core.outcomes.nhs_measures import MEASURES

DOC = Path(__file__).resolve().parents[4] / "docs" / "outcomes.md"
HEADING = "### The measures and their thresholds"
LABEL_TO_ID = {
    "PHQ-9": "phq9",
    "GAD-7": "gad7",
    "SPIN": "spin",
    "PCL-5": "pcl5",
    "IES-R": "iesr",
    "MI (alone)": "mi",
    "OCI": "oci",
    "PDSS": "pdss",
    "HAI (short week)": "hai",
}


def _rows() -> dict[str, list[str]]:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = lines.index(HEADING)
    rows: dict[str, list[str]] = {}
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        if not line.startswith("| ") or line.startswith("| Measure") or line.startswith("|---"):
            continue
        cells = [c.strip().replace("**", "") for c in line.strip().strip("|").split("|")]
        rows[LABEL_TO_ID[cells[0]]] = cells
    return rows


def test_the_documented_table_lists_every_measure_once() -> None:
    assert sorted(_rows()) == sorted(MEASURES)


def test_each_documented_figure_and_checked_flag_matches_the_code() -> None:
    for measure_id, cells in _rows().items():
        m = MEASURES[measure_id]
        _label, _items, span, caseness, change, _source, case_checked, change_checked = cells
        assert span == f"{m.min:g}–{m.max:g}", measure_id
        assert float(caseness) == m.caseness, measure_id
        assert float(change) == m.reliable_change, measure_id
        assert case_checked == ("yes" if m.caseness_verified else "no"), measure_id
        assert change_checked == ("yes" if m.change_verified else "no"), measure_id
