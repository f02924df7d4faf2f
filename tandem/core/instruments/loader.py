"""Reading instrument files: the only I/O in the clinical core.

Every problem in a file is reported at once, as ``file.yaml: field.path: what is wrong``, so
whoever wrote the file can fix it in one go. A bad file never stops the others from loading.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from tandem.core.instruments.schema import Instrument, TranslationFile, cross_field_problems
from tandem.core.instruments.translation import add_translation, translation_problems

SUFFIXES = (".yaml", ".yml")


class InstrumentError(Exception):
    """An instrument file that cannot be used; ``errors`` holds one line per problem."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


def builtin_dir() -> Path:
    """The folder of instruments that ship with Tandem."""
    return Path(__file__).resolve().parent / "builtin"


def _duplicate_keys(node: Any, where: str = "") -> list[str]:
    """Keys given twice in one mapping, which plain YAML silently lets the last one win."""
    problems: list[str] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            path = f"{where}.{key}" if where else key
            if key in seen:
                line = key_node.start_mark.line + 1
                problems.append(f"{path}: is given twice (again on line {line})")
            seen.add(key)
            problems += _duplicate_keys(value_node, path)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            problems += _duplicate_keys(child, f"{where}[{index}]")
    return problems


def load_instrument(path: Path) -> Instrument:
    """Read and check one instrument file; raises InstrumentError listing every problem."""
    loaded = load_file(path)
    if isinstance(loaded, TranslationFile):
        raise InstrumentError(
            [
                f"{path.name}: is a translation of {loaded.translation_of!r}, not an instrument "
                "(check it with the instrument it translates)"
            ]
        )
    return loaded


def load_file(path: Path) -> Instrument | TranslationFile:
    """Read and check one file: an instrument, or a translation file (it has ``translation_of``),
    checked for its shape only until it meets its instrument (:func:`attach`)."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InstrumentError([f"{name}: file not found ({path})"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InstrumentError([f"{name}: cannot be read: {exc}"]) from None
    try:
        duplicates = _duplicate_keys(yaml.compose(text, Loader=yaml.SafeLoader))
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InstrumentError([f"{name}: is not valid YAML: {_yaml_problem(exc)}"]) from None
    if duplicates:
        raise InstrumentError([f"{name}: {problem}" for problem in duplicates])
    if isinstance(data, dict) and "translation_of" in data:
        return translation_from_data(data, name)
    return instrument_from_data(data, name)


def translation_from_data(data: dict[str, Any], name: str) -> TranslationFile:
    try:
        return TranslationFile.model_validate(data)
    except ValidationError as exc:
        raise InstrumentError(
            [f"{name}: {_describe(error, 'translation files')}" for error in exc.errors()]
        ) from None


def attach(instrument: Instrument, translation: TranslationFile, name: str) -> Instrument:
    """The instrument with a translation file's words; InstrumentError, naming the file and each
    item, when the file does not translate exactly this instrument."""
    added, problems = add_translation(instrument, translation)
    if problems:
        raise InstrumentError([f"{name}: {problem}" for problem in problems])
    return added


def instrument_from_data(data: object, name: str = "<instrument>") -> Instrument:
    """Check already-parsed data (from YAML, JSON or a FHIR import) and build the instrument."""
    if not isinstance(data, dict):
        raise InstrumentError(
            [f"{name}: must be a mapping of fields (id: ..., title: ...), got {_kind(data)}"]
        )
    try:
        instrument = Instrument.model_validate(data)
    except ValidationError as exc:
        raise InstrumentError([f"{name}: {_describe(error)}" for error in exc.errors()]) from None
    problems = cross_field_problems(instrument) + translation_problems(instrument)
    if problems:
        raise InstrumentError([f"{name}: {problem}" for problem in problems])
    return instrument


class Registry(Mapping[str, Instrument]):
    """The instruments a practice can use, by id, plus the problems of any file that failed."""

    def __init__(self) -> None:
        self._instruments: dict[str, Instrument] = {}
        self.paths: dict[str, Path] = {}
        self.builtin_ids: set[str] = set()
        self.errors: list[str] = []

    def __getitem__(self, instrument_id: str) -> Instrument:
        return self._instruments[instrument_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._instruments)

    def __len__(self) -> int:
        return len(self._instruments)

    def ids(self) -> list[str]:
        return sorted(self._instruments)

    def replace(self, instrument: Instrument) -> None:
        """Put back an instrument already added, now with more words (a translation file's)."""
        self._instruments[instrument.id] = instrument

    def add(self, instrument: Instrument, path: Path, *, builtin: bool = False) -> None:
        """Add one instrument, or record why it cannot be added."""
        existing = self.paths.get(instrument.id)
        if instrument.id in self.builtin_ids:
            self.errors.append(
                f"{path.name}: id: {instrument.id!r} is a built-in instrument; a practice file "
                "may not replace it, so give yours a different id"
            )
        elif existing is not None:
            self.errors.append(
                f"{path.name}: id: {instrument.id!r} is already used by {existing.name}; "
                "only the first was loaded"
            )
        else:
            self._instruments[instrument.id] = instrument
            self.paths[instrument.id] = path
            if builtin:
                self.builtin_ids.add(instrument.id)


def instrument_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix in SUFFIXES)


def load_instruments(*dirs: Path, include_builtin: bool = True) -> Registry:
    """Load the built-in instruments, then every ``*.yaml`` file in each of ``dirs``.

    Practice files may not shadow a built-in id: a clinician reading "PHQ-9" must be able to
    trust it is the published PHQ-9, scored the published way.
    """
    registry = Registry()
    sources: list[tuple[Path, bool]] = []
    if include_builtin:
        sources.append((builtin_dir(), True))
    sources.extend((Path(d), False) for d in dirs)
    translations: list[tuple[TranslationFile, Path]] = []
    for directory, builtin in sources:
        if not directory.is_dir():
            registry.errors.append(f"{directory}: is not a folder of instrument files")
            continue
        for path in instrument_files(directory):
            try:
                loaded = load_file(path)
            except InstrumentError as exc:
                registry.errors.extend(exc.errors)
                continue
            if isinstance(loaded, TranslationFile):
                translations.append((loaded, path))
            else:
                registry.add(loaded, path, builtin=builtin)
    # Translations last, so that a file may sit in any folder and sort before its instrument.
    for translation, path in translations:
        target = registry.get(translation.translation_of)
        if target is None:
            registry.errors.append(
                f"{path.name}: translation_of: there is no instrument "
                f"{translation.translation_of!r} to translate"
            )
            continue
        try:
            registry.replace(attach(target, translation, path.name))
        except InstrumentError as exc:
            registry.errors.extend(exc.errors)
    return registry


# -- turning pydantic's errors into plain words ---------------------------------------------------


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def _shown(value: object) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if value is None:
        return "nothing"
    return json.dumps(value) if isinstance(value, bool | int | float) else repr(value)


def _kind(value: object) -> str:
    return "nothing" if value is None else f"{_shown(value)}"


_PLAIN: dict[str, str] = {
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "string_type": "must be text",
    "list_type": "must be a list",
    "tuple_type": "must be a list",
    "dict_type": "must be a mapping of fields",
    "model_type": "must be a mapping of fields",
    "model_attributes_type": "must be a mapping of fields",
}


def _describe(error: ErrorDetails, what: str = "instruments") -> str:
    """One pydantic error as "field.path: what is wrong, got X"."""
    where = _path(tuple(error["loc"])) or "(top level)"
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return f"{where}: is required"
    if kind == "extra_forbidden":
        return f"{where}: is not a field {what} have (check the spelling)"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        allowed = expected.replace("'", "").replace(" or ", ", ")
        return f"{where}: must be one of {allowed}; got {_shown(value)}"
    if kind in ("string_too_short", "too_short"):
        return f"{where}: must not be empty"
    if kind in ("greater_than_equal", "greater_than"):
        limit = error.get("ctx", {}).get("ge", error.get("ctx", {}).get("gt"))
        return f"{where}: must be at least {limit}, got {_shown(value)}"
    if kind == "value_error":
        message = error["msg"].removeprefix("Value error, ")
        return f"{where}: {message}"
    plain = _PLAIN.get(kind)
    if plain is not None:
        return f"{where}: {plain}, got {_shown(value)}"
    return f"{where}: {error['msg']}"


def _yaml_problem(exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is not None:
        return f"{problem} (line {mark.line + 1}, column {mark.column + 1})"
    return str(problem)
