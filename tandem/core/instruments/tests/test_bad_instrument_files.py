"""Broken instrument files: every problem named with its file, field path and plain words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tandem.core.instruments import InstrumentError, load_instrument

from .conftest import minimal


def problems(write_yaml: Callable[..., Path], data: object, name: str = "mini.yaml") -> list[str]:
    with pytest.raises(InstrumentError) as raised:
        load_instrument(write_yaml(data, name))
    assert str(raised.value) == "\n".join(raised.value.errors)
    return raised.value.errors


def with_item(index: int, **changes: Any) -> dict[str, Any]:
    data = minimal()
    data["items"][index].update(changes)
    return data


def test_it_loads_the_minimal_file(write_yaml: Callable[..., Path]) -> None:
    assert load_instrument(write_yaml(minimal())).id == "mini"


def test_it_names_the_file_path_and_bad_value(write_yaml: Callable[..., Path]) -> None:
    data = minimal()
    data["items"][1]["options"][1]["value"] = "two"
    assert problems(write_yaml, data, "phq9.yaml") == [
        'phq9.yaml: items[1].options[1].value: must be a whole number, got "two"'
    ]


def test_it_collects_every_problem_in_a_file(write_yaml: Callable[..., Path]) -> None:
    data = minimal(respondent="patient", direction="up")
    del data["title"]
    data["items"][0]["kind"] = "slider"
    assert sorted(problems(write_yaml, data)) == sorted(
        [
            "mini.yaml: title: is required",
            'mini.yaml: respondent: must be one of client, therapist; got "patient"',
            'mini.yaml: items[0].kind: must be one of choice, scale, text, boolean; got "slider"',
            'mini.yaml: direction: must be one of higher_is_better, higher_is_worse; got "up"',
        ]
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            with_item(1, id="a"),
            "mini.yaml: items[1].id: 'a' is used twice (also items[0])",
        ),
        (
            minimal(scoring={"method": "sum", "subscales": {"x": {"title": "X", "items": ["z"]}}}),
            "mini.yaml: scoring.subscales.x.items[0]: no item has the id 'z'",
        ),
        (
            minimal(range={"min": 0, "max": 6}),
            "mini.yaml: range: the items give totals from 0 to 4 but the file says 0 to 6",
        ),
        (
            with_item(0, kind="text", options=[], reversed=True, scored=False),
            "mini.yaml: items[0].reversed: a reversed item needs answer options "
            "(or a scale's min and max) to count back from",
        ),
        (
            minimal(
                severity_bands=[
                    {"min": 0, "max": 2, "label": "Low"},
                    {"min": 2, "max": 4, "label": "High"},
                ],
                severity_source="Test.",
            ),
            "mini.yaml: severity_bands[1]: overlaps the band before it "
            "('Low' ends at 2, this starts at 2)",
        ),
        (
            minimal(
                severity_bands=[
                    {"min": 0, "max": 1, "label": "Low"},
                    {"min": 3, "max": 4, "label": "High"},
                ],
                severity_source="Test.",
            ),
            "mini.yaml: severity_bands[1]: leaves a gap after 'Low' "
            "(which ends at 1; this starts at 3)",
        ),
        (
            minimal(cutoff=3),
            "mini.yaml: cutoff_source: a cutoff needs its source",
        ),
        (
            minimal(cutoff=9, cutoff_source="Test."),
            "mini.yaml: cutoff: must lie within the range 0 to 4, got 9",
        ),
        (
            with_item(0, loinc="44250-8"),
            "mini.yaml: items[0].loinc: '44250-8' is not a valid LOINC code "
            "(its check digit is wrong): probably a typo",
        ),
        (
            with_item(0, id="Q1"),
            "mini.yaml: items[0].id: must be lowercase letters, digits and underscores, "
            "starting with a letter (at most 40 characters), got 'Q1'",
        ),
        (
            with_item(0, colour="red"),
            "mini.yaml: items[0].colour: is not a field instruments have (check the spelling)",
        ),
        (
            with_item(0, options=[{"value": 0, "label": "Only"}]),
            "mini.yaml: items[0].options: a choice item needs at least two options",
        ),
        (
            with_item(0, risk={"min_value": 5, "severity": "high", "label": "Risk"}),
            "mini.yaml: items[0].risk.min_value: must be one of the item's answers (0 to 2), got 5",
        ),
        (
            minimal(scoring={"method": "sum", "max_missing": 1}),
            "mini.yaml: scoring.max_missing: a sum with missing answers would be too low; "
            "set prorate: true (with its source) or max_missing: 0",
        ),
        (
            minimal(reliability=0.8),
            "mini.yaml: reliability: give both reliability and norm_sd, or neither",
        ),
        (
            minimal(scoring={"method": "none"}),
            "mini.yaml: range: has no meaning when scoring.method is none; remove it",
        ),
        (
            minimal(version=True),
            "mini.yaml: version: must be text, got true",
        ),
    ],
    ids=[
        "duplicate-item-id",
        "subscale-unknown-item",
        "range-mismatch",
        "reversed-without-options",
        "bands-overlap",
        "bands-gap",
        "cutoff-without-source",
        "cutoff-outside-range",
        "loinc-typo",
        "item-id-shape",
        "unknown-field",
        "one-option",
        "risk-out-of-range",
        "sum-gaps-without-prorating",
        "half-of-reliability",
        "range-on-unscored",
        "version-not-text",
    ],
)
def test_it_explains_what_is_wrong(
    write_yaml: Callable[..., Path], data: dict[str, Any], expected: str
) -> None:
    assert expected in problems(write_yaml, data)


def test_it_reports_invalid_yaml_with_its_line(write_yaml: Callable[..., Path]) -> None:
    (line,) = problems(write_yaml, "id: mini\ntitle: [unclosed\n")
    assert line.startswith("mini.yaml: is not valid YAML:")
    assert "line" in line


def test_it_refuses_a_key_given_twice(write_yaml: Callable[..., Path]) -> None:
    assert problems(write_yaml, "id: mini\nid: other\n") == [
        "mini.yaml: id: is given twice (again on line 2)"
    ]


def test_it_refuses_a_file_that_is_not_a_mapping(write_yaml: Callable[..., Path]) -> None:
    assert problems(write_yaml, "- just\n- a list\n") == [
        "mini.yaml: must be a mapping of fields (id: ..., title: ...), got a list"
    ]


def test_it_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InstrumentError) as raised:
        load_instrument(tmp_path / "nowhere.yaml")
    assert raised.value.errors[0].startswith("nowhere.yaml: file not found")
