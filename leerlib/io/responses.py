"""Read one survey export with its codebook into a RawSurvey (before any name matching)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from leerlib.errors import CodebookError, ReadError
from leerlib.io._columns import ColumnFinder
from leerlib.io._grid import read_grid
from leerlib.io._source import is_source
from leerlib.io._text import to_number
from leerlib.io.codebook import Codebook, read_codebook
from leerlib.io.shapes import Context, claimed_columns, map_scale, read_nominations
from leerlib.schema import LOG_COLUMNS, RESPONDENTS_COLUMNS, RawSurvey

__all__ = ["read_export", "TRUTHY"]

#: Answers in a completeness column that mean "complete".
TRUTHY = frozenset({"1", "true", "ja", "yes", "y", "j", "waar", "100"})
VALUE_RAW_COLUMNS = ["file", "row", "respondent_raw", "cycle", "item", "score"]


def _as_codebook(codebook) -> Codebook:
    if isinstance(codebook, Codebook):
        return codebook
    if is_source(codebook):
        return read_codebook(codebook)
    raise CodebookError(
        f"expected a Codebook, a codebook path or its bytes, got {type(codebook).__name__}"
    )


#: Years that exports write for "no date" (0001-01-01, 9999-12-31): read as missing, logged.
NO_DATE_YEARS = (1, 9999)
_OFFSET = re.compile(r"\d:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:Z|[+-]\d\d:?\d\d)$")


def _parse_times(values: np.ndarray, grid, col: str, cb: Codebook) -> tuple[np.ndarray, np.ndarray]:
    """Time stamps as datetime64[ns], and where a "no date" value (year 1 or 9999) was read as missing.

    Raises ReadError naming file, row and column for a value that is no time stamp, that lies
    outside the years pandas can store (1678-2261), or a column that mixes time zones.
    """
    s = pd.Series(values, dtype=object)
    given = (s != "").to_numpy()
    fmt = cb.survey.date_format
    try:
        if fmt != "auto":
            out = pd.to_datetime(s.where(given, None), format=fmt, errors="coerce")
        else:
            out = pd.to_datetime(s.where(given, None), format="ISO8601", errors="coerce")
            if (out.isna().to_numpy() & given).any():
                out = _parse_common(s, given, dayfirst=cb.survey.language != "en")
    except (ValueError, TypeError, OverflowError) as exc:
        zoned = np.nonzero(given & s.astype(str).str.strip().str.contains(_OFFSET).to_numpy())[0]
        i = int(zoned[0]) if len(zoned) else int(np.nonzero(given)[0][0])
        raise ReadError(
            f"time stamps cannot be read ({exc}); first value {values[i]!r}"
            + ("; the column mixes time zones" if len(zoned) else "")
            + f"; set date_format in the codebook's [survey] table ({cb.file})",
            file=grid.file,
            row=int(grid.rows[i]),
            column=col,
        ) from None
    bad = out.isna().to_numpy() & given
    if bad.any():
        i = int(np.nonzero(bad)[0][0])
        raise ReadError(
            f"time stamp {values[i]!r} cannot be read as a date and time"
            + (f" in format {fmt!r}" if fmt != "auto" else "")
            + f"; set date_format in the codebook's [survey] table ({cb.file})",
            file=grid.file,
            row=int(grid.rows[i]),
            column=col,
        )
    if getattr(out.dtype, "tz", None) is not None:
        out = out.dt.tz_localize(None)
    no_date = given & out.dt.year.isin(NO_DATE_YEARS).to_numpy()
    kept = out.where(~no_date)
    outside = (kept.notna() & ((kept < pd.Timestamp.min) | (kept > pd.Timestamp.max))).to_numpy()
    if outside.any():
        i = int(np.nonzero(outside)[0][0])
        raise ReadError(
            f"time stamp {values[i]!r} lies outside the years 1678-2261 that can be stored; "
            "correct it, or leave the cell empty",
            file=grid.file,
            row=int(grid.rows[i]),
            column=col,
        )
    return kept.astype("datetime64[ns]").to_numpy(), no_date


def _time_formats(dayfirst: bool) -> list[str]:
    dates = ["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"] if dayfirst else ["%m/%d/%Y", "%m-%d-%Y"]
    dates += ["%m/%d/%Y"] if dayfirst else ["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"]
    times = [" %H:%M:%S", " %H:%M", ""]
    return [d + t for d in dates for t in times]


def _parse_common(s: pd.Series, given: np.ndarray, dayfirst: bool) -> pd.Series:
    """Parse time stamps in the first common layout that reads every given value.

    Tries Dutch (day first) layouts before US ones unless ``dayfirst`` is False; falls
    back to pandas' element-wise parser.
    """
    values = s[given]
    sample = values.drop_duplicates().head(50)
    for fmt in _time_formats(dayfirst):
        if pd.to_datetime(sample, format=fmt, errors="coerce").notna().all():
            parsed = pd.to_datetime(values, format=fmt, errors="coerce")
            if parsed.notna().all():
                return pd.to_datetime(s.where(given, None), format=fmt, errors="coerce")
    return pd.to_datetime(s.where(given, None), format="mixed", dayfirst=dayfirst, errors="coerce")


def _optional(finder: ColumnFinder, cb: Codebook, key: str, what: str) -> str | None:
    name = getattr(cb.respondent, key)
    if not name:
        return None
    if key in cb.respondent.explicit:
        return finder.require(name, f"[respondent] {key}")
    return finder.get(name)


def _respondents(grid, cb: Codebook, finder: ColumnFinder, resp_col: str):
    data = grid.data
    n = len(data)
    resp = data[resp_col].to_numpy(dtype=object)
    blank = ~(data.to_numpy(dtype=object) != "").any(axis=1) if n else np.zeros(0, bool)
    skip = np.full(n, "", dtype=object)
    log = []
    status_col = _optional(finder, cb, "status_column", "status")
    if status_col is not None and cb.respondent.skip_status:
        status = data[status_col].to_numpy(dtype=object)
        skipset = {s.strip().casefold() for s in cb.respondent.skip_status}
        hit = pd.Series(status, dtype=object).str.casefold().isin(skipset).to_numpy() & ~blank
        skip[hit] = "status_skipped"
        for i in np.nonzero(hit)[0]:
            log.append(
                (
                    int(grid.rows[i]),
                    status_col,
                    status[i],
                    "status_skipped",
                    f"response with status {status[i]!r} skipped (respondent {resp[i]!r})",
                )
            )
    for col, allowed in cb.survey.filter.items():
        fcol = finder.require(col, "[survey] filter")
        vals = data[fcol].to_numpy(dtype=object)
        out = ~pd.Series(vals, dtype=object).isin(set(allowed)).to_numpy() & ~blank & (skip == "")
        skip[out] = "filtered_out"
        for i in np.nonzero(out)[0]:
            log.append(
                (
                    int(grid.rows[i]),
                    fcol,
                    vals[i],
                    "filtered_out",
                    f"row left out by [survey] filter ({col} not in {list(allowed)})",
                )
            )
    no_resp = (resp == "") & ~blank & (skip == "")
    skip[no_resp] = "no_respondent"
    for i in np.nonzero(no_resp)[0]:
        log.append(
            (
                int(grid.rows[i]),
                resp_col,
                "",
                "no_respondent",
                "row has answers but no respondent in the respondent column",
            )
        )
    skip[blank] = "blank_row"
    for i in np.nonzero(blank)[0]:
        log.append((int(grid.rows[i]), "", "", "blank_row", "empty row"))
    complete_col = _optional(finder, cb, "complete_column", "complete")
    if complete_col is not None:
        cvals = pd.Series(data[complete_col].to_numpy(dtype=object), dtype=object).str.casefold()
        complete = cvals.isin(TRUTHY).to_numpy()
    else:
        complete = np.ones(n, bool)
    time_col = _optional(finder, cb, "submitted_at", "time")
    if time_col is not None:
        stamps = data[time_col].to_numpy(dtype=object)
        times, no_date = _parse_times(stamps, grid, time_col, cb)
        for i in np.nonzero(no_date & ~blank)[0]:
            log.append(
                (
                    int(grid.rows[i]),
                    time_col,
                    stamps[i],
                    "no_date",
                    f"time stamp {stamps[i]!r} means no date; read as missing",
                )
            )
    else:
        times = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    df = pd.DataFrame(
        {
            "wave": np.full(n, cb.wave, dtype=object),
            "file": np.full(n, grid.file, dtype=object),
            "row": grid.rows.astype(np.int64),
            "respondent_raw": resp,
            "respondent_by": np.full(n, cb.respondent.by, dtype=object),
            "submitted_at": times,
            "complete": complete,
            "skip": skip,
        }
    )[list(RESPONDENTS_COLUMNS)]
    if cb.survey.network_by:
        parts = [
            data[finder.require(c, "[survey] network_by")].to_numpy(dtype=object)
            for c in cb.survey.network_by
        ]
        df["network"] = ["/".join(v) for v in zip(*parts, strict=True)] if n else []
    logdf = pd.DataFrame(log, columns=["row", "column", "raw_value", "reason", "detail"])
    logdf.insert(0, "file", grid.file)
    logdf.insert(0, "wave", cb.wave)
    logdf["action"] = np.where(logdf["reason"] == "no_date", "flagged", "dropped")
    logdf = logdf[list(LOG_COLUMNS)].sort_values("row", kind="stable").reset_index(drop=True)
    logdf["row"] = logdf["row"].astype(np.int64)
    return df, logdf


def _blank_missing(data: pd.DataFrame, missing: frozenset, claimed: set[str]) -> pd.DataFrame:
    """Return the cells outside the nomination columns with a missing-value code read as empty.

    Nomination cells keep the code: the shapes make it an item of kind ``missing``, which
    the cleaner logs (every non-empty nomination cell is accounted for).
    """
    other = [c for c in data.columns if c not in claimed]
    if not missing or not other:
        return data
    block = data[other]
    hit = block.isin(missing)
    if not hit.to_numpy().any():
        return data
    data = data.copy()
    data[other] = block.mask(hit, "")
    return data


def _lost_cells(grid, cb: Codebook, claimed: set[str], log: pd.DataFrame) -> pd.DataFrame:
    """Log rows for cells that hold an answer the reader cannot take: nothing is lost unseen.

    * ``repeated_header``: a non-empty cell of a column whose header repeats that of a
      nomination column, when no block claims the repeat (a block that lists its columns
      names the first one only; a pattern claims both).
    * ``formula_without_value``: an XLSX formula cell without a stored value (some tools write
      them so); it reads as empty.
    """
    rows = []
    for col, original in grid.repeated.items():
        if col in claimed or original not in claimed:
            continue
        s = grid.data[col].to_numpy(dtype=object)
        for i in np.nonzero(s != "")[0]:
            rows.append(
                (
                    int(grid.rows[i]),
                    col,
                    s[i],
                    "dropped",
                    "repeated_header",
                    f"the header {original!r} appears twice and the codebook names only the "
                    "first; list this column in the codebook (or use a pattern) to read it",
                )
            )
    for row, col, formula in grid.no_value:
        rows.append(
            (
                row,
                col,
                "=" + formula,
                "dropped",
                "formula_without_value",
                "a formula cell without a stored value (the tool that wrote the file kept "
                "none); open and save the file in Excel to store the values",
            )
        )
    if not rows:
        return log
    extra = pd.DataFrame(rows, columns=["row", "column", "raw_value", "action", "reason", "detail"])
    extra.insert(0, "file", grid.file)
    extra.insert(0, "wave", cb.wave)
    out = pd.concat([log, extra[list(LOG_COLUMNS)]], ignore_index=True)
    out = out.sort_values("row", kind="stable").reset_index(drop=True)
    out["row"] = out["row"].astype(np.int64)
    return out


def _value(ctx: Context, finder: ColumnFinder) -> pd.DataFrame:
    parts = []
    cb = ctx.codebook
    for i, item in enumerate(cb.value, 1):
        col = finder.require(item.column, f"[[value]] #{i}")
        s = ctx.grid.data[col].to_numpy(dtype=object)
        pos = np.nonzero(s != "")[0]
        if not len(pos):
            continue
        if item.scale:
            score = map_scale(ctx, s[pos], pos, col, item.scale)
        else:
            nums, bad = to_number(pd.Series(s[pos], dtype=object), ctx.decimal)
            if bad.any():
                j = int(np.nonzero(bad)[0][0])
                raise ReadError(
                    f"value item answer {s[pos[j]]!r} is not a number; give the item a scale "
                    f"in the codebook ({cb.file}) if answers are labels",
                    file=ctx.file,
                    row=int(ctx.grid.rows[pos[j]]),
                    column=col,
                )
            score = nums.to_numpy(dtype=float)
        parts.append(
            pd.DataFrame(
                {
                    "file": ctx.file,
                    "row": ctx.grid.rows[pos].astype(np.int64),
                    "respondent_raw": ctx.respondent[pos],
                    "cycle": item.cycle,
                    "item": item.item or col,
                    "score": score,
                    **({"wave": item.wave or cb.wave} if len(cb.waves()) > 1 else {}),
                }
            )
        )
    if not parts:
        return pd.DataFrame(
            {
                c: pd.Series(
                    [],
                    dtype=object
                    if c not in ("row", "score")
                    else ("int64" if c == "row" else float),
                )
                for c in VALUE_RAW_COLUMNS
            }
        )
    return (
        pd.concat(parts, ignore_index=True).sort_values("row", kind="stable").reset_index(drop=True)
    )


def read_export(path, codebook, *, max_cells: int | None = None) -> RawSurvey:
    r"""Read a survey export (CSV or XLSX) as its codebook describes.

    Parameters
    ----------
    path : str, path-like, bytes, binary file object or Source
        The export, as it came out of the survey tool, or its content in
        memory (a :class:`leerlib.io.Source` gives the name used in messages
        and in the ``file`` columns).
    codebook : Codebook, str, path-like, bytes or Source
        The parsed codebook, or its path or content.
    max_cells : int, optional
        The most cells (rows times columns) the export may fill, for this call only;
        default ``leerlib.io._bounds.MAX_CELLS`` (2,000,000). The bound keeps a hostile or
        broken file from taking gigabytes of memory; raise it only for an export known to
        be that large (20,000 respondents on 129 columns fill about 2.6 million).

    Returns
    -------
    RawSurvey
        ``respondents`` (one row per data row, with ``skip`` reasons),
        ``nominations`` (one row per nomination item: ``row`` is the 1-based
        spreadsheet row with header rows counted, ``column`` the header name,
        ``kind`` name/nobody/zero), ``value`` (file, row, respondent_raw, cycle,
        item, score), ``log`` (blank rows, skipped statuses, rows without a
        respondent: action ``dropped``) and ``people_hint`` (roster-matrix
        targets from the column labels, or None).

    Raises
    ------
    ReadError
        The file cannot be read (missing, empty, binary, damaged XLSX, header
        only, wrong encoding, a non-numeric number, an unreadable time stamp).
    CodebookError
        A column the codebook names is absent (the message lists near names),
        header rows do not fit, or an answer is not in its scale or labels.

    Notes
    -----
    Quirks handled: UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252;
    comma, semicolon, tab or pipe delimiters; decimal comma; CRLF; quoted
    cells and header cells with line breaks; Qualtrics 2 or 3 header rows;
    XLSX title rows (``skip_rows``); trailing empty rows and columns; mojibake
    repaired where unambiguous.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "cb.toml").write_text(
    ...     '[survey]\nwave = "2025"\n[respondent]\ncolumn = "email"\n'
    ...     '[[topics]]\nkey = "ict"\n[[nominations]]\nshape = "slots"\ntopic = "ict"\n'
    ...     'columns = ["Q3_1", "Q3_2"]\n', encoding="utf-8")
    >>> _ = (d / "x.csv").write_text("email;Q3_1;Q3_2\nan@school.nl;Bo;niemand\n", encoding="cp1252")
    >>> raw = read_export(d / "x.csv", d / "cb.toml")
    >>> raw.nominations[["row", "column", "raw_name", "kind"]].values.tolist()
    [[2, 'Q3_1', 'Bo', 'name'], [2, 'Q3_2', 'niemand', 'nobody']]
    """
    cb = _as_codebook(codebook)
    sv = cb.survey
    grid = read_grid(
        path,
        encoding=sv.encoding,
        delimiter=sv.delimiter,
        sheet=sv.sheet,
        skip_rows=sv.skip_rows,
        header_rows=sv.header_rows,
        max_cells=max_cells,
    )
    finder = ColumnFinder(grid, cb.file, sv.skip_rows)
    finder.check_header_rows(sv.header_rows)
    resp_col = finder.require(cb.respondent.column, "[respondent] column")
    if len(grid.data) == 0 or not (grid.data.to_numpy(dtype=object) != "").any():
        raise ReadError(
            f"has a header but no data rows (expected responses below the {sv.header_rows} header row(s))",
            file=grid.file,
        )
    decimal = sv.decimal
    if decimal == "auto":
        decimal = "," if grid.delimiter == ";" else "auto"
    ctx = Context(
        grid=grid,
        codebook=cb,
        finder=finder,
        respondent=np.zeros(0, dtype=object),
        nobody=cb.nobody_set(),
        decimal=decimal,
        missing=cb.missing_set(),
    )
    claimed = claimed_columns(ctx)
    grid.data = _blank_missing(grid.data, ctx.missing, claimed)
    respondents, log = _respondents(grid, cb, finder, resp_col)
    ctx.respondent = respondents["respondent_raw"].to_numpy(dtype=object)
    nominations, hint = read_nominations(ctx)
    nominations["response_row"] = nominations["row"].astype(np.int64)
    if any(spec.shape == "edgelist" for spec in cb.nominations):
        # An edge list has one row per nomination: keep one respondent row per person (its
        # first usable row) and point every item at it through response_row.
        # (with [survey] network_by, one per network and person: ids repeat across networks)
        usable = respondents[respondents["skip"] == ""]
        key = respondents["respondent_raw"]
        if "network" in respondents.columns:
            key = respondents["network"] + "\x00" + key
        firsts = usable[~key[usable.index].duplicated(keep="first")]
        first_row = dict(zip(key[firsts.index], firsts["row"], strict=True))
        usable_rows = set(usable["row"].tolist())
        own = ~nominations["row"].isin(usable_rows)
        row_key = dict(zip(respondents["row"], key, strict=True))
        mapped = nominations["row"].map(row_key).map(first_row).where(~own, nominations["row"])
        nominations["response_row"] = mapped.fillna(nominations["row"]).astype(np.int64)
        respondents = pd.concat([firsts, respondents[respondents["skip"] != ""]])
        respondents = respondents.sort_values("row", kind="stable").reset_index(drop=True)
    if "network" in respondents.columns:
        net_of = dict(zip(respondents["row"], respondents["network"], strict=True))
        nominations["network"] = nominations["response_row"].map(net_of).fillna("").astype(object)
    value = _value(ctx, finder)
    log = _lost_cells(grid, cb, claimed, log)
    return RawSurvey(
        wave=cb.wave,
        file=grid.file,
        respondents=respondents,
        nominations=nominations,
        value=value,
        log=log,
        codebook=cb,
        people_hint=hint,
    )
