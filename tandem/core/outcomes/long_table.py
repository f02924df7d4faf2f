"""The long table of scores: its columns, its instrument codes, reading it and checking it.

One row per score: ``episode_id, session, instrument, score`` and, optionally, ``ended`` (1/0 or
true/false; every episode is taken as ended without it) and ``problem`` (a problem descriptor of
:data:`tandem.core.outcomes.nhs_measures.PROBLEMS`; ``none`` without it). Both must be the same on
every row of an episode. Rows for instruments other than those of :data:`INSTRUMENTS` are counted
and otherwise skipped. Rows may come in any order; episode ids may be whole numbers or text; one
(episode, session, instrument) may appear only once.

The checked table is :class:`LongArrays` (sorted, instrument and problem as codes), which
:mod:`tandem.core.outcomes.nhs` turns into outcomes. It comes from a file (:func:`read_long_arrays`,
CSV or Parquet: the only module of the outcomes package that reads files) or from a DataFrame
(:func:`check_frame`, the database path). Every problem is reported as an
:class:`OutcomeInputError` with the 1-based line of the CSV file (the header is line 1) or the
1-based row of a Parquet file (or a DataFrame), and what is wrong with it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]

from tandem.core.outcomes.errors import OutcomeInputError
from tandem.core.outcomes.nhs_measures import (
    DEFAULT_PROBLEM,
    MEASURES,
    PROBLEMS,
    NhsMeasure,
    normalise_problem,
)

IntArray = npt.NDArray[np.integer[Any]]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

REQUIRED_COLUMNS = ("episode_id", "session", "instrument", "score")
OPTIONAL_COLUMNS = ("ended", "problem")

# The instruments the outcome rules read, in code order (a row's instrument code is its index).
INSTRUMENTS: tuple[str, ...] = ("phq9", "gad7", "spin", "pcl5", "iesr", "mi", "oci", "pdss", "hai")
NHS_MEASURES: tuple[NhsMeasure, ...] = tuple(MEASURES[i] for i in INSTRUMENTS)
CODE = {name: code for code, name in enumerate(INSTRUMENTS)}
LOW = np.array([m.min for m in NHS_MEASURES], dtype=np.float64)
HIGH = np.array([m.max for m in NHS_MEASURES], dtype=np.float64)
DECIMAL = np.array([m.decimal for m in NHS_MEASURES], dtype=np.bool_)
PROBLEM_CODE = {name: code for code, name in enumerate(PROBLEMS)}
NONE_PROBLEM = PROBLEM_CODE[DEFAULT_PROBLEM]
# Sort key: (episode, session, instrument); instrument codes fit in 4 bits.
_INSTRUMENT_BITS = 16


def normalise_instrument(name: object) -> str:
    """``"PHQ-9"``, ``"phq_9"`` and ``"phq9"`` all name the same instrument."""
    if not isinstance(name, str):
        return ""
    return name.strip().lower().replace("-", "").replace("_", "").replace(" ", "")


def instrument_codes(names: Any) -> npt.NDArray[np.int8]:
    """Code per name (its index in :data:`INSTRUMENTS`), -1 for anything else."""
    return np.array([CODE.get(normalise_instrument(n), -1) for n in names], dtype=np.int8)


def instrument_column_codes(column: Any, names: tuple[str, ...] = ("phq9", "gad7")) -> Any:
    """Per row of a pandas column: the index of its (normalised) name in ``names``, else -1."""
    import pandas as pd  # type: ignore[import-untyped]

    if isinstance(column.dtype, pd.CategoricalDtype):
        raw = column.cat.codes.to_numpy()
        uniques = column.cat.categories
    else:
        raw, uniques = pd.factorize(column, sort=False)
    wanted = {normalise_instrument(n): i for i, n in enumerate(names)}
    lut = np.array([wanted.get(normalise_instrument(u), -1) for u in uniques] + [-1], dtype=np.int8)
    return lut[raw]


@dataclass(frozen=True)
class LongArrays:
    """The checked long table: rows of the outcome instruments only, sorted by (episode,
    session, instrument), and one ``ended`` flag and ``problem`` code per episode."""

    episode: IntArray  # 0..n_episodes-1
    episode_ids: Any  # labels indexed by the codes above (a pandas Index, numpy or Arrow array)
    session: IntArray
    instrument: npt.NDArray[np.int8]  # index in INSTRUMENTS
    score: FloatArray
    ended: BoolArray  # per episode
    problem: npt.NDArray[np.int8]  # per episode, index in PROBLEMS

    @property
    def n_episodes(self) -> int:
        return len(self.episode_ids)


def repeated_row(episode: object, session: int, instrument: str, unit: str, first: int) -> str:
    """What is wrong with a second row for the same (episode, session, instrument): the one
    wording for it, here and in the score import (:mod:`tandem.interop.import_scores`)."""
    return (
        f"episode {episode}, session {session} already has a {instrument} score (on {unit} {first})"
    )


class _RepeatedRows(Exception):
    """Two rows (0-based indices, in input order) with the same episode/session/instrument."""

    def __init__(self, first: int, second: int) -> None:
        super().__init__(first, second)
        self.first = first
        self.second = second


def _row_key(episode: IntArray, session: IntArray, instrument: npt.NDArray[np.int8]) -> IntArray:
    """One int64 per row that orders rows by episode, session, then instrument."""
    span = int(session.max()) + 1 if len(session) else 1
    if len(episode) and (int(episode.max()) + 1) * span * _INSTRUMENT_BITS >= 2**62:
        raise OutcomeInputError(0, "session numbers are too large to order", unit="row")
    key: IntArray = episode.astype(np.int64)
    key *= span
    key += session
    key *= _INSTRUMENT_BITS
    key += instrument
    return key


def _sort_order(episode: IntArray, session: IntArray, instrument: npt.NDArray[np.int8]) -> Any:
    """``None`` when rows are already in (episode, session, instrument) order, else the stable
    order that sorts them. Raises :class:`_RepeatedRows` when a row key repeats."""
    if len(episode) < 2:
        return None
    key = _row_key(episode, session, instrument)
    if bool(np.all(key[1:] > key[:-1])):
        return None
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    hits = np.flatnonzero(sorted_key[1:] == sorted_key[:-1])
    if hits.size:
        seconds = order[hits + 1]
        pick = int(np.argmin(seconds))
        first = order[np.searchsorted(sorted_key, sorted_key[hits[pick]], side="left")]
        raise _RepeatedRows(int(first), int(seconds[pick]))
    return order


# pyarrow.compute is imported only where it is needed (its import costs the command ~0.08 s).

PARQUET_SUFFIXES = {".parquet", ".pq", ".parq"}
TRUE_WORDS = {"1": 1, "true": 1, "0": 0, "false": 0}


def read_long_file(path: str | Path) -> tuple[Any, int]:
    """Read a long file and return ``(frame, ignored_rows)``.

    See :func:`read_long_arrays`; this wraps its rows in a DataFrame.
    """
    arrays, ignored = read_long_arrays(path)
    return to_frame(arrays), ignored


def check_frame(df: Any) -> tuple[LongArrays, int]:
    """The same checks over a DataFrame (the database path), reported by 1-based row."""
    _check_columns([str(c) for c in df.columns], unit="row")
    names = [c for c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if c in df.columns]
    table = pa.Table.from_pandas(df[names], preserve_index=False)
    return check_table(table, first_row=1, unit="row")


def read_long_arrays(path: str | Path) -> tuple[LongArrays, int]:
    """Read a long file and return its checked rows and the number of ignored rows."""
    table, first_row, unit = _read_table(Path(path))
    return check_table(table, first_row=first_row, unit=unit)


def long_arrays(df: Any) -> LongArrays:
    """The checked rows of a long DataFrame (see :func:`check_frame`), without the count of
    ignored rows."""
    return check_frame(df)[0]


def _read_table(path: Path) -> tuple[Any, int, str]:
    """The file as an Arrow table, the number of its first data row, and "line" or "row"."""
    if path.suffix.lower() in PARQUET_SUFFIXES:
        import pyarrow.parquet as pq  # type: ignore[import-untyped]

        try:
            schema = pq.read_schema(path)
        except (OSError, pa.ArrowException) as exc:
            raise OutcomeInputError(0, f"cannot read {path.name} as Parquet: {exc}") from None
        _check_columns(list(schema.names), unit="row")
        wanted = [c for c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if c in schema.names]
        return pq.read_table(path, columns=wanted), 1, "row"
    header = _csv_header(path)
    _check_columns(header, unit="line")
    return _read_csv(path, [c for c in OPTIONAL_COLUMNS if c in header]), 2, "line"


def _arrow_mask(mask: npt.NDArray[np.bool_]) -> Any:
    """A numpy boolean mask as an Arrow boolean array, built from its bits: ``pa.array`` on a
    numpy array imports pandas (a third of a second at start-up)."""
    bits = np.packbits(mask, bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(mask), [None, pa.py_buffer(bits.tobytes())])


def _integer_column(column: Any) -> bool:
    return bool(pa.types.is_integer(column.type)) and column.null_count == 0


def _one_chunk(column: Any) -> Any:
    if isinstance(column, pa.ChunkedArray):
        return column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    return column


def _csv_header(path: Path) -> list[str]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), None)
    except UnicodeDecodeError:
        raise OutcomeInputError(1, "the file is not UTF-8 text (is it a Parquet file?)") from None
    except OSError as exc:
        raise OutcomeInputError(0, f"cannot open {path}: {exc.strerror}") from None
    if not header:
        raise OutcomeInputError(
            1, "the file is empty: expected the header " + ",".join(REQUIRED_COLUMNS)
        )
    return [h.strip() for h in header]


def _check_columns(names: list[str], unit: str) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise OutcomeInputError(
            1 if unit == "line" else 0,
            f"missing column{plural} {', '.join(missing)} (found: {', '.join(names) or 'none'}; "
            f"expected {','.join(REQUIRED_COLUMNS)})",
            unit=unit,
        )


def _read_csv(path: Path, optional: list[str]) -> Any:
    import pyarrow.csv as pacsv  # type: ignore[import-untyped]

    dictionary = pa.dictionary(pa.int32(), pa.string())
    options = pacsv.ReadOptions(block_size=16 << 20)
    columns = [*REQUIRED_COLUMNS, *optional]
    text = dict.fromkeys(optional, dictionary)
    attempts = (
        # Whole-number ids (the usual export); scores as numbers (the MI's are decimals).
        {
            "episode_id": pa.int64(),
            "instrument": dictionary,
            "session": pa.int32(),
            "score": pa.float64(),
            **text,
        },
        # Text ids (as real exports use).
        {
            "episode_id": dictionary,
            "instrument": dictionary,
            "session": pa.int32(),
            "score": pa.float64(),
            **text,
        },
        # Anything else is read as text so that the bad line can be named.
        dict.fromkeys(columns, pa.string()),
    )
    for number, types in enumerate(attempts):
        try:
            return pacsv.read_csv(
                path,
                read_options=options,
                convert_options=pacsv.ConvertOptions(
                    column_types=types,
                    include_columns=columns,
                    strings_can_be_null=number == len(attempts) - 1,
                ),
            )
        except pa.ArrowInvalid as exc:
            if number == len(attempts) - 1:
                # Wrong number of fields on a line: pyarrow's message names the row.
                raise OutcomeInputError(0, f"the file is not valid CSV: {exc}") from None
    raise AssertionError("unreachable")


def _episode_codes(column: Any) -> tuple[npt.NDArray[np.integer[Any]], Any]:
    """Episode codes in order of first appearance, and the id of each code."""
    if isinstance(column, pa.ChunkedArray) and pa.types.is_integer(column.type):
        column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    if pa.types.is_integer(column.type) and column.null_count == 0:
        ids = _numpy(column)
        step = ids[1:] != ids[:-1]
        if ids.size and bool(np.all(ids[1:] >= ids[:-1])):
            # Sorted ids (the usual export): codes by counting changes, no hashing needed.
            starts = np.flatnonzero(np.concatenate(([True], step)))
            lengths = np.diff(np.append(starts, ids.size))
            codes = np.repeat(np.arange(starts.size, dtype=np.int32), lengths)
            return codes, ids[starts]
    return _dictionary(column)


def _dictionary(column: Any) -> tuple[npt.NDArray[np.integer[Any]], Any]:
    """Codes (-1 for null) and the dictionary values of a column of any type."""
    import pyarrow.compute as pc  # type: ignore[import-untyped]

    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    if isinstance(column, pa.ChunkedArray):
        column = pa.Table.from_arrays([column], names=["c"]).unify_dictionaries().column(0)
        column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    indices = column.indices
    if indices.null_count:
        indices = indices.fill_null(-1)
    return _numpy(indices), column.dictionary


def _numpy(array: Any) -> Any:
    """A numeric Arrow array as numpy; without nulls this is zero-copy and needs no pandas
    (pyarrow's copying conversion imports pandas, which costs the command a second at start)."""
    if array.null_count == 0 and (
        pa.types.is_integer(array.type) or pa.types.is_floating(array.type)
    ):
        dtype = np.dtype(
            {"double": "float64", "float": "float32", "halffloat": "float16"}.get(
                str(array.type), str(array.type)
            )
        )
        return np.frombuffer(
            array.buffers()[1],
            dtype=dtype,
            count=len(array),
            offset=array.offset * dtype.itemsize,
        )
    return array.to_numpy(zero_copy_only=False)


def _instrument_codes(column: Any) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.bool_] | None]:
    """Per row: the code of its instrument in :data:`INSTRUMENTS`, -1 for anything else; and a
    mask of empty names (None if none). Works chunk by chunk on the small per-chunk
    dictionaries, so a 10-million-row file never unifies or copies the index arrays."""
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    codes = []
    empty: list[npt.NDArray[np.bool_] | None] = []
    for chunk in chunks:
        if not pa.types.is_dictionary(chunk.type):
            import pyarrow.compute as pc

            chunk = pc.dictionary_encode(chunk)
        lut = np.append(instrument_codes(chunk.dictionary.to_pylist()), np.int8(-1))
        indices = chunk.indices
        if indices.null_count:
            empty.append(indices.is_null().to_numpy(zero_copy_only=False))
            indices = indices.fill_null(-1)
        else:
            empty.append(None)
        # index -1 (an empty name) picks the trailing -1 of the lookup table
        codes.append(lut[_numpy(indices)])
    out = np.concatenate(codes) if codes else np.zeros(0, dtype=np.int8)
    if all(e is None for e in empty):
        return out, None
    masks = [
        np.zeros(len(c), dtype=np.bool_) if e is None else e
        for c, e in zip(codes, empty, strict=True)
    ]
    return out, np.concatenate(masks)


def _numbers(column: Any) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_] | None]:
    """Values as floats (NaN for missing) and a mask of cells that are not numbers at all
    (None when there can be none)."""
    import pyarrow.compute as pc

    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    if pa.types.is_integer(column.type) or pa.types.is_floating(column.type):
        if column.null_count == 0 and pa.types.is_float64(column.type):
            return _numpy(column), None
        return pc.cast(column, pa.float64()).to_numpy(zero_copy_only=False), None
    if pa.types.is_decimal(column.type):
        return pc.cast(column, pa.float64()).to_numpy(zero_copy_only=False), None
    import pandas as pd

    text = pd.Series(pc.cast(column, pa.string()).to_numpy(zero_copy_only=False)).str.strip()
    values = pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64)
    given = (text.notna() & (text != "")).to_numpy(dtype=np.bool_)
    return values, given & np.isnan(values)


def _per_row_codes(column: Any, lookup: Any, n: int) -> tuple[npt.NDArray[np.int16], list[Any]]:
    """Per row: ``lookup(value)`` of its cell (an int, -1 for not allowed, -2 for empty), and
    the distinct values (for messages)."""
    import pyarrow.compute as pc

    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    if pa.types.is_boolean(column.type):
        column = pc.cast(column, pa.int8())
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    values = column.dictionary.to_pylist()
    lut = np.array([lookup(v) for v in values] + [-2], dtype=np.int16)
    indices = column.indices
    if indices.null_count:
        indices = indices.fill_null(-1)
    return lut[_numpy(indices)], values


def _ended_code(value: Any) -> int:
    if value is None:
        return -2
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return int(value) if value in (0, 1) else -1
    text = str(value).strip().lower()
    if text == "":
        return -2
    return TRUE_WORDS.get(text, -1)


def _problem_code(value: Any) -> int:
    if value is None:
        return NONE_PROBLEM
    name = normalise_problem(str(value))
    return -1 if name is None else PROBLEM_CODE[name]


def check_table(table: Any, first_row: int, unit: str) -> tuple[LongArrays, int]:
    """Validate an Arrow table into :class:`LongArrays`; ``first_row`` is the number of row 0."""
    import pyarrow.compute as pc

    n_rows = table.num_rows
    if n_rows == 0:
        none = np.zeros(0, dtype=np.int64)
        return (
            LongArrays(
                none,
                np.zeros(0, dtype=np.int64),
                none,
                np.zeros(0, dtype=np.int8),
                np.zeros(0),
                np.zeros(0, dtype=np.bool_),
                np.zeros(0, dtype=np.int8),
            ),
            0,
        )
    instrument, no_name = _instrument_codes(table.column("instrument"))
    keep = instrument >= 0
    all_kept = bool(keep.all())
    problems: list[tuple[int, str]] = []

    def first(mask: npt.NDArray[np.bool_], message: Any) -> None:
        hit = np.flatnonzero(mask)
        if hit.size:
            problems.append((int(hit[0]), message(int(hit[0]))))

    if no_name is not None:
        first(no_name, lambda i: "the instrument is empty")
    ep_idx, ep_names = _episode_codes(table.column("episode_id"))
    if isinstance(ep_names, np.ndarray) or pa.types.is_integer(ep_names.type):
        empty_ids = np.zeros(0, dtype=np.int64)
    else:
        # Lengths after trimming, not a comparison with "": comparing with a Python string makes
        # pyarrow import pandas (a third of a second at start-up).
        names_text = pc.utf8_trim_whitespace(pc.cast(ep_names, pa.string()))
        empty_ids = np.flatnonzero(_numpy(pc.utf8_length(names_text)) == 0)
    if empty_ids.size or bool((ep_idx < 0).any()):
        first(
            keep & ((ep_idx < 0) | np.isin(ep_idx, empty_ids)), lambda i: "the episode_id is empty"
        )

    raw_session, raw_score = table.column("session"), table.column("score")
    code = np.where(keep, instrument, 0)
    if _integer_column(raw_session):
        # A whole-number column (the typed read): never empty, fractional or infinite; only the
        # lower bound needs checking, on the int32 values themselves (no float copy to scan).
        session_int = _numpy(_one_chunk(raw_session))
        first(
            keep & (session_int < 1),
            lambda i: f"the session {_cell(raw_session, i)} is below 1 (sessions count from 1)",
        )
        session = session_int
        session_text = None
    else:
        session, session_text = _numbers(raw_session)
    score, score_text = _numbers(raw_score)
    with np.errstate(invalid="ignore"):
        if not _integer_column(raw_session):
            missing = (
                np.isnan(session) if session_text is None else np.isnan(session) & ~session_text
            )
            first(keep & missing, lambda i: "the session is empty")
            not_whole = np.isfinite(session) & (session != np.floor(session))
            if session_text is not None:
                not_whole |= session_text
            first(
                keep & (not_whole | np.isinf(session)),
                lambda i: f"the session {_cell(raw_session, i)!r} is not a whole number",
            )
            first(
                keep & (session < 1),
                lambda i: f"the session {_cell(raw_session, i)} is below 1 (sessions count from 1)",
            )
        missing = np.isnan(score) if score_text is None else np.isnan(score) & ~score_text
        first(keep & missing, lambda i: "the score is empty")
        if score_text is not None:
            first(keep & score_text, lambda i: f"the score {_cell(raw_score, i)!r} is not a number")
        # Only a measure that is a mean (the MI) may have a decimal score.
        fractional = np.isfinite(score) & (score != np.floor(score)) & ~DECIMAL[code]
        first(
            keep & (fractional | np.isinf(score)),
            lambda i: (
                f"the {NHS_MEASURES[int(instrument[i])].label} score {_cell(raw_score, i)!r} is "
                "not a whole number"
            ),
        )
        # Ranges of nhs_measures.MEASURES; other instruments are not checked.
        first(
            keep & ((score < LOW[code]) | (score > HIGH[code])),
            lambda i: (
                f"the {NHS_MEASURES[int(instrument[i])].label} score {_cell(raw_score, i)} is "
                f"outside its range {_num(float(LOW[instrument[i]]))}-{_num(float(HIGH[instrument[i]]))}"
            ),
        )
    ended_row: npt.NDArray[np.int16] | None = None
    problem_row: npt.NDArray[np.int16] | None = None
    names = set(table.column_names)
    if "ended" in names:
        ended_row, _ = _per_row_codes(table.column("ended"), _ended_code, n_rows)
        raw_ended = table.column("ended")
        first(keep & (ended_row == -2), lambda i: "ended is empty (give 1 or 0, true or false)")
        first(
            keep & (ended_row == -1),
            lambda i: f"ended is {_cell(raw_ended, i)!r}; give 1 or 0, true or false",
        )
    if "problem" in names:
        problem_row, _ = _per_row_codes(table.column("problem"), _problem_code, n_rows)
        raw_problem = table.column("problem")
        first(
            keep & (problem_row == -1),
            lambda i: f"the problem {_cell(raw_problem, i)!r} is not one of {', '.join(PROBLEMS)}",
        )
    if problems:
        index, message = min(problems)
        raise OutcomeInputError(index + first_row, message, unit=unit)

    # Boolean compression, not a gather by row numbers: no 8-byte index per row to build, and
    # the kept rows' original numbers are only worked out for an error message.
    ignored = 0 if all_kept else n_rows - int(np.count_nonzero(keep))
    kept_rows: list[Any] = []

    def kept(a: Any) -> Any:
        return a if all_kept else a[keep]

    def original(i: int) -> int:
        if all_kept:
            return i
        if not kept_rows:
            kept_rows.append(np.flatnonzero(keep))
        return int(kept_rows[0][i])

    episode, session, score, instrument = (
        kept(ep_idx),
        kept(session),
        kept(score),
        kept(instrument),
    )
    labels = ep_names
    present = np.bincount(episode, minlength=len(ep_names)) > 0
    if not bool(present.all()):
        remap = np.cumsum(present) - 1
        episode = remap[episode]
        labels = (
            ep_names[present]
            if isinstance(ep_names, np.ndarray)
            else ep_names.filter(_arrow_mask(present))
        )
    n_episodes = len(labels)

    def per_episode(values: Any, default: int, word: str) -> npt.NDArray[np.int8]:
        if values is None:
            return np.full(n_episodes, default, dtype=np.int8)
        values = kept(values)
        ref = np.full(n_episodes, default, dtype=np.int16)
        ref[episode] = values
        clash = np.flatnonzero(values != ref[episode])
        if clash.size:
            # The episode's rows in file order: the first row that differs from the first one.
            own = np.flatnonzero(episode == episode[clash[0]])
            other = own[np.flatnonzero(values[own] != values[own[0]])[0]]
            raise OutcomeInputError(
                original(int(other)) + first_row,
                f"episode {_label(labels, int(episode[other]))} has a different {word} here than "
                f"on {unit} {original(int(own[0])) + first_row}; {word} must be the same on "
                "every row of an episode",
                unit=unit,
            )
        out: npt.NDArray[np.int8] = ref.astype(np.int8)
        return out

    ended = per_episode(ended_row, 1, "ended").astype(np.bool_)
    problem = per_episode(problem_row, NONE_PROBLEM, "problem")
    session_i = session.astype(np.int64)
    try:
        order = _sort_order(episode, session_i, instrument)
    except _RepeatedRows as dup:
        raise OutcomeInputError(
            original(dup.second) + first_row,
            repeated_row(
                _label(labels, int(episode[dup.second])),
                int(session_i[dup.second]),
                NHS_MEASURES[int(instrument[dup.second])].label,
                unit,
                original(dup.first) + first_row,
            ),
            unit=unit,
        ) from None
    if order is not None:
        episode, session_i, score, instrument = (
            episode[order],
            session_i[order],
            score[order],
            instrument[order],
        )
    return LongArrays(episode, labels, session_i, instrument, score, ended, problem), ignored


def to_frame(arrays: LongArrays) -> Any:
    """The checked rows as a DataFrame (categorical ids and instruments)."""
    import pandas as pd

    labels = arrays.episode_ids
    if isinstance(labels, pa.Array):
        labels = labels.to_pandas()
    return pd.DataFrame(
        {
            "episode_id": pd.Categorical.from_codes(
                arrays.episode, categories=pd.Index(labels), validate=False
            ),
            "session": arrays.session.astype(np.int64),
            "instrument": pd.Categorical.from_codes(
                arrays.instrument.astype(np.int64), categories=list(INSTRUMENTS), validate=False
            ),
            "score": arrays.score,
            "ended": arrays.ended[arrays.episode],
            "problem": pd.Categorical.from_codes(
                arrays.problem[arrays.episode].astype(np.int64),
                categories=list(PROBLEMS),
                validate=False,
            ),
        }
    )


def _label(names: Any, index: int) -> Any:
    value = names[index]
    return value.as_py() if hasattr(value, "as_py") else value.item()


def _num(value: float) -> str:
    return f"{value:g}"


def _cell(column: Any, index: int) -> Any:
    value = column[index].as_py()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value.strip() if isinstance(value, str) else value
