"""These tests need no Django: give the repository's autouse fixtures a plain stand-in for the
pytest-django ``settings`` fixture, so the suite also runs with ``-p no:django``."""

from __future__ import annotations

from types import SimpleNamespace

import pytest


@pytest.fixture
def settings() -> SimpleNamespace:
    return SimpleNamespace()
