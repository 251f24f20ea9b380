"""Read value-creation data beyond the value items: value per tie, and a sheet of value stories."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from leerlib.errors import ReadError, SchemaError
from leerlib.io._columns import ColumnFinder
from leerlib.io._grid import read_grid
from leerlib.schema import CYCLES

__all__ = [
    "CYCLE_LABELS",
    "STORY_COLUMNS",
    "cycle_key",
    "tie_value_columns",
    "tie_value_long",
    "read_stories",
]

#: Cycle key -> {"en": label, "nl": label} (Wenger, Trayner & de Laat 2011; strategic and
#: enabling from Wenger-Trayner et al. 2017). The labels are also accepted as answers.
CYCLE_LABELS = {
    "immediate": {"en": "Immediate value", "nl": "Directe waarde"},
    "potential": {"en": "Potential value", "nl": "Potentiële waarde"},
    "applied": {"en": "Applied value", "nl": "Toegepaste waarde"},
    "realized": {"en": "Realized value", "nl": "Gerealiseerde waarde"},
    "reframing": {"en": "Reframing value", "nl": "Herdefiniërende waarde"},
    "strategic": {"en": "Strategic value", "nl": "Strategische waarde"},
    "enabling": {"en": "Enabling value", "nl": "Faciliterende waarde"},
}

# Short answers a multi-select or a coded sheet may carry, besides the keys and labels above.
_EXTRA_WORDS = {
    "direct": "immediate",
    "directe": "immediate",
    "potentieel": "potential",
    "potentiële": "potential",
    "potentiele": "potential",
    "toegepast": "applied",
    "toegepaste": "applied",
    "realised": "realized",
    "gerealiseerd": "realized",
    "gerealiseerde": "realized",
    "herdefiniëring": "reframing",
    "herdefiniering": "reframing",
    "herdefiniërende": "reframing",
    "strategisch": "strategic",
    "strategische": "strategic",
    "faciliterend": "enabling",
    "faciliterende": "enabling",
}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


def _lookup(labels=None) -> dict:
    out = {k: k for k in CYCLES}
    for k, names in CYCLE_LABELS.items():
        for label in names.values():
            out[_norm(label)] = k
            out[_norm(label.split()[0])] = k
    out.update(_EXTRA_WORDS)
    for label, key in (labels or {}).items():
        out[_norm(label)] = key
    return out


def cycle_key(answer, labels=None) -> str | None:
    """Return the cycle key an answer means (a key, an English or Dutch label, or a ``labels`` entry).

    Parameters
    ----------
    answer : str
    labels : mapping, optional
        Further answer text -> cycle key (e.g. the options of your own form).

    Returns
    -------
    str or None
        None for an answer that names no cycle.

    Examples
    --------
    >>> cycle_key("Toegepaste waarde"), cycle_key(" applied "), cycle_key("ja")
    ('applied', 'applied', None)
    """
    return _lookup(labels).get(_norm(answer))


def tie_value_columns(ties: pd.DataFrame, *, cycles_column: str = "cycles") -> dict:
    """Return the per-tie value columns of a ties table, as the data contract allows them.

    A survey that asks "what did this contact bring you?" per named person gives
    extra tie columns, through a nomination block's ``attributes`` in the codebook:
    either one column per cycle named after it (``applied`` or ``value_applied``,
    a score), or one multi-select column (``cycles``) listing the cycles reached.

    Parameters
    ----------
    ties : DataFrame
    cycles_column : str, default "cycles"
        Name of the multi-select column.

    Returns
    -------
    dict
        ``{"scores": {cycle: column, ...}, "multiselect": column or None}``.

    Examples
    --------
    >>> t = pd.DataFrame(columns=["source", "target", "value_applied", "realized", "usefulness"])
    >>> tie_value_columns(t)
    {'scores': {'applied': 'value_applied', 'realized': 'realized'}, 'multiselect': None}
    """
    scores = {}
    for c in CYCLES:
        for name in (c, f"value_{c}"):
            if name in ties.columns:
                scores[c] = name
                break
    multi = cycles_column if cycles_column in ties.columns else None
    return {"scores": scores, "multiselect": multi}


def tie_value_long(
    ties: pd.DataFrame,
    *,
    reached_at: float,
    cycles_column: str = "cycles",
    labels=None,
    score_labels=None,
    delimiter: str = r"[;,|]",
) -> pd.DataFrame:
    """Per-tie value columns as one row per tie and cycle.

    Parameters
    ----------
    ties : DataFrame
        A ties table with per-tie value columns (see :func:`tie_value_columns`).
    reached_at : float
        A score at or above this counts as reaching the cycle.
    cycles_column : str, default "cycles"
    labels : mapping, optional
        Multi-select answer text -> cycle key, beside the built-in labels.
    score_labels : mapping, optional
        Answer label -> number for per-cycle score columns, e.g. a codebook scale
        (``codebook.scales["agree5"]``): nomination attributes keep the answers
        as typed, so a labelled scale needs this. Matching ignores case and spacing.
    delimiter : str
        Regular expression that separates the options of a multi-select cell.

    Returns
    -------
    DataFrame
        source, target, topic, wave, cycle, score (NaN for a multi-select),
        reached (bool). A missing score gives no row; a non-empty multi-select
        answer gives a row for every cycle (reached for the ones it names); an
        empty one gives none (not asked or not answered is not "no value").

    Raises
    ------
    SchemaError
        A score that is not a number, or a multi-select option that names no cycle.

    Examples
    --------
    Two ties, one with "applied; realized", one with "immediate": 5 cycles each,
    3 of the 10 rows reached.

    >>> t = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "topic": "ict",
    ...                   "wave": "1", "cycles": ["applied; realized", "Directe waarde"]})
    >>> long = tie_value_long(t, reached_at=4)
    >>> len(long), int(long["reached"].sum())
    (10, 3)
    """
    found = tie_value_columns(ties, cycles_column=cycles_column)
    key = [c for c in ("source", "target", "topic", "wave") if c in ties.columns]
    base = ties[key].reset_index(drop=True).copy()
    for c in ("topic", "wave"):
        if c not in base.columns:
            base[c] = ""
    frames = []
    by_label = {_norm(k): float(v) for k, v in dict(score_labels or {}).items()}
    for cycle, col in found["scores"].items():
        raw = ties[col].reset_index(drop=True)
        score = pd.to_numeric(raw, errors="coerce")
        if by_label:
            named = raw.map(lambda x: by_label.get(_norm(x)) if isinstance(x, str) else None)
            score = score.fillna(pd.to_numeric(named, errors="coerce"))
        bad = score.isna() & raw.notna() & (raw.astype(str).str.strip() != "")
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise SchemaError(
                f"ties: per-tie value column {col!r} holds {raw.iloc[i]!r} (tie {i + 1}); "
                "expected a number or one of score_labels (a codebook scale)"
            )
        keep = score.notna()
        frames.append(
            base[keep].assign(cycle=cycle, score=score[keep], reached=score[keep] >= reached_at)
        )
    multi = found["multiselect"]
    if multi is not None:
        lookup = _lookup(labels)
        present = [c for c in CYCLES[:5]]
        rows = []
        for i, cell in enumerate(ties[multi].tolist()):
            if (
                cell is None
                or (not isinstance(cell, str) and pd.isna(cell))
                or not str(cell).strip()
            ):
                continue
            named = set()
            for part in re.split(delimiter, str(cell)):
                if not part.strip():
                    continue
                k = lookup.get(_norm(part))
                if k is None:
                    raise SchemaError(
                        f"ties: column {multi!r} (tie {i + 1}) names {part.strip()!r}, which is "
                        f"no value-creation cycle; known: {list(CYCLES)} and their labels"
                    )
                named.add(k)
            cycles = present + sorted(c for c in named if c not in present)
            for c in cycles:
                rows.append(
                    {**base.iloc[i].to_dict(), "cycle": c, "score": np.nan, "reached": c in named}
                )
        frames.append(pd.DataFrame(rows, columns=[*base.columns, "cycle", "score", "reached"]))
    cols = ["source", "target", "topic", "wave", "cycle", "score", "reached"]
    if not frames:
        return pd.DataFrame(columns=cols).astype({"score": float, "reached": bool})
    out = pd.concat(frames, ignore_index=True)
    out["score"] = out["score"].astype(float)
    out["reached"] = out["reached"].astype(bool)
    return out[cols]


#: The columns of :func:`read_stories`' table.
STORY_COLUMNS = (
    "story_id",
    "file",
    "row",
    "wave",
    "person_id",
    "cycle",
    "text",
    "mentioned_names",
    "topics",
)

# Accepted header names per column (first found wins; case- and space-insensitive).
_STORY_HEADERS = {
    "text": ("text", "story", "verhaal", "tekst", "waardeverhaal"),
    "cycle": ("cycle", "cyclus", "waarde", "value"),
    "person_id": ("person_id", "author", "auteur", "respondent", "verteller"),
    "mentioned_names": ("people", "mentions", "mentioned", "personen", "collega's", "collegas"),
    "topics": ("topics", "topic", "onderwerpen", "onderwerp", "thema"),
    "wave": ("wave", "ronde", "round"),
}


def _split_list(cell: str) -> str:
    parts = [p.strip() for p in re.split(r"[;,|\n]", cell) if p.strip()]
    return "; ".join(parts)


def read_stories(path, *, sheet=0, columns=None, labels=None, wave=None) -> pd.DataFrame:
    r"""Read a sheet of value-creation stories (CSV or XLSX) into a tidy table.

    A value-creation story (Wenger, Trayner & de Laat 2011, ch. 5) is a short
    account of what a person did with something learnt from others, coded with
    the cycle it reaches and the people or topics it mentions.

    Parameters
    ----------
    path : str, path-like, bytes, binary file object or Source
    sheet : int or str, default 0
        Worksheet of an XLSX file.
    columns : mapping, optional
        Output column -> header in the sheet, for headers not recognised
        automatically. Recognised: text (text, story, verhaal), cycle (cycle,
        cyclus, waarde), person_id (author, auteur, respondent), mentioned_names
        (people, mentions, personen), topics (topics, onderwerpen, thema),
        wave (wave, ronde).
    labels : mapping, optional
        Cycle text -> cycle key, beside the keys and English/Dutch labels.
    wave : str, optional
        The round, for a sheet without a wave column.

    Returns
    -------
    DataFrame
        :data:`STORY_COLUMNS`: one row per non-empty story, in sheet order;
        ``row`` is the spreadsheet row; ``mentioned_names`` and ``topics`` are
        "; "-separated. ``text`` and ``mentioned_names`` are personal data:
        :func:`leerlib.pseudonymize` removes them.

    Raises
    ------
    ReadError
        No text or cycle column, a story without a cycle, or a cycle that is not
        one of the value-creation cycles (naming file, row and column).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "stories.csv"
    >>> _ = p.write_text("verhaal,cyclus,personen\nIk gebruik nu exit tickets,toegepast,An; Bo\n")
    >>> read_stories(p, wave="2026")[["row", "cycle", "mentioned_names"]].values.tolist()
    [[2, 'applied', 'An; Bo']]
    """
    grid = read_grid(path, sheet=sheet)
    finder = ColumnFinder(grid, grid.file)
    given = dict(columns or {})
    found = {}
    for out, names in _STORY_HEADERS.items():
        if out in given:
            col = finder.get(given[out])
            if col is None:
                raise ReadError(
                    f"stories: column {given[out]!r} (for {out}) is not in the sheet; it has "
                    f"{grid.columns}",
                    file=grid.file,
                )
            found[out] = col
            continue
        found[out] = next((finder.get(n) for n in names if finder.get(n)), None)
    for need in ("text", "cycle"):
        if found[need] is None:
            raise ReadError(
                f"stories: no {need} column (looked for {list(_STORY_HEADERS[need])}); the sheet "
                f"has {grid.columns}",
                file=grid.file,
            )
    data, rows = grid.data, grid.rows
    text = data[found["text"]].astype(str).str.strip()
    keep = (text != "").to_numpy()
    lookup = _lookup(labels)
    records = []
    for i in np.flatnonzero(keep):
        raw = str(data[found["cycle"]].iloc[i]).strip()
        if not raw:
            raise ReadError(
                "stories: a story without a coded cycle",
                file=grid.file,
                row=int(rows[i]),
                column=found["cycle"],
            )
        cycle = lookup.get(_norm(raw))
        if cycle is None:
            raise ReadError(
                f"stories: cycle {raw!r} is not a value-creation cycle; expected one of "
                f"{list(CYCLES)} or their English/Dutch labels",
                file=grid.file,
                row=int(rows[i]),
                column=found["cycle"],
            )

        def cell(key, i=i):
            col = found[key]
            return "" if col is None else str(data[col].iloc[i]).strip()

        records.append(
            {
                "story_id": len(records) + 1,
                "file": grid.file,
                "row": int(rows[i]),
                "wave": cell("wave") or ("" if wave is None else str(wave)),
                "person_id": cell("person_id"),
                "cycle": cycle,
                "text": str(text.iloc[i]),
                "mentioned_names": _split_list(cell("mentioned_names")),
                "topics": _split_list(cell("topics")),
            }
        )
    return pd.DataFrame(records, columns=list(STORY_COLUMNS))
