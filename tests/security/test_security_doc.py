"""docs/security.md names the test behind every claim: each file and test it names exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

# Reads files only: the same on any database, so it runs once (conftest.py).
pytestmark = pytest.mark.any_database

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "security.md").read_text()


def test_every_test_file_the_page_names_exists() -> None:
    paths = set(re.findall(r"`((?:tests|tandem)/[\w/]+\.py)", DOC))
    assert paths
    assert sorted(p for p in paths if not (ROOT / p).is_file()) == []


def test_every_test_the_page_names_exists() -> None:
    names = set(re.findall(r"`(test_\w+)`", DOC))
    assert names
    sources = "\n".join(
        p.read_text() for folder in ("tests", "tandem") for p in (ROOT / folder).rglob("test_*.py")
    )
    assert sorted(n for n in names if f"def {n}(" not in sources) == []
