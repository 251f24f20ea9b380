"""DataFrames to rows and back, so that a stored round returns with the same columns and dtypes."""

from __future__ import annotations

import json
import math
from datetime import datetime

import numpy as np
import pandas as pd

__all__ = ["dtype_text", "dtype_from_text", "to_rows", "from_rows"]


def dtype_text(dtype) -> str:
    """Return a text that :func:`dtype_from_text` turns back into the same dtype.

    Examples
    --------
    >>> dtype_text(pd.StringDtype("python", na_value=np.nan))
    'string[python, nan]'
    >>> dtype_from_text(dtype_text(np.dtype("float64")))
    dtype('float64')
    """
    if isinstance(dtype, pd.StringDtype):
        na = "nan" if dtype.na_value is not pd.NA else "NA"
        return f"string[{dtype.storage}, {na}]"
    return str(dtype)


def dtype_from_text(text: str):
    """Return the dtype written by :func:`dtype_text` (see there)."""
    if text.startswith("string[") and text.endswith("]"):
        storage, na = (part.strip() for part in text[7:-1].split(","))
        return pd.StringDtype(storage, na_value=np.nan if na == "nan" else pd.NA)
    return pd.api.types.pandas_dtype(text)


def _is_na(v) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, float):
        return math.isnan(v)
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _datetime(v, tz) -> datetime | None:
    if _is_na(v):
        return None
    ts = pd.Timestamp(v)
    if tz is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts.to_pydatetime()


def _plain(v, kind: str, tz=None):
    """Return a value for SQL or JSON: None, bool, int, float, str or (SQL only) datetime."""
    if _is_na(v):
        return None
    if kind == "b":
        return bool(v)
    if kind in "iu":
        return int(v)
    if kind == "f":
        return float(v)
    if kind == "M":
        return _datetime(v, tz)
    if isinstance(v, str | bool | int | float):
        return v
    if isinstance(v, np.generic):
        return v.item()
    return str(v)


def _encode_column(series: pd.Series, *, json_ok: bool) -> list:
    dtype = series.dtype
    kind = getattr(dtype, "kind", "O")
    tz = getattr(dtype, "tz", None)
    values = [_plain(v, kind, tz) for v in series.tolist()]
    if json_ok and kind == "M":
        values = [None if v is None else v.isoformat() for v in values]
    return values


def to_rows(df: pd.DataFrame, sql_columns: set[str]) -> tuple[list[dict], list[tuple[str, str]]]:
    """Rows for an SQL table: contract columns as columns, any others in the JSON ``attrs``.

    Returns
    -------
    rows : list of dict
        ``seq`` (the row's position), one key per SQL column, and ``attrs``.
    columns : list of (name, dtype text)
        The frame's columns in order, to rebuild it.
    """
    names = [str(c) for c in df.columns]
    if len(set(names)) != len(names):
        raise ValueError(f"repeated column names: {names}")
    n = len(df)
    sql, extra = {}, {}
    for col, name in zip(df.columns, names, strict=True):
        if name in sql_columns:
            sql[name] = _encode_column(df[col], json_ok=False)
        else:
            extra[name] = _encode_column(df[col], json_ok=True)
    rows = []
    for i in range(n):
        row = {"seq": i}
        for name, vals in sql.items():
            row[name] = vals[i]
        for name in sql_columns - set(sql):
            row[name] = None
        row["attrs"] = {name: vals[i] for name, vals in extra.items()} if extra else None
        rows.append(row)
    columns = [
        (name, dtype_text(df[col].dtype)) for col, name in zip(df.columns, names, strict=True)
    ]
    return rows, columns


def _decode_column(values: list, dtype) -> pd.Series:
    kind = getattr(dtype, "kind", "O")
    if kind == "M":
        tz = getattr(dtype, "tz", None)
        s = pd.to_datetime(pd.Series(values, dtype=object))
        if tz is not None:
            s = s.dt.tz_localize("UTC").dt.tz_convert(tz)
        return s.astype(dtype)
    if kind == "O" and not isinstance(dtype, pd.StringDtype):
        return pd.Series(values, dtype=object)
    return pd.Series(values, dtype=object).astype(dtype)


def from_rows(rows: list, columns: list[tuple[str, str]], sql_columns: set[str]) -> pd.DataFrame:
    """Rebuild the frame :func:`to_rows` stored (rows ordered by ``seq``)."""
    data = {}
    for name, dtype in columns:
        if name in sql_columns:
            values = [r[name] for r in rows]
        else:
            values = []
            for r in rows:
                attrs = r["attrs"]
                if isinstance(attrs, str):  # a driver that hands JSON back as text
                    attrs = json.loads(attrs)
                values.append(None if attrs is None else attrs.get(name))
        data[name] = _decode_column(values, dtype_from_text(dtype))
    return pd.DataFrame(data, index=pd.RangeIndex(len(rows)))
