"""`tandem backup` / `tandem restore`: a round trip brings back exactly what was there."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.db import connection

from tandem.care.models import Client
from tandem.cli import main


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_what_was_there(people: Any, tmp_path: Path) -> None:
    if connection.vendor == "postgresql" and not shutil.which("pg_restore"):
        pytest.skip("pg_dump/pg_restore are not installed")
    target = tmp_path / ("tandem.sqlite3" if connection.vendor == "sqlite" else "tandem.dump")
    made = CliRunner().invoke(main, ["backup", str(target)])
    assert made.exit_code == 0, made.output
    assert target.stat().st_size > 0
    names = sorted(Client.objects.values_list("display_name", flat=True))

    Client.objects.filter(pk=people.client.pk).update(display_name="Changed after the backup")
    people.outsider_client.episodes.all().delete()

    restored = CliRunner().invoke(main, ["restore", str(target), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert sorted(Client.objects.values_list("display_name", flat=True)) == names
    assert people.outsider_client.episodes.count() == 1


def test_it_refuses_a_file_that_is_not_a_backup(db: Any, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello")
    result = CliRunner().invoke(main, ["restore", str(bogus), "--yes"])
    assert result.exit_code != 0
    assert "not a" in result.output
