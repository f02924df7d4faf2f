"""Read and check a long outcomes file (CSV or Parquet) for :mod:`tandem.core.outcomes.nhs`.

The only I/O in the outcomes package, used by the command line. Every problem is reported as an
:class:`OutcomeInputError` with the 1-based line of the CSV file (the header is line 1) or the
1-based row of a Parquet file, and what is wrong with it. Rows for instruments other than PHQ-9
and GAD-7 are counted and otherwise skipped.

:func:`read_outcome_columns` (the command line) first tries the fast path of
:mod:`tandem.core.outcomes.presorted` for the usual export, and falls back to
:func:`check_table` for anything else, including every bad file.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]

from tandem.core.outcomes.errors import OutcomeInputError
from tandem.core.outcomes.nhs import (
    MEASURES,
    REQUIRED_COLUMNS,
    DuplicateRows,
    LongArrays,
    instrument_codes,
    outcome_columns,
    outcomes_from_scores,
    sort_order,
)
from tandem.core.outcomes.presorted import episode_scores

# pyarrow.compute is imported only where it is needed (its import costs the command ~0.08 s,
# and the usual file never needs it).

PARQUET_SUFFIXES = {".parquet", ".pq", ".parq"}


def read_long_file(path: str | Path) -> tuple[Any, int]:
    """Read a long file and return ``(frame, ignored_rows)``.

    See :func:`read_long_arrays`; this wraps its rows in a DataFrame.
    """
    arrays, ignored = read_long_arrays(path)
    return to_frame(arrays), ignored


def check_frame(df: Any) -> tuple[LongArrays, int]:
    """The same checks over a DataFrame (the database path), reported by 1-based row."""
    _check_columns([str(c) for c in df.columns], unit="row")
    table = pa.Table.from_pandas(df[list(REQUIRED_COLUMNS)], preserve_index=False)
    return check_table(table, first_row=1, unit="row")


def read_long_arrays(path: str | Path) -> tuple[LongArrays, int]:
    """Read a long file and return its checked rows and the number of ignored rows.

    Only PHQ-9/GAD-7 rows are kept (instrument names normalised), grouped by episode in session
    order.
    """
    table, first_row, unit = _read_table(Path(path))
    return check_table(table, first_row=first_row, unit=unit)


def read_outcome_columns(path: str | Path) -> tuple[dict[str, Any], int]:
    """Read a long file and return its per-episode outcome columns
    (:func:`tandem.core.outcomes.nhs.outcome_columns`) and the number of ignored rows.

    The same result as ``outcome_columns(read_long_arrays(path)[0])``, faster for the usual
    export (see :mod:`tandem.core.outcomes.presorted`); bad input raises the same error.
    """
    table, first_row, unit = _read_table(Path(path))
    fast = _fast_scores(table)
    if fast is not None:
        return outcomes_from_scores(fast.episode_ids, *fast.measures), fast.ignored
    arrays, ignored = check_table(table, first_row=first_row, unit=unit)
    return outcome_columns(arrays), ignored


def _read_table(path: Path) -> tuple[Any, int, str]:
    """The file as an Arrow table, the number of its first data row, and "line" or "row"."""
    if path.suffix.lower() in PARQUET_SUFFIXES:
        import pyarrow.parquet as pq  # type: ignore[import-untyped]

        try:
            schema = pq.read_schema(path)
        except (OSError, pa.ArrowException) as exc:
            raise OutcomeInputError(0, f"cannot read {path.name} as Parquet: {exc}") from None
        _check_columns(list(schema.names), unit="row")
        return pq.read_table(path, columns=list(REQUIRED_COLUMNS)), 1, "row"
    header = _csv_header(path)
    _check_columns(header, unit="line")
    return _read_csv(path), 2, "line"


def _fast_scores(table: Any) -> Any:
    """:func:`presorted.episode_scores` over a table with whole-number ids, sessions and scores
    and nothing missing; ``None`` when the table is not like that or the fast path declines."""
    if table.num_rows == 0 or any(table.column(c).null_count for c in REQUIRED_COLUMNS):
        return None
    numbers = [table.column(c) for c in ("episode_id", "session", "score")]
    if not all(pa.types.is_integer(c.type) for c in numbers):
        return None
    instrument, _ = _instrument_codes(table.column("instrument"))
    episode, session, score = (_numpy(_one_chunk(c)) for c in numbers)
    return episode_scores(episode, session, instrument, score)


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


def _read_csv(path: Path) -> Any:
    import pyarrow.csv as pacsv  # type: ignore[import-untyped]

    dictionary = pa.dictionary(pa.int32(), pa.string())
    options = pacsv.ReadOptions(block_size=16 << 20)
    attempts = (
        # Fastest: whole-number ids, sessions and scores (the usual export). Small integer types
        # make every later pass cheaper; a session above 32,767 or a score outside -128..127
        # (never a valid PHQ-9 or GAD-7 score) fails this read and the next one is used.
        {
            "episode_id": pa.int64(),
            "instrument": pa.string(),  # see _plain_names
            "session": pa.int16(),
            "score": pa.int8(),
        },
        # Text ids.
        {
            "episode_id": dictionary,
            "instrument": dictionary,
            "session": pa.int64(),
            "score": pa.int64(),
        },
        # Anything else is read as text so that the bad line can be named.
        {name: pa.string() for name in REQUIRED_COLUMNS},
    )
    for number, types in enumerate(attempts):
        try:
            return pacsv.read_csv(
                path,
                read_options=options,
                convert_options=pacsv.ConvertOptions(
                    column_types=types,
                    include_columns=list(REQUIRED_COLUMNS),
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
    """Per row: 0 PHQ-9, 1 GAD-7, -1 anything else; and a mask of empty names (None if none).

    Works chunk by chunk on the small per-chunk dictionaries, so the 10-million-row case never
    unifies or copies the index arrays.
    """
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    codes = []
    empty: list[npt.NDArray[np.bool_] | None] = []
    for chunk in chunks:
        plain = _plain_names(chunk)
        if plain is not None:
            codes.append(plain)
            empty.append(None)
            continue
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


# The usual export spells the two measures exactly "phq9" and "gad7": four bytes each, read as one
# little-endian number.
_PHQ9_WORD, _GAD7_WORD = (int(np.frombuffer(m.id.encode(), dtype="<u4")[0]) for m in MEASURES)


def _plain_names(chunk: Any) -> npt.NDArray[np.int8] | None:
    """Codes for a text chunk in which every name is exactly "phq9" or "gad7", found by comparing
    each four-byte name as one number (no hashing); ``None`` for anything else (another
    spelling, another instrument, an empty cell), which the dictionary path then handles."""
    assert [m.code for m in MEASURES] == [0, 1] and all(len(m.id) == 4 for m in MEASURES)
    if not pa.types.is_string(chunk.type) or chunk.null_count or len(chunk) == 0:
        return None
    n = len(chunk)
    offsets = np.frombuffer(
        chunk.buffers()[1], dtype=np.int32, count=n + 1, offset=chunk.offset * 4
    )
    start = int(offsets[0])
    # Every name four bytes long: the offsets step by exactly 4.
    if int(offsets[-1]) - start != 4 * n or bool((np.diff(offsets) != 4).any()):
        return None
    words = np.frombuffer(chunk.buffers()[2], dtype="<u4", count=n, offset=start)
    gad7 = words == _GAD7_WORD
    if not bool((gad7 | (words == _PHQ9_WORD)).all()):
        return None
    codes: npt.NDArray[np.int8] = gad7.view(np.int8)  # 1 for GAD-7, 0 for PHQ-9
    return codes


def _whole_numbers(column: Any) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_] | None]:
    """Values (float with NaN for missing, or int64 when the column is clean integers) and a
    mask of values that are not whole numbers (None when there can be none)."""
    import pyarrow.compute as pc

    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    if pa.types.is_integer(column.type):
        if column.null_count == 0:
            return _numpy(column), None
        return pc.cast(column, pa.float64()).to_numpy(zero_copy_only=False), None
    if pa.types.is_floating(column.type) or pa.types.is_decimal(column.type):
        values = pc.cast(column, pa.float64()).to_numpy(zero_copy_only=False)
        with np.errstate(invalid="ignore"):
            not_whole = np.isinf(values) | (np.isfinite(values) & (values != np.floor(values)))
        return values, not_whole
    import pandas as pd  # type: ignore[import-untyped]

    text = pd.Series(pc.cast(column, pa.string()).to_numpy(zero_copy_only=False)).str.strip()
    values = pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64)
    given = (text.notna() & (text != "")).to_numpy(dtype=np.bool_)
    bad_text = given & np.isnan(values)
    with np.errstate(invalid="ignore"):
        not_whole = bad_text | (np.isfinite(values) & (values != np.floor(values)))
    return values, not_whole


def check_table(table: Any, first_row: int, unit: str) -> tuple[LongArrays, int]:
    """Validate an Arrow table into :class:`LongArrays`; ``first_row`` is the number of row 0."""
    import pyarrow.compute as pc

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
        names_text = pc.utf8_trim_whitespace(pc.cast(ep_names, pa.string()))
        empty_ids = np.flatnonzero(pc.equal(names_text, "").to_numpy(zero_copy_only=False))
    if empty_ids.size or bool((ep_idx < 0).any()):
        first(
            keep & ((ep_idx < 0) | np.isin(ep_idx, empty_ids)), lambda i: "the episode_id is empty"
        )

    raw_session, raw_score = table.column("session"), table.column("score")
    session, session_bad = _whole_numbers(raw_session)
    score, score_bad = _whole_numbers(raw_score)
    with np.errstate(invalid="ignore"):
        if session.dtype.kind == "f":
            missing = np.isnan(session) if session_bad is None else np.isnan(session) & ~session_bad
            first(keep & missing, lambda i: "the session is empty")
        if session_bad is not None:
            first(
                keep & session_bad,
                lambda i: f"the session {_cell(raw_session, i)!r} is not a whole number",
            )
        first(
            keep & (session < 1),
            lambda i: f"the session {_cell(raw_session, i)} is below 1 (sessions count from 1)",
        )
        if score.dtype.kind == "f":
            missing = np.isnan(score) if score_bad is None else np.isnan(score) & ~score_bad
            first(keep & missing, lambda i: "the score is empty")
        if score_bad is not None:
            first(
                keep & score_bad,
                lambda i: f"the score {_cell(raw_score, i)!r} is not a whole number",
            )
        # Ranges: PHQ-9 0-27, GAD-7 0-21 (see nhs.MEASURES); other instruments are not checked.
        # Both minimums are 0; the maximum is looked up per row (index -1: other instruments).
        assert all(m.min == 0 for m in MEASURES)
        high = np.array([m.max for m in MEASURES] + [np.iinfo(np.int32).max], dtype=np.int32)
        first(
            keep & ((score < 0) | (score > high[instrument])),
            lambda i: (
                f"the {MEASURES[int(instrument[i])].label} score {_cell(raw_score, i)} is outside "
                f"its range {MEASURES[int(instrument[i])].min}-{MEASURES[int(instrument[i])].max}"
            ),
        )
    if problems:
        index, message = min(problems)
        raise OutcomeInputError(index + first_row, message, unit=unit)

    rows = None if all_kept else np.flatnonzero(keep)
    ignored = 0 if rows is None else len(instrument) - rows.size
    if rows is not None:
        ep_idx, session, score, instrument = (
            ep_idx[rows],
            session[rows],
            score[rows],
            instrument[rows],
        )
    episode = ep_idx
    names = ep_names
    present = np.bincount(episode, minlength=len(ep_names)) > 0
    if not bool(present.all()):
        remap = np.cumsum(present) - 1
        episode = remap[episode]
        names = (
            ep_names[present]
            if isinstance(ep_names, np.ndarray)
            else ep_names.filter(pa.array(present))
        )
    session_i = session if session.dtype.kind in "iu" else session.astype(np.int64)
    score_f = score if score.dtype.kind in "iu" else score.astype(np.int64)
    try:
        order = sort_order(episode, session_i, instrument)
    except DuplicateRows as dup:
        label = MEASURES[int(instrument[dup.second])].label
        where = (lambda i: i) if rows is None else (lambda i: int(rows[i]))
        raise OutcomeInputError(
            where(dup.second) + first_row,
            f"episode {_label(names, int(episode[dup.second]))}, session "
            f"{session_i[dup.second]} already has a {label} score (on {unit} "
            f"{where(dup.first) + first_row})",
            unit=unit,
        ) from None
    if order is not None:
        episode, session_i, score_f, instrument = (
            episode[order],
            session_i[order],
            score_f[order],
            instrument[order],
        )
    return LongArrays(episode, names, session_i, instrument, score_f), ignored


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
                arrays.instrument.astype(np.int64),
                categories=[m.id for m in MEASURES],
                validate=False,
            ),
            "score": arrays.score.astype(np.int64),
        }
    )


def _label(names: Any, index: int) -> Any:
    value = names[index]
    return value.as_py() if hasattr(value, "as_py") else value.item()


def _cell(column: Any, index: int) -> Any:
    value = column[index].as_py()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value.strip() if isinstance(value, str) else value
