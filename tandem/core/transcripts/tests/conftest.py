"""Shared fixtures: small transcripts written for these tests (never AnnoMI data)."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


# The project's root conftest adds autouse fixtures that adjust Django settings. The clinical
# core has no Django, and its tests must run with `-p no:django`, so they are replaced here.
@pytest.fixture(autouse=True)
def _fast_passwords() -> None:
    return None


@pytest.fixture(autouse=True)
def _instruments_dir() -> None:
    return None


@pytest.fixture(autouse=True)
def _tasks_run_at_once() -> None:
    return None


@pytest.fixture
def fixture_text() -> object:
    def read(name: str) -> str:
        return (FIXTURES / name).read_text(encoding="utf-8")

    return read
