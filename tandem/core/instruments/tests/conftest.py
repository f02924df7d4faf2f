"""Shared fixtures: the built-in instruments, and a small valid instrument to break on purpose."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tandem.core.instruments import Instrument, Registry, load_instruments

MINIMAL: dict[str, Any] = {
    "id": "mini",
    "version": "1",
    "title": "A small test questionnaire",
    "short_title": "Mini",
    "respondent": "client",
    "items": [
        {
            "id": "a",
            "text": "First",
            "kind": "choice",
            "options": [
                {"value": 0, "label": "No"},
                {"value": 1, "label": "Some"},
                {"value": 2, "label": "Lots"},
            ],
        },
        {
            "id": "b",
            "text": "Second",
            "kind": "choice",
            "options": [
                {"value": 0, "label": "No"},
                {"value": 1, "label": "Some"},
                {"value": 2, "label": "Lots"},
            ],
        },
    ],
    "scoring": {"method": "sum"},
    "range": {"min": 0, "max": 4},
    "direction": "higher_is_worse",
    "licence": "Test only.",
    "citation": "None.",
}


def minimal(**changes: Any) -> dict[str, Any]:
    """A deep copy of MINIMAL with top-level fields replaced."""
    data = copy.deepcopy(MINIMAL)
    data.update(changes)
    return data


# The project's root conftest adds autouse fixtures that adjust Django settings. The clinical
# core has no Django, and its tests must run with `-p no:django`, so they are replaced here.
@pytest.fixture(autouse=True)
def _fast_passwords() -> None:
    return None


@pytest.fixture(autouse=True)
def _instruments_dir() -> None:
    return None


@pytest.fixture(scope="session")
def builtins() -> Registry:
    return load_instruments()


@pytest.fixture(scope="session")
def phq9(builtins: Registry) -> Instrument:
    return builtins["phq9"]


@pytest.fixture(scope="session")
def gad7(builtins: Registry) -> Instrument:
    return builtins["gad7"]


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[..., Path]:
    def write(data: object, name: str = "mini.yaml", folder: Path | None = None) -> Path:
        target = (folder or tmp_path) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            target.write_text(data, encoding="utf-8")
        else:
            target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return target

    return write
