"""Text cells that a spreadsheet would run as a formula, neutralised before any CSV is written.

OWASP, "CSV Injection": a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return may be read by a spreadsheet as a formula (a name such as ``=HYPERLINK(…)`` in an audit
trail, a free-text answer in an export). Such a cell gets a leading apostrophe, which spreadsheets
show as plain text. A plain number ("-3", "+1.5") is left as it is, so numbers stay numbers.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def neutralise(value: Any) -> Any:
    """``value`` unchanged unless it is text a spreadsheet would run as a formula."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.match(value)
    ):
        return "'" + value
    return value


def neutralise_row(values: list[Any]) -> list[Any]:
    return [neutralise(v) for v in values]


def neutralise_frame(frame: Any) -> Any:
    """A copy of a pandas DataFrame with every text cell neutralised (numbers untouched)."""
    from pandas.api import types  # type: ignore[import-untyped]

    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if (
            types.is_numeric_dtype(column)
            or types.is_bool_dtype(column)
            or types.is_datetime64_any_dtype(column)
        ):
            continue
        out[name] = column.astype(object).map(neutralise)
    return out
