"""The four nomination shapes (slots, matrix, multiselect, edgelist) as vectorised readers."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from leerlib.errors import CodebookError, ReadError
from leerlib.io._columns import ColumnFinder
from leerlib.io._grid import Grid
from leerlib.io._pattern import compile_pattern, search_pattern
from leerlib.io._text import to_number
from leerlib.io.codebook import Codebook, NominationSpec, check_fixed_attribute

__all__ = ["Context", "read_nominations", "claimed_columns", "map_scale", "TICK_ZERO"]

#: Tick-cell answers that mean "not ticked" (a "zero" nomination item).
TICK_ZERO = frozenset({"0", "0.0", "false", "onwaar", "nee", "no", "n"})


@dataclass
class Context:
    """What the shape readers share for one export."""

    grid: Grid
    codebook: Codebook
    finder: ColumnFinder
    respondent: np.ndarray  # respondent_raw per data row (object array of str)
    nobody: frozenset
    decimal: str
    missing: frozenset = frozenset()

    @property
    def file(self) -> str:
        """The file the grid was read from."""
        return self.grid.file

    @property
    def wave(self) -> str:
        """The wave the codebook names."""
        return self.codebook.wave


def map_scale(ctx: Context, values: np.ndarray, pos: np.ndarray, column, scale: str) -> np.ndarray:
    """Map answer labels to numbers through a codebook scale.

    Raises CodebookError naming the export file, row and column of the first
    answer the scale does not list.
    """
    table = ctx.codebook.scales[scale]
    folded = {k.casefold(): v for k, v in table.items()}
    uniq = pd.unique(values)
    lookup = {}
    for u in uniq:
        if u in table:
            lookup[u] = table[u]
        elif u.casefold() in folded:
            lookup[u] = folded[u.casefold()]
    out = pd.Series(values, dtype=object).map(lookup)
    bad = out.isna().to_numpy()
    if bad.any():
        i = int(np.nonzero(bad)[0][0])
        col = column if isinstance(column, str) else column[i]
        raise CodebookError(
            f"answer {values[i]!r} is not in the codebook's scale {scale!r} "
            f"({ctx.codebook.file}); known answers: {list(table)}",
            file=ctx.file,
            row=int(ctx.grid.rows[pos[i]]),
            column=col,
        )
    return out.to_numpy(dtype=float)


def _frame(
    ctx: Context, pos, column, raw_name, topic, kind, target_id="", weight=1.0, extra=None
) -> dict:
    """One block's items as a dict of arrays (tables are built once, in read_nominations)."""
    n = len(pos)

    def full(v):
        return np.full(n, v, dtype=object) if isinstance(v, str) else np.asarray(v, dtype=object)

    part = {
        "pos": np.asarray(pos, dtype=np.int64),
        "column": full(column),
        "topic": full(topic),
        "raw_name": np.asarray(raw_name, dtype=object),
        "target_id": full(target_id),
        "kind": np.asarray(kind, dtype=object),
        "weight": np.broadcast_to(np.asarray(weight, dtype=float), (n,)).copy(),
    }
    for k, v in (extra or {}).items():
        part[k] = np.asarray(v, dtype=object)
    return part


def _isin(values: np.ndarray, allowed) -> np.ndarray:
    """Hash-based membership of an object array (np.isin sorts objects, which is slow)."""
    return pd.Series(values, dtype=object).isin(set(allowed)).to_numpy()


def _casefold(values: np.ndarray) -> np.ndarray:
    return np.array([v.casefold() for v in values], dtype=object)


def _kind_for_names(ctx: Context, names: np.ndarray) -> np.ndarray:
    """``missing`` (a missing-value code, exact), ``nobody`` (case-blind) or ``name``."""
    kind = np.where(_isin(_casefold(names), ctx.nobody), "nobody", "name").astype(object)
    kind[_isin(names, ctx.missing)] = "missing"
    return kind


def _id_targets(kind: np.ndarray, names) -> np.ndarray:
    """Return the target ids of an id block: the text itself, "" for a missing-value code.

    A "nobody" word keeps its text too: the cleaner reads a word that is a known id as that
    person.
    """
    return np.where(kind == "missing", "", names).astype(object)


def _select_columns(ctx: Context, spec: NominationSpec, where: str) -> list[str]:
    if spec.shape == "matrix" and spec.targets and not spec.columns and not spec.pattern:
        return [ctx.finder.require(c, f"{where} targets") for c in spec.targets]
    if spec.columns:
        return [ctx.finder.require(c, where) for c in spec.columns]
    key = f"{where} pattern"
    rx = compile_pattern(spec.pattern, key, ctx.codebook.file)
    if spec.shape == "matrix":
        header = ctx.grid.headers[spec.header_row - 1]
    else:  # a repeated header ("ict_1" twice) is matched as it stands in the file
        header = [ctx.grid.repeated.get(c, c) for c in ctx.grid.columns]
    cols = [
        name
        for name, text in zip(ctx.grid.columns, header, strict=False)
        if search_pattern(rx, text, key, ctx.codebook.file)
    ]
    if not cols:
        row = f"header row {spec.header_row}" if spec.shape == "matrix" else "the column names"
        raise CodebookError(
            f"{where}: pattern {spec.pattern!r} matches no column of the export {ctx.file} "
            f"(matched against {row}; first names there: {list(header[:6])})",
            file=ctx.codebook.file,
        )
    return cols


def _attributes(ctx: Context, spec: NominationSpec, columns: dict, pos, weight, where: str) -> dict:
    """Read the tie attributes (attribute -> column) at rows ``pos``.

    The weight attribute's scale values are written into ``weight`` in place. Returns
    attribute -> raw labels.
    """
    extra = {}
    for attr, name in columns.items():
        acol = ctx.finder.require(name, f"{where} attribute {attr!r}")
        vals = ctx.grid.data[acol].to_numpy(dtype=object)[pos]
        extra[attr] = vals
        if attr == spec.weight:
            given = vals != ""
            if given.any():
                weight[given] = map_scale(ctx, vals[given], pos[given], acol, spec.weight)
    return extra


def _slot_attributes(ctx: Context, spec: NominationSpec, cols: list[str], where: str) -> dict:
    """Return slot column -> {attribute: attribute column}.

    From a ``{column}`` template, or from an explicit table per slot
    (``met = { friend1 = "first-meet", ... }``).
    """
    out: dict[str, dict[str, str]] = {c: {} for c in cols}
    for attr, tmpl in spec.attributes.items():
        if isinstance(tmpl, str):
            check_fixed_attribute(attr, tmpl, len(cols), where, ctx.codebook.file)
            for c in cols:
                out[c][attr] = tmpl.replace("{column}", c)
            continue
        given = {
            ctx.finder.require(slot, f"{where} attribute {attr!r}"): col
            for slot, col in tmpl.items()
        }
        extra = [s for s, c in zip(tmpl, given, strict=True) if c not in cols]
        absent = [c for c in cols if c not in given]
        if extra or absent:
            raise CodebookError(
                f"{where}: attribute {attr!r} must map each slot column to its own column; "
                + (
                    f"not slot columns of this block: {extra}"
                    if extra
                    else f"no column for the slot(s) {absent}"
                ),
                file=ctx.codebook.file,
            )
        for c in cols:
            out[c][attr] = given[c]
    return out


def _slots(ctx: Context, spec: NominationSpec, where: str) -> pd.DataFrame:
    cols = _select_columns(ctx, spec, where)
    per_slot = _slot_attributes(ctx, spec, cols, where)
    data = ctx.grid.data
    parts = []
    for col in cols:
        s = data[col].to_numpy(dtype=object)
        pos = np.nonzero(s != "")[0]
        if not len(pos):
            continue
        names = s[pos]
        weight = np.ones(len(pos))
        columns = per_slot[col]
        extra = _attributes(ctx, spec, columns, pos, weight, where)
        kind = _kind_for_names(ctx, names)
        kind[(kind == "name") & (weight == 0)] = "zero"
        tid = _id_targets(kind, names) if spec.target_by == "id" else ""
        parts.append(_frame(ctx, pos, col, names, spec.topic, kind, tid, weight, extra))
    return _concat(parts)


def _matrix_targets(ctx: Context, spec: NominationSpec, cols: list[str], where: str) -> list[str]:
    header = ctx.grid.headers[spec.header_row - 1]
    index = {c: i for i, c in enumerate(ctx.grid.columns)}
    key = f"{where} pattern"
    rx = compile_pattern(spec.pattern, key, ctx.codebook.file) if spec.pattern else None
    targets = []
    explicit = {ctx.finder.require(k, f"{where} targets"): v for k, v in spec.targets.items()}
    for col in cols:
        if col in explicit:
            targets.append(explicit[col].strip())
            continue
        text = header[index[col]]
        if rx is not None:
            m = search_pattern(rx, text, key, ctx.codebook.file)
            if m is None:
                raise CodebookError(
                    f"{where}: header {text!r} of column {col!r} does not match pattern {spec.pattern!r}",
                    file=ctx.codebook.file,
                )
            text = m.group("target") if "target" in rx.groupindex else m.group(0)
        text = text.strip()
        if not text:
            raise CodebookError(
                f"{where}: column {col!r} of {ctx.file} has no target text in header row "
                f'{spec.header_row}; name it in targets = {{ {col} = "..." }}',
                file=ctx.codebook.file,
            )
        targets.append(text)
    return targets


def _matrix(ctx: Context, spec: NominationSpec, where: str) -> pd.DataFrame:
    cols = _select_columns(ctx, spec, where)
    targets = np.array(_matrix_targets(ctx, spec, cols, where), dtype=object)
    arr = ctx.grid.data[cols].to_numpy(dtype=object)
    pos, ci = np.nonzero(arr != "")
    values = arr[pos, ci]
    colnames = np.array(cols, dtype=object)[ci]
    tgt = targets[ci]
    target_nobody = _isin(_casefold(tgt), ctx.nobody)
    zero_set = {z.strip().casefold() for z in spec.zero}
    folded = _casefold(values)
    is_zero_answer = _isin(folded, zero_set)
    extra = {}
    weight = np.ones(len(values))
    topic: np.ndarray | str = spec.topic
    if spec.cell == "tick":
        zero = is_zero_answer | _isin(folded, TICK_ZERO)
    elif spec.cell == "scale":
        zero = is_zero_answer.copy()
        ok = ~zero & ~_isin(values, ctx.missing)
        weight[ok] = map_scale(ctx, values[ok], pos[ok], colnames[ok], spec.scale)
        zero |= weight == 0
        weight[zero] = 0.0
        extra[spec.scale] = values
    else:  # labels: one cell may hold several labels
        parts = pd.Series(values, dtype=object).str.split(re.escape(spec.delimiter), regex=True)
        counts = parts.str.len().to_numpy()
        rep = np.repeat(np.arange(len(values)), counts)
        labels = np.array([x.strip() for lst in parts for x in lst], dtype=object)
        keep = labels != ""
        rep, labels = rep[keep], labels[keep]
        pos, colnames, tgt, target_nobody = pos[rep], colnames[rep], tgt[rep], target_nobody[rep]
        lab_fold = {k.strip().casefold(): v for k, v in spec.labels.items()}
        lf = pd.Series(labels, dtype=object).str.casefold()
        zero = _isin(lf.to_numpy(), zero_set)
        mapped = lf.map(lab_fold)
        bad = mapped.isna().to_numpy() & ~zero & ~_isin(labels, ctx.missing)
        if bad.any():
            i = int(np.nonzero(bad)[0][0])
            raise CodebookError(
                f"label {labels[i]!r} is not in the codebook's labels ({ctx.codebook.file}); "
                f"known labels: {list(spec.labels)}",
                file=ctx.file,
                row=int(ctx.grid.rows[pos[i]]),
                column=colnames[i],
            )
        topic = mapped.fillna(spec.topic).to_numpy(dtype=object)
        extra["label"] = labels
        weight = np.ones(len(labels))
    kind = np.where(zero, "zero", np.where(target_nobody, "nobody", "name")).astype(object)
    kind[_isin(extra.get("label", values), ctx.missing)] = "missing"
    # a column whose header is a "nobody" option is no one's id
    tid = np.where(target_nobody, "", _id_targets(kind, tgt)) if spec.target_by == "id" else ""
    return _frame(ctx, pos, colnames, tgt, topic, kind, tid, weight, extra)


def _multiselect(ctx: Context, spec: NominationSpec, where: str) -> pd.DataFrame:
    col = ctx.finder.require(spec.column, where)
    s = ctx.grid.data[col].to_numpy(dtype=object)
    pos = np.nonzero(s != "")[0]
    parts = pd.Series(s[pos], dtype=object).str.split(re.escape(spec.delimiter), regex=True)
    counts = parts.str.len().to_numpy()
    rep = np.repeat(pos, counts)
    names = np.array([x.strip() for lst in parts for x in lst], dtype=object)
    keep = names != ""
    rep, names = rep[keep], names[keep]
    kind = _kind_for_names(ctx, names)
    tid = _id_targets(kind, names) if spec.target_by == "id" else ""
    return _frame(ctx, rep, col, names, spec.topic, kind, tid)


def _edgelist(ctx: Context, spec: NominationSpec, where: str) -> pd.DataFrame:
    data = ctx.grid.data
    tcol = ctx.finder.require(spec.target, f"{where} target")
    s = data[tcol].to_numpy(dtype=object)
    pos = np.nonzero(s != "")[0]
    names = s[pos]
    if spec.topic_column:
        topcol = ctx.finder.require(spec.topic_column, f"{where} topic_column")
        raw_topics = data[topcol].to_numpy(dtype=object)[pos]
        lookup = {}
        for t in ctx.codebook.topics:
            for label in (t.key, t.nl, t.en):
                if label:
                    lookup[label.strip().casefold()] = t.key
        mapped = pd.Series(raw_topics, dtype=object).str.strip().str.casefold().map(lookup)
        bad = mapped.isna().to_numpy()
        if bad.any():
            i = int(np.nonzero(bad)[0][0])
            raise CodebookError(
                f"topic {raw_topics[i]!r} is not a [[topics]] key or label in {ctx.codebook.file}; "
                f"known: {sorted(lookup)}",
                file=ctx.file,
                row=int(ctx.grid.rows[pos[i]]),
                column=topcol,
            )
        topic = mapped.to_numpy(dtype=object)
    else:
        topic = spec.topic
    weight = np.ones(len(pos))
    extra = {}
    if spec.weight_column:
        wcol = ctx.finder.require(spec.weight_column, f"{where} weight_column")
        nums, badnum = to_number(
            pd.Series(data[wcol].to_numpy(dtype=object)[pos], dtype=object), ctx.decimal
        )
        if badnum.any():
            i = int(np.nonzero(badnum)[0][0])
            raise ReadError(
                f"weight {data[wcol].iloc[pos[i]]!r} is not a number",
                file=ctx.file,
                row=int(ctx.grid.rows[pos[i]]),
                column=wcol,
            )
        given = ~np.isnan(nums.to_numpy())
        weight[given] = nums.to_numpy()[given]
    extra.update(_attributes(ctx, spec, spec.attributes, pos, weight, where))
    kind = _kind_for_names(ctx, names)
    kind[(kind == "name") & (weight == 0)] = "zero"
    tid = _id_targets(kind, names) if spec.target_by == "id" else ""
    return _frame(ctx, pos, tcol, names, topic, kind, tid, weight, extra)


_READERS = {"slots": _slots, "matrix": _matrix, "multiselect": _multiselect, "edgelist": _edgelist}


def _concat(parts: list[dict]) -> dict:
    """Concatenate parts; extra columns missing from a part are filled with ""."""
    parts = [p for p in parts if len(p["pos"])]
    if not parts:
        return {"pos": np.zeros(0, dtype=np.int64)}
    if len(parts) == 1:
        return parts[0]
    keys = list(dict.fromkeys(k for p in parts for k in p))
    return {
        k: np.concatenate(
            [p[k] if k in p else np.full(len(p["pos"]), "", dtype=object) for p in parts]
        )
        for k in keys
    }


def claimed_columns(ctx: Context) -> set[str]:
    """Return the export's columns that hold nominations according to the codebook's blocks."""
    out: set[str] = set()
    for i, spec in enumerate(ctx.codebook.nominations):
        where = f"[[nominations]] #{spec.index or i + 1} ({spec.shape})"
        if spec.shape in ("slots", "matrix"):
            out.update(_select_columns(ctx, spec, where))
        elif spec.shape == "multiselect":
            out.add(ctx.finder.require(spec.column, where))
        else:
            out.add(ctx.finder.require(spec.target, f"{where} target"))
    return out


def read_nominations(ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """All nomination items of an export, plus people found in roster-matrix headers.

    Returns
    -------
    nominations : DataFrame
        NOMINATIONS_COLUMNS plus attribute columns, sorted by row then block order.
    people_hint : DataFrame or None
        ``name``, ``target_id`` and ``column`` of each roster-matrix target (None
        when the codebook has no matrix block).
    """
    from leerlib.schema import NOMINATIONS_COLUMNS, empty_table

    parts, hints = [], []
    for i, spec in enumerate(ctx.codebook.nominations):
        where = f"[[nominations]] #{spec.index or i + 1} ({spec.shape})"
        part = _READERS[spec.shape](ctx, spec, where)
        part["block"] = np.full(len(part["pos"]), spec.index or i + 1, dtype=np.int64)
        part["wave"] = np.full(len(part["pos"]), spec.wave or ctx.wave, dtype=object)
        parts.append(part)
        if spec.shape == "matrix":
            cols = _select_columns(ctx, spec, where)
            targets = _matrix_targets(ctx, spec, cols, where)
            for col, t in zip(cols, targets, strict=True):
                if t.casefold() not in ctx.nobody:
                    hints.append(
                        {"name": t, "target_id": t if spec.target_by == "id" else "", "column": col}
                    )
    merged = _concat(parts)
    if not len(merged["pos"]):
        noms = empty_table(NOMINATIONS_COLUMNS)
    else:
        order = np.lexsort((merged.pop("block"), merged["pos"]))  # by row, then block; stable
        merged = {k: v[order] for k, v in merged.items()}
        pos = merged.pop("pos")
        n = len(pos)
        data = {
            "wave": merged.pop("wave"),  # the block's own round, else [survey] wave
            "file": np.full(n, ctx.file, dtype=object),
            "row": ctx.grid.rows[pos].astype(np.int64),
            "column": merged.pop("column"),
            "respondent_raw": ctx.respondent[pos],
        }
        for key in ("topic", "raw_name", "target_id", "kind", "weight"):
            data[key] = merged.pop(key)
        data.update(merged)
        noms = pd.DataFrame(data)
    hint = None
    if hints:
        hint = pd.DataFrame(hints).drop_duplicates(["name", "target_id"]).reset_index(drop=True)
    return noms, hint
