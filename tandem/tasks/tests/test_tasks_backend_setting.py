"""TANDEM_TASKS_BACKEND chooses where background work runs; the default is the database queue."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PRINT_BACKEND = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'tandem.settings'; "
    "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"
)


def _backend(tmp_path: object, value: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "TANDEM_TASKS"))}
    env.pop("DATABASE_URL", None)
    env["TANDEM_DATA_DIR"] = str(tmp_path)
    if value is not None:
        env["TANDEM_TASKS_BACKEND"] = value
    return subprocess.run(
        [sys.executable, "-c", PRINT_BACKEND], env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("value", "backend"),
    [
        (None, "django_tasks_db.DatabaseBackend"),
        ("database", "django_tasks_db.DatabaseBackend"),
        ("immediate", "django_tasks.backends.immediate.ImmediateBackend"),
    ],
)
def test_it_takes_the_backend_from_the_environment(tmp_path, value, backend):
    done = _backend(tmp_path, value)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == backend


def test_it_refuses_an_unknown_backend_in_plain_words(tmp_path):
    done = _backend(tmp_path, "redis")
    assert done.returncode != 0
    assert "TANDEM_TASKS_BACKEND must be one of database, immediate, got 'redis'" in done.stderr
