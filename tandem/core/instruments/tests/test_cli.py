"""`tandem instruments list` and `tandem instruments check`, through click's test runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tandem.cli.instruments import instruments
from tandem.core.instruments import builtin_dir

from .conftest import minimal


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    # Keep the developer's own ./var and environment out of the tests.
    monkeypatch.delenv("TANDEM_INSTRUMENTS_DIR", raising=False)
    monkeypatch.setenv("TANDEM_DATA_DIR", str(tmp_path / "no-data"))
    # Rich sizes its table from COLUMNS when not on a terminal.
    return CliRunner(env={"COLUMNS": "200"})


def test_it_lists_the_builtin_instruments(runner: CliRunner) -> None:
    result = runner.invoke(instruments, ["list"])
    assert result.exit_code == 0, result.output
    for instrument_id in ("phq9", "gad7", "partnership", "reflection", "selfcare"):
        assert instrument_id in result.output
    assert "therapist (private)" in result.output


def test_it_lists_a_practice_folder_and_its_problems(
    runner: CliRunner, tmp_path: Path, write_yaml: Callable[..., Path]
) -> None:
    folder = tmp_path / "practice"
    write_yaml(minimal(id="core_test"), "core_test.yaml", folder)
    write_yaml(minimal(id="phq9"), "phq9-copy.yaml", folder)
    result = runner.invoke(instruments, ["list", "--dir", str(folder)])
    assert result.exit_code == 1
    assert "core_test" in result.output
    assert "phq9-copy.yaml: id: 'phq9' is a built-in instrument" in result.output


def test_it_reads_the_practice_folder_from_the_environment(
    runner: CliRunner,
    tmp_path: Path,
    write_yaml: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_yaml(minimal(id="from_env"), "from_env.yaml", tmp_path / "data" / "instruments")
    monkeypatch.setenv("TANDEM_DATA_DIR", str(tmp_path / "data"))
    result = runner.invoke(instruments, ["list"])
    assert result.exit_code == 0, result.output
    assert "from_env" in result.output


def test_it_checks_a_good_file(runner: CliRunner) -> None:
    result = runner.invoke(instruments, ["check", str(builtin_dir() / "phq9.yaml")])
    assert result.exit_code == 0
    assert result.output == "ok: phq9 v1 (10 items, 9 scored)\n"


def test_it_prints_every_problem_and_exits_1_for_a_bad_file(
    runner: CliRunner, write_yaml: Callable[..., Path]
) -> None:
    data = minimal(respondent="patient")
    data["items"][1]["options"][1]["value"] = "two"
    good = write_yaml(minimal(id="fine"), "fine.yaml")
    bad = write_yaml(data, "bad.yaml")
    result = runner.invoke(instruments, ["check", str(good), str(bad)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "ok: fine v1 (2 items)",
        'bad.yaml: respondent: must be one of client, therapist; got "patient"',
        'bad.yaml: items[1].options[1].value: must be a whole number, got "two"',
    ]


def test_it_refuses_a_checked_file_that_shadows_a_builtin(
    runner: CliRunner, write_yaml: Callable[..., Path]
) -> None:
    copy = write_yaml(minimal(id="gad7"), "gad7.yaml")
    result = runner.invoke(instruments, ["check", str(copy)])
    assert result.exit_code == 1
    assert "'gad7' is a built-in instrument" in result.output


@pytest.mark.parametrize("args", [[], ["list"], ["check"]])
def test_it_documents_every_command_with_examples(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(instruments, [*args, "--help"])
    assert result.exit_code == 0
    assert "  Examples:\n    tandem instruments " in result.output
