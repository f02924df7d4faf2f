"""An instrument's words in other languages: the same questionnaire, checked item by item, scored
the same, and shown in the language asked for or else in its own, saying which."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from tandem.cli.instruments import instruments
from tandem.core.instruments import (
    InstrumentError,
    Registry,
    in_language,
    load_instrument,
    load_instruments,
    score,
)

from .conftest import minimal

FAKE_PHQ9 = Path(__file__).parent / "data" / "phq9.qaa.yaml"
OURS = "Written by the Tandem project"


def spanish(**changes: Any) -> dict[str, Any]:
    """Spanish words for the minimal test instrument (its items a and b)."""
    options = [
        {"value": 0, "label": "No"},
        {"value": 1, "label": "Algo"},
        {"value": 2, "label": "Mucho"},
    ]
    wording: dict[str, Any] = {
        "title": "Un cuestionario pequeño",
        "items": [
            {"id": "a", "text": "Primera", "options": copy.deepcopy(options)},
            {"id": "b", "text": "Segunda", "options": copy.deepcopy(options)},
        ],
        "source": "Test.",
    }
    wording.update(changes)
    return wording


def translated(wording: dict[str, Any], language: str = "es") -> dict[str, Any]:
    return minimal(translations={language: wording})


def problems(write_yaml: Callable[..., Path], data: object, name: str = "mini.yaml") -> list[str]:
    with pytest.raises(InstrumentError) as raised:
        load_instrument(write_yaml(data, name))
    return raised.value.errors


# -- what ships ------------------------------------------------------------------------------------


def test_it_ships_every_one_of_tandems_own_scales_in_spanish(builtins: Registry) -> None:
    ours = [i for i in builtins.ids() if builtins[i].licence.startswith(OURS)]
    assert ours == [
        "growth", "partnership", "partnership_mirror", "practice_log",
        "reflection", "reliance", "selfcare", "talk_again",
    ]  # fmt: skip
    for instrument_id in ours:
        assert list(builtins[instrument_id].translations) == ["es"], instrument_id


def test_it_ships_no_translation_of_a_questionnaire_it_did_not_write(builtins: Registry) -> None:
    # Validated questionnaires only in their official translations, which a practice adds.
    for instrument_id in builtins.ids():
        if not builtins[instrument_id].licence.startswith(OURS):
            assert builtins[instrument_id].translations == {}, instrument_id


def test_it_shows_the_partnership_scale_in_spanish_and_scores_it_the_same(
    builtins: Registry,
) -> None:
    original = builtins["partnership"]
    shown = in_language(original, "es")
    assert (shown.language, shown.fell_back) == ("es", False)
    spanish_scale = shown.instrument
    assert spanish_scale.title == "Colaboración en la sesión"
    assert spanish_scale.item("heard").text == "Sentí que me escuchaban y me respetaban."
    assert spanish_scale.item("heard").max_label == "Totalmente"
    answers = {"heard": 7, "focus": 8, "fit": 6, "together": 9, "takeaway": 5}
    assert score(spanish_scale, answers) == score(original, answers)
    # The original is untouched: the Spanish is a copy.
    assert original.item("heard").text == "I felt heard and respected."


def test_it_keeps_every_answer_value_and_scoring_rule_in_spanish(builtins: Registry) -> None:
    for instrument_id in builtins.ids():
        original = builtins[instrument_id]
        shown = in_language(original, "es").instrument
        assert shown.scoring == original.scoring
        for before, after in zip(original.items, shown.items, strict=True):
            assert [o.value for o in after.options] == [o.value for o in before.options]
            assert (after.kind, after.min, after.max, after.reversed, after.scored) == (
                before.kind, before.min, before.max, before.reversed, before.scored,
            )  # fmt: skip


# -- choosing the language ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wanted", "shown_in", "fell_back"),
    [
        (("es",), "es", False),
        (("es-MX",), "es", False),  # a regional Spanish finds Spanish
        (("ES",), "es", False),
        (("en-GB",), "en", False),  # the file's own language, in another region
        (("fr",), "en", True),  # not available: the file's own words, and it says so
        (("fr", "es"), "es", True),  # the second choice, still not the first
        ((), "en", False),
    ],
)
def test_it_shows_the_first_language_it_has_and_says_which(
    builtins: Registry, wanted: tuple[str, ...], shown_in: str, fell_back: bool
) -> None:
    shown = in_language(builtins["growth"], *wanted)
    assert shown.language == shown_in
    assert shown.instrument.language == shown_in
    assert shown.fell_back is fell_back


def test_it_falls_back_to_the_file_s_own_words_for_the_phq9(builtins: Registry) -> None:
    shown = in_language(builtins["phq9"], "es")
    assert (shown.language, shown.fell_back) == ("en", True)
    assert shown.instrument is builtins["phq9"]


# -- checking a translation written in the instrument file --------------------------------------


def test_it_loads_a_translation_in_the_file(write_yaml: Callable[..., Path]) -> None:
    instrument = load_instrument(write_yaml(translated(spanish())))
    shown = in_language(instrument, "es").instrument
    assert [item.text for item in shown.items] == ["Primera", "Segunda"]
    assert [o.label for o in shown.item("b").options] == ["No", "Algo", "Mucho"]


@pytest.mark.parametrize(
    ("wording", "expected"),
    [
        (
            spanish(items=spanish()["items"][:1]),
            ["mini.yaml: translations.es.items: item 'b' has no translation"],
        ),
        (
            spanish(items=[*spanish()["items"], {"id": "c", "text": "Tercera"}]),
            [
                "mini.yaml: translations.es.items[2].id: the instrument has no item 'c'; "
                "a translation may not add questions"
            ],
        ),
        (
            spanish(items=[spanish()["items"][0], spanish()["items"][0]]),
            [
                "mini.yaml: translations.es.items[1].id: 'a' is translated twice (also items[0])",
                "mini.yaml: translations.es.items: item 'b' has no translation",
            ],
        ),
        (
            spanish(
                items=[
                    spanish()["items"][0],
                    {
                        "id": "b",
                        "text": "Segunda",
                        "options": [{"value": 0, "label": "No"}, {"value": 3, "label": "Tres"}],
                    },
                ]
            ),
            [
                "mini.yaml: translations.es.items[1] (b).options: must translate exactly the "
                "answers 0, 1, 2, got 0, 3"
            ],
        ),
        (
            spanish(instructions="Responde a todo."),
            [
                "mini.yaml: translations.es.instructions: the instrument has no instructions to translate"
            ],
        ),
    ],
    ids=["missing item", "extra item", "item twice", "other answer values", "extra instructions"],
)
def test_it_names_the_file_and_the_item_when_a_translation_does_not_fit(
    write_yaml: Callable[..., Path], wording: dict[str, Any], expected: list[str]
) -> None:
    assert problems(write_yaml, translated(wording)) == expected


def test_it_asks_for_every_part_the_person_reads(write_yaml: Callable[..., Path]) -> None:
    data = translated(spanish())
    data["instructions"] = "Answer every question."
    data["items"][0] = {
        "id": "a", "text": "First", "kind": "scale", "min": 0, "max": 2,
        "min_label": "Never", "max_label": "Always",
    }  # fmt: skip
    assert problems(write_yaml, data) == [
        "mini.yaml: translations.es.instructions: the instrument has instructions; translate them",
        "mini.yaml: translations.es.items[0] (a).options: the item is a scale, which has no "
        "answers to name",
        "mini.yaml: translations.es.items[0] (a).min_label: the instrument labels this end of "
        "the scale; translate it",
        "mini.yaml: translations.es.items[0] (a).max_label: the instrument labels this end of "
        "the scale; translate it",
    ]


def test_it_refuses_a_language_that_is_not_a_language_tag(
    write_yaml: Callable[..., Path],
) -> None:
    assert problems(write_yaml, translated(spanish(), "Spanish")) == [
        'mini.yaml: translations.Spanish: must be a language tag such as "es", "pt-BR" or '
        "\"zh-Hant\", got 'Spanish'"
    ]
    assert problems(write_yaml, translated(spanish(), "en")) == [
        "mini.yaml: translations.en: is the instrument's own language (en)"
    ]


def test_it_requires_the_source_of_a_translation(write_yaml: Callable[..., Path]) -> None:
    wording = spanish()
    del wording["source"]
    assert problems(write_yaml, translated(wording)) == [
        "mini.yaml: translations.es.source: is required"
    ]


# -- a translation in a file of its own, as a practice adds an official one ----------------------


def test_it_adds_a_practice_s_translation_file_to_the_phq9(tmp_path: Path) -> None:
    shutil.copy(FAKE_PHQ9, tmp_path / FAKE_PHQ9.name)
    registry = load_instruments(tmp_path)
    assert registry.errors == []
    shown = in_language(registry["phq9"], "qaa")
    assert (shown.language, shown.fell_back) == ("qaa", False)
    assert shown.instrument.item("q1").text == "Item 1 (test wording)"
    assert shown.instrument.item("q1").options[2].label == "Answer 2 (test wording)"
    # Scored exactly as the PHQ-9, severity bands and all.
    answers = {f"q{n}": 2 for n in range(1, 10)}
    assert score(shown.instrument, answers) == score(registry["phq9"], answers)


def _broken_copy(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    data = yaml.safe_load(FAKE_PHQ9.read_text(encoding="utf-8"))
    change(data)
    target = tmp_path / "phq9.qaa.yaml"
    target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return target


def test_it_reports_a_translation_file_that_does_not_fit_and_keeps_the_instrument(
    tmp_path: Path,
) -> None:
    def drop_item_4(data: dict[str, Any]) -> None:
        data["items"] = [i for i in data["items"] if i["id"] != "q4"]

    _broken_copy(tmp_path, drop_item_4)
    registry = load_instruments(tmp_path)
    assert registry.errors == ["phq9.qaa.yaml: items: item 'q4' has no translation"]
    assert registry["phq9"].translations == {}


def test_it_reports_a_translation_of_no_known_instrument(tmp_path: Path) -> None:
    _broken_copy(tmp_path, lambda data: data.update(translation_of="phq10"))
    assert load_instruments(tmp_path).errors == [
        "phq9.qaa.yaml: translation_of: there is no instrument 'phq10' to translate"
    ]


def test_it_reports_two_files_for_one_language(tmp_path: Path) -> None:
    shutil.copy(FAKE_PHQ9, tmp_path / "phq9.qaa.yaml")
    shutil.copy(FAKE_PHQ9, tmp_path / "phq9.qaa-copy.yaml")
    assert load_instruments(tmp_path).errors == [
        "phq9.qaa.yaml: language: phq9 already has words in qaa"
    ]


def test_it_says_a_translation_file_is_not_an_instrument() -> None:
    with pytest.raises(InstrumentError) as raised:
        load_instrument(FAKE_PHQ9)
    assert raised.value.errors == [
        "phq9.qaa.yaml: is a translation of 'phq9', not an instrument "
        "(check it with the instrument it translates)"
    ]


# -- `tandem instruments check` on a translation file --------------------------------------------


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.delenv("TANDEM_INSTRUMENTS_DIR", raising=False)
    monkeypatch.setenv("TANDEM_DATA_DIR", str(tmp_path / "no-data"))
    return CliRunner(env={"COLUMNS": "200"})


def test_the_check_command_passes_a_translation_file_that_fits(runner: CliRunner) -> None:
    result = runner.invoke(instruments, ["check", str(FAKE_PHQ9)])
    assert result.exit_code == 0, result.output
    assert result.output == "ok: phq9 in qaa (10 items, for version 1)\n"


def test_the_check_command_names_each_problem_in_a_translation_file(
    runner: CliRunner, tmp_path: Path
) -> None:
    def break_it(data: dict[str, Any]) -> None:
        data["items"][2]["options"] = data["items"][2]["options"][:3]
        data["items"].append({"id": "q11", "text": "Item 11 (test wording)"})
        del data["title"]

    path = _broken_copy(tmp_path, break_it)
    result = runner.invoke(instruments, ["check", str(path)])
    assert result.exit_code == 1
    assert result.output == "phq9.qaa.yaml: title: is required\n"
    path.write_text(
        path.read_text(encoding="utf-8") + "title: PHQ-9 (test wording)\n", encoding="utf-8"
    )
    result = runner.invoke(instruments, ["check", str(path)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "phq9.qaa.yaml: items[2] (q3).options: must translate exactly the answers 0, 1, 2, 3, "
        "got 0, 1, 2",
        "phq9.qaa.yaml: items[10].id: the instrument has no item 'q11'; a translation may not "
        "add questions",
    ]


def test_the_check_command_finds_a_practice_instrument_beside_its_translation(
    runner: CliRunner, tmp_path: Path, write_yaml: Callable[..., Path]
) -> None:
    write_yaml(minimal(id="core_test"), "core_test.yaml", tmp_path)
    wording = spanish(translation_of="core_test", language="es")
    path = write_yaml(wording, "core_test.es.yaml", tmp_path)
    result = runner.invoke(instruments, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output == "ok: core_test in es (2 items, for version 1)\n"


def test_the_list_command_shows_each_instrument_s_languages(
    runner: CliRunner, tmp_path: Path
) -> None:
    shutil.copy(FAKE_PHQ9, tmp_path / FAKE_PHQ9.name)
    result = runner.invoke(instruments, ["list", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    phq9_row = next(line for line in result.output.splitlines() if "phq9" in line)
    assert "en qaa" in phq9_row
    growth_row = next(line for line in result.output.splitlines() if "growth" in line)
    assert "en es" in growth_row
