"""Loading a practice's folder: bad files are reported, built-in ids cannot be shadowed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tandem.core.instruments import load_instruments

from .conftest import minimal


def test_it_adds_a_practice_instrument_to_the_builtins(
    tmp_path: Path, write_yaml: Callable[..., Path]
) -> None:
    write_yaml(minimal(id="core_test"), "core_test.yaml")
    registry = load_instruments(tmp_path)
    assert "core_test" in registry and "phq9" in registry
    assert registry.get("core_test") is registry["core_test"]
    assert registry.errors == []
    assert "core_test" not in registry.builtin_ids


def test_it_rejects_a_practice_file_that_shadows_a_builtin(
    tmp_path: Path, write_yaml: Callable[..., Path]
) -> None:
    write_yaml(minimal(id="phq9", title="Not the real PHQ-9"), "my-phq9.yaml")
    registry = load_instruments(tmp_path)
    assert registry["phq9"].title == "Patient Health Questionnaire (PHQ-9)"
    assert registry.errors == [
        "my-phq9.yaml: id: 'phq9' is a built-in instrument; a practice file may not replace "
        "it, so give yours a different id"
    ]


def test_it_keeps_loading_after_a_bad_file(tmp_path: Path, write_yaml: Callable[..., Path]) -> None:
    write_yaml("id: [broken\n", "a-broken.yaml")
    write_yaml(minimal(id="good"), "b-good.yaml")
    registry = load_instruments(tmp_path)
    assert "good" in registry
    assert len(registry.errors) == 1 and registry.errors[0].startswith("a-broken.yaml:")


def test_it_loads_only_the_first_of_two_practice_files_with_one_id(
    tmp_path: Path, write_yaml: Callable[..., Path]
) -> None:
    write_yaml(minimal(id="twin", title="First"), "a.yaml")
    write_yaml(minimal(id="twin", title="Second"), "b.yml")
    registry = load_instruments(tmp_path)
    assert registry["twin"].title == "First"
    assert registry.errors == [
        "b.yml: id: 'twin' is already used by a.yaml; only the first was loaded"
    ]


def test_it_can_load_practice_files_without_the_builtins(
    tmp_path: Path, write_yaml: Callable[..., Path]
) -> None:
    write_yaml(minimal(), "mini.yaml")
    registry = load_instruments(tmp_path, include_builtin=False)
    assert registry.ids() == ["mini"]
    assert list(registry.values())[0].id == "mini"


def test_it_reports_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    registry = load_instruments(tmp_path / "missing")
    assert registry.errors == [f"{tmp_path / 'missing'}: is not a folder of instrument files"]
    assert "phq9" in registry
