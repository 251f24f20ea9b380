"""Safe writing: spreadsheet-formula neutralisation, cell conversion, atomic file replacement."""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
import warnings
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from leerlib._files import atomic_write  # its home is a low module that viz uses too

__all__ = [
    "FORMULA_PREFIXES",
    "neutralize_column",
    "neutralise",
    "neutralise_column",
    "neutralise_formulas",
    "is_formula_like",
    "neutralize",
    "neutralize_formulas",
    "atomic_write",
    "cell_value",
]

#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV
#: injection; ASVS 1.2.10 adds the NUL character), plus their full-width forms.
FORMULA_PREFIXES = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\n",
    "\0",
    "\uff1d",
    "\uff0b",
    "\uff0d",
    "\uff20",
)

_NUMBER = r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?"
_NUMBER_RE = re.compile(_NUMBER)
# The same test as is_formula_like, for pandas' vectorised string methods.
_CONTROL_START = r"[ \u00a0]*[\t\r\n\0]"
_SIGN_START = r"[ \u00a0]*[=+\-@\uff1d\uff0b\uff0d\uff20]"
_PLAIN_NUMBER = r"[ \u00a0]*" + _NUMBER
_ILLEGAL_XML_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EXCEL_MAX_TEXT = 32767
_EXCEL_MAX_INT = 2**53


def is_formula_like(text: Any) -> bool:
    r"""Return True if a spreadsheet could read ``text`` as a formula.

    A text is formula-like if it starts with a tab, carriage return, line feed
    or NUL, or if its first character after leading blanks is ``=``, ``+``,
    ``-`` or ``@`` (or a full-width form of these). A plain signed number such
    as ``"-3"`` or ``"+2,5"`` is not: a spreadsheet reads it as that number.

    Examples
    --------
    >>> [is_formula_like(t) for t in ["=1+1", " @SUM(A1)", "\tx", "-3", "-3+4", "Jan", 7]]
    [True, True, True, False, True, False, False]
    """
    if not isinstance(text, str) or not text:
        return False
    if text[0] in FORMULA_PREFIXES[4:8]:
        return True
    stripped = text.lstrip(" \u00a0")
    if not stripped or stripped[0] not in FORMULA_PREFIXES:
        return False
    return stripped[0] in "\t\r\n\0" or not _NUMBER_RE.fullmatch(stripped)


def neutralize(value: Any) -> Any:
    r"""Put an apostrophe in front of a formula-like text; leave anything else as it is.

    Examples
    --------
    >>> neutralize("=HYPERLINK(\"http://x\")"), neutralize("-"), neutralize(-3), neutralize("An")
    ('\'=HYPERLINK("http://x")', "'-", -3, 'An')
    """
    return "'" + value if is_formula_like(value) else value


def neutralize_column(values: pd.Series) -> pd.Series:
    """:func:`neutralize` every cell of a column, converted with :func:`cell_value`.

    A column of plain text takes pandas' vectorised string methods; anything else goes cell by
    cell. Numeric columns are returned as they are.

    Examples
    --------
    >>> neutralize_column(pd.Series(["=1+1", "-3", None, "An"])).tolist()
    ["'=1+1", '-3', None, 'An']
    """
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values):
        return values
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        text = values.astype(object).where(values.notna(), None)
        has = text.notna()
        s = text[has].astype(str)
        if s.empty:
            return text
        # as cell_value then neutralize: characters XML cannot hold are replaced first, so a
        # NUL that became U+FFFD no longer counts as a formula start
        clean = s.str.replace(_ILLEGAL_XML_RE, "\ufffd", regex=True)
        risky = clean.str.match(_CONTROL_START) | (
            clean.str.match(_SIGN_START) & ~clean.str.fullmatch(_PLAIN_NUMBER)
        )
        long = clean.str.len() > _EXCEL_MAX_TEXT
        if long.any():
            clean[long] = [_text(v) for v in clean[long]]
        text[has] = clean.where(~risky, "'" + clean)
        return text.astype(object)
    return pd.Series(
        [neutralize(cell_value(v)) for v in values.tolist()], index=values.index, dtype=object
    )


def neutralize_formulas(table: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``table`` whose formula-like texts (cells and headers) start with an apostrophe.

    Numeric columns are left untouched, so numbers stay numbers.

    Examples
    --------
    >>> df = pd.DataFrame({"=x": ["=1+1", "ok"], "n": [-1, 2]})
    >>> neutralize_formulas(df)
        '=x  n
    0  '=1+1 -1
    1     ok  2
    """
    out = table.copy()
    for i in range(out.shape[1]):
        out.isetitem(i, neutralize_column(out.iloc[:, i]))
    out.columns = [neutralize(c) for c in out.columns]
    return out


def _text(value: str) -> str:
    value = _ILLEGAL_XML_RE.sub("\ufffd", value)
    if len(value) > _EXCEL_MAX_TEXT:
        value = value[: _EXCEL_MAX_TEXT - 1] + "\u2026"
    return value


def cell_value(value: Any) -> Any:
    r"""Convert one table value into something a spreadsheet or XML file holds safely.

    Missing values become None, numpy scalars Python numbers, non-finite floats
    and integers beyond 2**53 text, time-zone aware times ISO text, lists a
    comma-separated text; characters XML cannot hold become U+FFFD and text is
    cut to Excel's 32,767 characters.

    Examples
    --------
    >>> cell_value(np.int64(3)), cell_value(float("nan")), cell_value(["ict", "zorg"]), cell_value("a\x01b")
    (3, None, 'ict, zorg', 'a\ufffdb')
    """
    if value is None:
        return None
    if isinstance(value, list | tuple | set | frozenset | np.ndarray):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else list(value)
        return _text(", ".join(str(v) for v in items))
    if isinstance(value, dict):
        return _text(json.dumps(value, ensure_ascii=False, default=str))
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        v = int(value)
        return v if abs(v) <= _EXCEL_MAX_INT else str(v)
    if isinstance(value, float | np.floating | Decimal):
        v = float(value)
        return v if math.isfinite(v) else str(v)
    if isinstance(value, pd.Timestamp | dt.datetime):
        if value.tzinfo is not None:
            return value.isoformat()
        return value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
    if isinstance(value, dt.date | dt.time):
        return value
    if isinstance(value, bytes):
        return _text(value.decode("utf-8", errors="replace"))
    return _text(str(value))


def _deprecated(new):
    old = new.__name__.replace("neutralize", "neutralise")

    @functools.wraps(new)
    def alias(*args, **kwargs):
        warnings.warn(
            f"leerlib.export.{old} is deprecated and will be removed in the next release; "
            f"use {new.__name__} (one spelling across the API: -ize)",
            DeprecationWarning,
            stacklevel=2,
        )
        return new(*args, **kwargs)

    alias.__name__ = alias.__qualname__ = old
    alias.__doc__ = f"Deprecated spelling of :func:`{new.__name__}`."
    return alias


neutralise = _deprecated(neutralize)
neutralise_column = _deprecated(neutralize_column)
neutralise_formulas = _deprecated(neutralize_formulas)
