"""Read and check a codebook: the TOML file that maps one survey export to the data contract."""

from __future__ import annotations

import csv
import difflib
import io
import os
import re
import tomllib
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from leerlib.errors import CodebookError
from leerlib.io._pattern import compile_pattern
from leerlib.io._source import load_source
from leerlib.io._specs import (
    DEFAULT_CONTEXT,
    DEFAULT_MISSING,
    DEFAULT_NOBODY,
    SHAPES,
    Codebook,
    NamesSpec,
    NominationSpec,
    RespondentSpec,
    RosterSpec,
    SurveySpec,
    Topic,
    ValueItem,
)
from leerlib.io._text import ENCODINGS
from leerlib.schema import CYCLES

__all__ = [
    "Codebook",
    "SurveySpec",
    "RespondentSpec",
    "RosterSpec",
    "Topic",
    "NominationSpec",
    "ValueItem",
    "NamesSpec",
    "read_codebook",
    "check_fixed_attribute",
    "SHAPES",
    "DEFAULT_NOBODY",
    "DEFAULT_MISSING",
    "SYMMETRIZE",
]

_BY = ("id", "email", "name")
_TARGET_BY = ("name", "id")
_CELLS = ("tick", "scale", "labels")
_DELIMS = ("auto", ",", ";", "\t", "|")

# --------------------------------------------------------------------------- parsing

_STR, _INT, _BOOL, _NUM = "a string", "an integer", "true or false", "a number"
_LIST, _TABLE, _INTSTR, _SCALE = (
    "a list of strings",
    "a table of strings",
    "an integer or a string",
    "s",
)
_CODES = "a list of strings or integers"
_STRLIST = "a string or a list of strings"
_FILTER = "a table of column = value (or = [values])"
_ATTRS = "a table of attribute = column (or = { slot column = attribute column })"

_SURVEY_KEYS = {
    "wave": _STR,
    "language": _STR,
    "encoding": _STR,
    "delimiter": _STR,
    "decimal": _STR,
    "sheet": _INTSTR,
    "skip_rows": _INT,
    "header_rows": _INT,
    "consent_names": _BOOL,
    "date_format": _STR,
    "missing": _CODES,
    "network_by": _STRLIST,
    "filter": _FILTER,
}
_RESPONDENT_KEYS = {
    "column": _STR,
    "by": _STR,
    "submitted_at": _STR,
    "status_column": _STR,
    "skip_status": _LIST,
    "complete_column": _STR,
    "responded_if": _STR,
}
_POPULATION_KEYS = {"from": _STR}
#: [population] from: who is a member of the network when there is no staff list.
POPULATION_FROM = ("respondents+named", "respondents")
#: [respondent] responded_if: which kept submissions count as a response.
RESPONDED_IF = ("any_nomination", "any_answer", "complete")
_ROSTER_KEYS = {
    "id": _STR,
    "name": _STR,
    "first_name": _STR,
    "infix": _STR,
    "last_name": _STR,
    "email": _STR,
    "sheet": _INTSTR,
    "skip_rows": _INT,
    "encoding": _STR,
    "delimiter": _STR,
}
_UNKNOWN_KEYS = {"names": _STR, "nobody": _LIST}
_TOPIC_KEYS = {"key": _STR, "nl": _STR, "en": _STR}
_VALUE_KEYS = {"column": _STR, "cycle": _STR, "item": _STR, "scale": _STR, "wave": _STR}
_NOM_COMMON = {"shape": _STR, "topic": _STR, "directed": _BOOL, "symmetrize": _STR, "wave": _STR}
#: [[nominations]] symmetrize: with directed = false, which named pairs are one undirected tie.
SYMMETRIZE = ("either", "both")
_NOM_KEYS = {
    "slots": {
        "columns": _LIST,
        "pattern": _STR,
        "attributes": _ATTRS,
        "weight": _STR,
        "target_by": _STR,
    },
    "matrix": {
        "columns": _LIST,
        "pattern": _STR,
        "target_by": _STR,
        "header_row": _INT,
        "cell": _STR,
        "scale": _STR,
        "labels": _TABLE,
        "delimiter": _STR,
        "targets": _TABLE,
        "zero": _LIST,
    },
    "multiselect": {"column": _STR, "delimiter": _STR, "target_by": _STR},
    "edgelist": {
        "source": _STR,
        "target": _STR,
        "target_by": _STR,
        "topic_column": _STR,
        "weight_column": _STR,
        "attributes": _TABLE,
        "weight": _STR,
    },
}
_NAMES_KEYS = ("variants", "context")
_TOP_KEYS = (
    "survey",
    "respondent",
    "roster",
    "population",
    "unknown",
    "nobody",
    "topics",
    "nominations",
    "scales",
    "value",
    "names",
)


class _Checker:
    def __init__(self, file: str, text: str):
        self.file = file
        self.lines = text.splitlines()

    def line_of(self, key: str, after=None) -> str:
        """Best-effort 'line N' of a key in the TOML text.

        ``after`` is a table header prefix ("[survey") or a (prefix, n) pair for the
        n-th entry of an array of tables; the key is looked for from there on.
        """
        start = 0
        if after:
            prefix, nth = after if isinstance(after, tuple) else (after, 1)
            seen = 0
            for i, line in enumerate(self.lines):
                if line.strip().startswith(prefix):
                    seen += 1
                    if seen == nth:
                        start = i
                        break
        pat = re.compile(
            r"^\s*" + re.escape(key) + r"\s*=|^\s*\[+\s*" + re.escape(key) + r"[\s.\]]"
        )
        for i in range(start, len(self.lines)):
            if pat.search(self.lines[i]):
                return f" (line {i + 1})"
        return ""

    def fail(self, msg: str, key: str = "", header: str | None = None) -> CodebookError:
        return CodebookError(msg + (self.line_of(key, header) if key else ""), file=self.file)

    def table(self, data: Any, where: str, header: str | None = None) -> dict:
        if not isinstance(data, dict):
            raise self.fail(f"{where} must be a table", where.strip("[]"))
        return data

    def keys(
        self, data: dict, allowed: dict, where: str, header: str | None = None, note: str = ""
    ) -> None:
        for key in data:
            if key not in allowed:
                near = difflib.get_close_matches(key, list(allowed), n=1)
                hint = (
                    f"; did you mean {near[0]!r}?" if near else f"; known keys: {sorted(allowed)}"
                )
                raise self.fail(f"{where}: unknown key {key!r}{note}{hint}", key, header)
        for key, kind in allowed.items():
            if key in data:
                self.type(data[key], kind, f"{where} {key}", key, header)

    def type(self, value: Any, kind: str, where: str, key: str, header: str | None) -> None:
        ok = {
            _STR: isinstance(value, str),
            _INT: isinstance(value, int) and not isinstance(value, bool),
            _BOOL: isinstance(value, bool),
            _INTSTR: isinstance(value, (int, str)) and not isinstance(value, bool),
            _LIST: isinstance(value, list) and all(isinstance(v, str) for v in value),
            _TABLE: isinstance(value, dict) and all(isinstance(v, str) for v in value.values()),
            _ATTRS: isinstance(value, dict)
            and all(
                isinstance(v, str)
                or (isinstance(v, dict) and all(isinstance(c, str) for c in v.values()))
                for v in value.values()
            ),
            _STRLIST: isinstance(value, str)
            or (isinstance(value, list) and all(isinstance(v, str) for v in value)),
            _FILTER: isinstance(value, dict)
            and all(
                isinstance(v, (str, int))
                and not isinstance(v, bool)
                or (
                    isinstance(v, list)
                    and all(isinstance(x, (str, int)) and not isinstance(x, bool) for x in v)
                )
                for v in value.values()
            ),
            _CODES: isinstance(value, list)
            and all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value),
        }[kind]
        if not ok:
            got = type(value).__name__
            hint = (
                ' (write it in quotes, e.g. wave = "2025")'
                if kind == _STR and isinstance(value, int)
                else ""
            )
            raise self.fail(f"{where} must be {kind}, got {got} {value!r}{hint}", key, header)

    def choice(self, value: str, choices, where: str, key: str, header: str | None = None) -> None:
        if value not in choices:
            raise self.fail(f"{where} is {value!r}; expected one of {list(choices)}", key, header)


def read_codebook(path) -> Codebook:
    r"""Read a codebook (TOML) and check it.

    Parameters
    ----------
    path : str, path-like, bytes, binary file object or Source
        The codebook file (UTF-8 TOML, see docs/codebook.md), or its content in memory
        (a :class:`leerlib.io.Source` names it in messages).

    Returns
    -------
    Codebook
        Frozen dataclasses; unsaid keys take the documented defaults.

    Raises
    ------
    CodebookError
        TOML syntax errors (with line), unknown keys, wrong types, a missing
        ``wave`` or respondent column, unknown topics, scales or cycles, bad
        regular expressions. The message names the codebook file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "cb.toml"
    >>> _ = p.write_text('[survey]\nwave = "2025"\n[respondent]\ncolumn = "email"\n'
    ...                  '[[topics]]\nkey = "ict"\n[[nominations]]\nshape = "slots"\n'
    ...                  'topic = "ict"\npattern = "^Q3_\\\\d+$"\n', encoding="utf-8")
    >>> cb = read_codebook(p)
    >>> cb.wave, cb.nominations[0].shape, cb.respondent.by
    ('2025', 'slots', 'email')
    """
    raw, file, _ = load_source(
        path,
        error=CodebookError,
        missing="codebook file not found",
        expected="a codebook (TOML) file",
    )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise CodebookError(
            f"is not UTF-8 text (line {line}); save the codebook as UTF-8", file=file
        ) from None
    _check_toml_shape(text, file)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CodebookError(f"TOML syntax error: {exc}", file=file) from None
    except (RecursionError, MemoryError):  # guarded by _check_toml_shape; never a traceback
        raise CodebookError("is too deeply nested to read as a codebook", file=file) from None
    shown = str(Path(path)) if isinstance(path, str | os.PathLike) else file
    folder = Path(path).parent if isinstance(path, str | os.PathLike) else None
    return _build(shown, file, text, data, folder)


#: Deepest nesting of arrays and tables a codebook may have (it needs 3), and the most parts a
#: dotted key may have (it needs 2). Python's TOML parser recurses once per level, and its time
#: grows with the square of a dotted key's parts (50,000 parts: minutes).
MAX_TOML_DEPTH = 32
MAX_KEY_PARTS = 32
_TOML_SPECIAL = re.compile(r"[\n#\"'\[\]{}.]")


def _check_toml_shape(text: str, file: str) -> None:
    """Refuse TOML nested deeper than MAX_TOML_DEPTH or with a key of more than MAX_KEY_PARTS parts.

    A scan of the text outside strings and comments: ``[`` and ``{`` open a level, ``]`` and
    ``}`` close one; a dot between two key characters (not between two digits, as in a
    number) joins key parts.
    """
    depth, dots, line = 0, 0, 1
    i, n = 0, len(text)
    while i < n:
        m = _TOML_SPECIAL.search(text, i)
        if m is None:
            break
        i = m.start()
        ch = text[i]
        if ch == "\n":
            line += 1
            dots = 0
        elif ch == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        elif ch in "\"'":
            triple = text.startswith(ch * 3, i)
            quote = ch * 3 if triple else ch
            j = i + len(quote)
            while j < n:
                if ch == '"' and text[j] == "\\":
                    j += 2
                    continue
                if text.startswith(quote, j) or (not triple and text[j] == "\n"):
                    break
                j += 1
            line += text.count("\n", i, j) if triple else 0
            i = j + len(quote)
            continue
        elif ch in "[{":
            depth += 1
            if depth > MAX_TOML_DEPTH:
                raise CodebookError(
                    f"is nested more than {MAX_TOML_DEPTH} levels deep (line {line}); a codebook needs 3",
                    file=file,
                )
        elif ch in "]}":
            depth = max(depth - 1, 0)
        elif ch == "." and not (0 < i < n - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()):
            dots += 1
            if dots >= MAX_KEY_PARTS:
                raise CodebookError(
                    f"has a dotted key of more than {MAX_KEY_PARTS} parts (line {line}); "
                    "a codebook needs 2, as in scales.frequency",
                    file=file,
                )
        i += 1


def _build(path: str, file: str, text: str, data: dict, folder: Path | None = None) -> Codebook:
    ck = _Checker(file, text)
    for key in data:
        if key not in _TOP_KEYS:
            near = difflib.get_close_matches(key, _TOP_KEYS, n=1)
            hint = f"; did you mean {near[0]!r}?" if near else f"; known: {list(_TOP_KEYS)}"
            raise ck.fail(f"unknown top-level key {key!r}{hint}", key)
    survey = _parse_survey(ck, data)
    respondent = _parse_respondent(ck, data)
    roster = _parse_roster(ck, data)
    population = _parse_population(ck, data)
    unknown_names, nobody = _parse_unknown(ck, data)
    scales = _parse_scales(ck, data)
    topics = _parse_topics(ck, data)
    refs = _Refs(ck, {t.key for t in topics}, scales)
    noms = _parse_nominations(ck, data, survey, refs)
    values = _parse_value(ck, data, refs)
    names = _parse_names(ck, data, folder)
    return Codebook(
        path=path,
        survey=survey,
        respondent=respondent,
        roster=roster,
        population=population,
        unknown_names=unknown_names,
        nobody=nobody,
        topics=topics,
        nominations=noms,
        scales=MappingProxyType(scales),
        value=values,
        names=names,
    )


def _parse_survey(ck: _Checker, data: dict) -> SurveySpec:
    """Return the ``[survey]`` table."""
    if "survey" not in data:
        raise ck.fail('missing [survey] table with at least wave = "..."')
    sv = ck.table(data["survey"], "[survey]")
    ck.keys(sv, _SURVEY_KEYS, "[survey]", "[survey")
    if "wave" not in sv or not sv["wave"].strip():
        raise ck.fail('[survey] needs wave = "..." (the survey round, e.g. "2025")', "survey")
    ck.choice(sv.get("encoding", "auto"), ENCODINGS, "[survey] encoding", "encoding", "[survey")
    ck.choice(sv.get("delimiter", "auto"), _DELIMS, "[survey] delimiter", "delimiter", "[survey")
    ck.choice(
        sv.get("decimal", "auto"), ("auto", ".", ","), "[survey] decimal", "decimal", "[survey"
    )
    for key in ("skip_rows", "header_rows"):
        if key in sv and not (0 <= sv[key] <= 100):
            raise ck.fail(f"[survey] {key} must be between 0 and 100", key, "[survey")
    if sv.get("header_rows", 1) < 1:
        raise ck.fail("[survey] header_rows must be at least 1", "header_rows", "[survey")
    if sv.get("date_format", "auto") != "auto":
        _check_date_format(ck, sv["date_format"])
    if "network_by" in sv:
        nb = sv["network_by"]
        cols = (
            ([nb] if nb.strip() else []) if isinstance(nb, str) else nb
        )  # "" is the default: none
        if not all(c.strip() for c in cols):
            raise ck.fail("[survey] network_by names an empty column", "network_by", "[survey")
        sv = {**sv, "network_by": tuple(c.strip() for c in cols)}
    if "filter" in sv:
        sv = {
            **sv,
            "filter": MappingProxyType(
                {
                    k: tuple(str(x).strip() for x in (v if isinstance(v, list) else [v]))
                    for k, v in sv["filter"].items()
                }
            ),
        }
    if "missing" in sv:
        sv = {**sv, "missing": tuple(str(v).strip() for v in sv["missing"] if str(v).strip())}
    return SurveySpec(**{**sv, "wave": sv["wave"].strip()})


def _check_date_format(ck: _Checker, fmt: str) -> None:
    """Return a strftime format that pandas can parse with (``%Q`` is no directive)."""
    try:
        pd.to_datetime(pd.Series(["2025-01-01"]), format=fmt, errors="coerce")
    except (ValueError, TypeError) as exc:
        raise ck.fail(
            f"[survey] date_format {fmt!r} is not a strftime format ({exc}); write e.g. "
            '"%d-%m-%Y %H:%M" or "auto"',
            "date_format",
            "[survey",
        ) from None


def _parse_respondent(ck: _Checker, data: dict) -> RespondentSpec:
    """Return the ``[respondent]`` table."""
    rp = ck.table(data.get("respondent", {}), "[respondent]")
    ck.keys(rp, _RESPONDENT_KEYS, "[respondent]", "[respondent")
    if not rp.get("column", "").strip():
        raise ck.fail(
            '[respondent] needs column = "..." (the column that identifies the respondent)',
            "respondent",
        )
    ck.choice(rp.get("by", "email"), _BY, "[respondent] by", "by", "[respondent")
    ck.choice(
        rp.get("responded_if", RESPONDED_IF[0]),
        RESPONDED_IF,
        "[respondent] responded_if",
        "responded_if",
        "[respondent",
    )
    return RespondentSpec(
        **{k: (tuple(v) if isinstance(v, list) else v) for k, v in rp.items()},
        explicit=frozenset(rp),
    )


def _parse_roster(ck: _Checker, data: dict) -> RosterSpec:
    """Return the ``[roster]`` table."""
    rs = ck.table(data.get("roster", {}), "[roster]")
    ck.keys(rs, _ROSTER_KEYS, "[roster]", "[roster")
    ck.choice(rs.get("encoding", "auto"), ENCODINGS, "[roster] encoding", "encoding", "[roster")
    ck.choice(rs.get("delimiter", "auto"), _DELIMS, "[roster] delimiter", "delimiter", "[roster")
    if bool(rs.get("first_name")) != bool(rs.get("last_name")):
        raise ck.fail(
            "[roster] first_name and last_name go together (infix is optional)",
            "first_name",
            "[roster",
        )
    return RosterSpec(**rs, explicit=frozenset(rs))


def _parse_population(ck: _Checker, data: dict) -> str:
    """Return the ``[population]`` table: ``from``, where the network's boundary lies without a staff list."""
    po = ck.table(data.get("population", {}), "[population]")
    ck.keys(po, _POPULATION_KEYS, "[population]", "[population")
    value = po.get("from", POPULATION_FROM[0])
    ck.choice(value, POPULATION_FROM, "[population] from", "from", "[population")
    return value


def _parse_unknown(ck: _Checker, data: dict) -> tuple[str, tuple[str, ...]]:
    """Return the ``[unknown]`` table and ``nobody`` (top level, or inside ``[unknown]``)."""
    un = ck.table(data.get("unknown", {}), "[unknown]")
    ck.keys(un, _UNKNOWN_KEYS, "[unknown]", "[unknown")
    unknown_names = un.get("names", "external")
    ck.choice(unknown_names, ("external", "drop"), "[unknown] names", "names", "[unknown")
    # nobody: top level, or inside [unknown] (where the documented layout puts it)
    if "nobody" in data and "nobody" in un:
        raise ck.fail("nobody is given twice (top level and in [unknown]); keep one", "nobody")
    nobody = data.get("nobody", un.get("nobody", list(DEFAULT_NOBODY)))
    if not isinstance(nobody, list) or not all(
        isinstance(v, (str, int)) and not isinstance(v, bool) for v in nobody
    ):
        raise ck.fail("nobody must be a list of strings (answers that mean nobody)", "nobody")
    return unknown_names, tuple(str(v) for v in nobody)


#: Most rows a name-variant file may have (the shipped table has about 50).
MAX_VARIANT_ROWS = 10_000


def _parse_names(ck: _Checker, data: dict, folder: Path | None) -> NamesSpec:
    """Return the ``[names]`` table.

    ``variants`` (a CSV file name, or a list of lists of names) and ``context`` (true, false, or
    a list of roster columns).
    """
    nm = ck.table(data.get("names", {}), "[names]")
    for key in nm:
        if key not in _NAMES_KEYS:
            near = difflib.get_close_matches(key, _NAMES_KEYS, n=1)
            hint = f"; did you mean {near[0]!r}?" if near else f"; known keys: {list(_NAMES_KEYS)}"
            raise ck.fail(f"[names]: unknown key {key!r}{hint}", key, "[names")
    context = nm.get("context", False)
    if context is True:
        context = list(DEFAULT_CONTEXT)
    elif context is False:
        context = []
    elif not (
        isinstance(context, list)
        and context
        and all(isinstance(c, str) and c.strip() for c in context)
    ):
        raise ck.fail(
            "[names] context must be true, false or a list of roster columns "
            'such as ["team", "school"]',
            "context",
            "[names",
        )
    variants = nm.get("variants", [])
    file = ""
    if isinstance(variants, str):
        file, variants = variants, _read_variants(ck, variants, folder)
    elif not (
        isinstance(variants, list)
        and all(
            isinstance(g, list) and len(g) >= 2 and all(isinstance(x, str) and x.strip() for x in g)
            for g in variants
        )
    ):
        raise ck.fail(
            "[names] variants must be a CSV file name or a list of groups such as "
            '[["Roberta", "Bo"]] (the formal name first, then its short forms)',
            "variants",
            "[names",
        )
    return NamesSpec(
        variants=tuple(tuple(x.strip() for x in g) for g in variants),
        variants_file=file,
        context=tuple(c.strip() for c in context),
    )


def _read_variants(ck: _Checker, name: str, folder: Path | None) -> list[list[str]]:
    """Return a name-variant CSV (columns formal and short, as leerlib's own table).

    One group per row, the formal name first, then each short form ("|" between them in the
    file).
    """
    if folder is None:
        raise ck.fail(
            f"[names] variants names the file {name!r}, but this codebook was not read "
            "from a folder; give the variants inline",
            "variants",
            "[names",
        )
    path = Path(name) if Path(name).is_absolute() else folder / name
    if not path.is_file():
        raise ck.fail(
            f"[names] variants: the name-variant file {name!r} is not found next to the codebook",
            "variants",
            "[names",
        )
    raw, vfile, _ = load_source(
        path,
        error=CodebookError,
        missing="name-variant file not found",
        expected="a name-variant CSV file",
    )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CodebookError(
            "is not UTF-8 text; save the name-variant file as UTF-8", file=vfile
        ) from None
    lines = [
        (i, line)
        for i, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if len(lines) > MAX_VARIANT_ROWS + 1:
        raise CodebookError(
            f"has more than {MAX_VARIANT_ROWS:,} rows, more than a name-variant table may have",
            file=vfile,
        )
    reader = csv.reader(io.StringIO("\n".join(line for _, line in lines)))
    try:
        header = [h.strip().casefold() for h in next(reader, [])]
    except csv.Error as exc:
        raise CodebookError(f"is not a readable CSV file ({exc})", file=vfile) from None
    if header[:2] != ["formal", "short"]:
        raise CodebookError(
            f"needs the columns formal and short (found {header})",
            file=vfile,
            row=lines[0][0] if lines else 1,
        )
    groups = []
    try:
        for (row, _), rec in zip(lines[1:], reader, strict=False):
            formal = rec[0].strip() if rec else ""
            shorts = [x.strip() for x in (rec[1] if len(rec) > 1 else "").split("|") if x.strip()]
            if not formal:
                raise CodebookError(
                    "has a row without a formal name", file=vfile, row=row, column="formal"
                )
            groups.append([formal, *shorts])
    except csv.Error as exc:
        raise CodebookError(f"is not a readable CSV file ({exc})", file=vfile) from None
    return groups


def _parse_scales(ck: _Checker, data: dict) -> dict[str, MappingProxyType]:
    """Return the ``[scales.*]`` tables."""
    sc = ck.table(data.get("scales", {}), "[scales]")
    scales = {}
    for name, table in sc.items():
        if not isinstance(table, dict) or not table:
            raise ck.fail(f"[scales.{name}] must be a table of answer = number", name)
        for label, num in table.items():
            if isinstance(num, bool) or not isinstance(num, (int, float)):
                raise ck.fail(
                    f"[scales.{name}] answer {label!r} must map to a number, got {num!r}",
                    label,
                    f"[scales.{name}",
                )
            if isinstance(num, int) and not -(2**53) <= num <= 2**53:
                raise ck.fail(
                    f"[scales.{name}] answer {label!r} maps to a number of {len(str(abs(num)))} digits; "
                    "a scale value must lie between -2**53 and 2**53",
                    label,
                    f"[scales.{name}",
                )
        scales[name] = MappingProxyType({str(k).strip(): float(v) for k, v in table.items()})
    return scales


def _parse_topics(ck: _Checker, data: dict) -> tuple[Topic, ...]:
    """Return the ``[[topics]]`` array."""
    tp = data.get("topics", [])
    if not isinstance(tp, list):
        raise ck.fail("topics must be an array of tables: [[topics]]", "topics")
    topics, keys = [], set()
    for i, t in enumerate(tp, 1):
        t = ck.table(t, f"[[topics]] #{i}")
        ck.keys(t, _TOPIC_KEYS, f"[[topics]] #{i}", ("[[topics]]", i))
        if not t.get("key", "").strip():
            raise ck.fail(f'[[topics]] #{i} needs key = "..."', "topics")
        if t["key"] in keys:
            raise ck.fail(f"[[topics]] key {t['key']!r} appears twice", "key")
        keys.add(t["key"])
        topics.append(Topic(**t))
    return tuple(topics)


class _Refs:
    """Checks of references from nominations and value items to topics, scales and patterns."""

    def __init__(self, ck: _Checker, keys: set[str], scales: dict):
        self.ck, self.keys, self.scales = ck, keys, scales

    def topic(self, key: str, where: str, at=None) -> None:
        if key not in self.keys:
            known = sorted(self.keys) or "none; add [[topics]] tables"
            raise self.ck.fail(
                f"{where}: topic {key!r} is not a [[topics]] key (known: {known})", "topic", at
            )

    def scale(self, name: str, where: str, at=None) -> None:
        if name not in self.scales:
            raise self.ck.fail(
                f"{where}: scale {name!r} has no [scales.{name}] table (known: {sorted(self.scales)})",
                "scale",
                at,
            )

    def regex(self, pattern: str, where: str, at=None) -> None:
        try:
            compile_pattern(pattern, where)
        except CodebookError as exc:
            raise self.ck.fail(exc.message, "pattern", at) from None


def _parse_nominations(
    ck: _Checker, data: dict, survey: SurveySpec, refs: _Refs
) -> tuple[NominationSpec, ...]:
    """Return the ``[[nominations]]`` array."""
    nm = data.get("nominations", [])
    if not isinstance(nm, list):
        raise ck.fail("nominations must be an array of tables: [[nominations]]", "nominations")
    blocks = tuple(_parse_nomination(ck, n, i, survey, refs) for i, n in enumerate(nm, 1))
    _check_direction(ck, blocks, sorted(refs.keys))
    return blocks


def _block_wave(ck: _Checker, wave: str, where: str, at) -> str:
    """Return a block's own survey round (several rounds in one wide file), trimmed and not empty."""
    if not wave.strip():
        raise ck.fail(
            f'{where}: wave is empty; give the survey round (e.g. wave = "2") or leave '
            "it out for [survey] wave",
            "wave",
            at,
        )
    return wave.strip()


def _check_direction(ck: _Checker, blocks: tuple, declared: list) -> None:
    """Check that blocks sharing a topic agree on ``directed`` and ``symmetrize``.

    The direction is a property of the relation, and the ties of one topic form one relation.
    """
    seen: dict = {}
    for spec in blocks:
        rule = "directed" if spec.directed else f"undirected ({spec.symmetrize})"
        for key in spec.topic_keys(declared):
            if key in seen and seen[key][1] != rule:
                i, other = seen[key]
                raise ck.fail(
                    f"[[nominations]] #{spec.index}: topic {key!r} is {rule} here but {other} in "
                    f"[[nominations]] #{i}; blocks of one topic must agree on directed and symmetrize",
                    "directed",
                    ("[[nominations]]", spec.index),
                )
            seen.setdefault(key, (spec.index, rule))


def _parse_nomination(
    ck: _Checker, n: Any, i: int, survey: SurveySpec, refs: _Refs
) -> NominationSpec:
    """One ``[[nominations]]`` table: keys for its shape, then the shape's own checks."""
    where = f"[[nominations]] #{i}"
    at = ("[[nominations]]", i)
    n = ck.table(n, where)
    shape = n.get("shape")
    if not isinstance(shape, str) or shape not in SHAPES:
        raise ck.fail(f"{where}: shape must be one of {list(SHAPES)}, got {shape!r}", "shape", at)
    allowed = {**_NOM_COMMON, **_NOM_KEYS[shape]}
    ck.keys(n, allowed, f"{where} (shape {shape!r})", at, note=f" for shape {shape!r}")
    kw = {k: (tuple(v) if isinstance(v, list) else v) for k, v in n.items()}
    if "wave" in kw:
        kw["wave"] = _block_wave(ck, kw["wave"], where, at)
    for k in ("attributes", "labels", "targets"):
        if k in kw:
            kw[k] = MappingProxyType(
                {
                    a: MappingProxyType(dict(v)) if isinstance(v, dict) else v
                    for a, v in kw[k].items()
                }
            )
    if "symmetrize" in kw:
        ck.choice(kw["symmetrize"], SYMMETRIZE, f"{where} symmetrize", "symmetrize", at)
        if kw.get("directed", True):
            raise ck.fail(
                f"{where}: symmetrize applies to an undirected relation; add directed = false",
                "symmetrize",
                at,
            )
    spec = NominationSpec(**kw, index=i)
    if spec.target_by not in _TARGET_BY:
        raise ck.fail(
            f"{where}: target_by is {spec.target_by!r}; expected one of {list(_TARGET_BY)}",
            "target_by",
            at,
        )
    if shape in ("slots", "matrix"):
        if shape == "slots" and bool(spec.columns) == bool(spec.pattern):
            raise ck.fail(
                f'{where}: give columns = [...] or pattern = "..." (not both)', "columns", at
            )
        if shape == "matrix" and not (spec.columns or spec.pattern or spec.targets):
            raise ck.fail(
                f'{where}: give columns = [...], pattern = "..." or targets = {{...}}',
                "columns",
                at,
            )
        if spec.pattern:
            refs.regex(spec.pattern, where, at)
    if shape == "matrix":
        _check_matrix(ck, spec, where, at, survey, refs)
    if shape in ("slots", "multiselect"):
        refs.topic(spec.topic, where, at)
    if shape == "multiselect" and not spec.column:
        raise ck.fail(f'{where}: shape "multiselect" needs column = "..."', "column", at)
    if shape == "edgelist":
        _check_edgelist(ck, spec, where, at, refs)
    if shape in ("slots", "edgelist"):
        _check_attributes(ck, spec, where, at, refs)
    return spec


def _check_edgelist(ck: _Checker, spec: NominationSpec, where: str, at, refs: _Refs) -> None:
    """Return the checks of a ``shape = "edgelist"`` block: its target column and topic."""
    if not spec.target:
        raise ck.fail(
            f'{where}: shape "edgelist" needs target = "..." (the column of the person named)',
            "target",
            at,
        )
    if bool(spec.topic) == bool(spec.topic_column):
        raise ck.fail(f'{where}: give topic = "..." or topic_column = "..."', "topic", at)
    if spec.topic:
        refs.topic(spec.topic, where, at)


#: Tie columns leerlib fills itself: a tie attribute may not take their names.
_RESERVED_ATTRIBUTES = frozenset(
    {
        "source",
        "target",
        "topic",
        "wave",
        "weight",
        "raw_name",
        "match",
        "match_score",
        "directed",
        "network",
    }
)


def _check_attributes(ck: _Checker, spec: NominationSpec, where: str, at, refs: _Refs) -> None:
    """Return the tie attributes of a slots or edgelist block, and its weight (one of them, with a scale)."""
    if spec.weight:
        if spec.weight not in spec.attributes:
            raise ck.fail(
                f"{where}: weight {spec.weight!r} is not one of its attributes {sorted(spec.attributes)}",
                "weight",
                at,
            )
        refs.scale(spec.weight, where, at)
    for attr, tmpl in spec.attributes.items():
        if attr in _RESERVED_ATTRIBUTES:
            raise ck.fail(
                f"{where}: attribute name {attr!r} is a column leerlib writes itself; "
                "choose another name",
                attr,
                at,
            )
        per_slot = not isinstance(tmpl, str)
        if (not per_slot and not tmpl.strip()) or (
            per_slot and not all(c.strip() for c in tmpl.values())
        ):
            raise ck.fail(f"{where}: attribute {attr!r} names no column", attr)
        if per_slot and not tmpl:
            raise ck.fail(f"{where}: attribute {attr!r} maps no slot column to a column", attr)
        if spec.shape == "slots" and not per_slot and len(spec.columns) > 1:
            check_fixed_attribute(attr, tmpl, len(spec.columns), where, ck.file)
        if per_slot and spec.columns:
            extra = [c for c in tmpl if c not in spec.columns]
            absent = [c for c in spec.columns if c not in tmpl]
            if extra or absent:
                raise ck.fail(
                    f"{where}: attribute {attr!r} must map each slot column to its own column; "
                    + (
                        f"not slot columns: {extra}"
                        if extra
                        else f"no column for the slot(s) {absent}"
                    ),
                    attr,
                    at,
                )


def check_fixed_attribute(attr: str, column: str, n_slots: int, where: str, file: str) -> None:
    """Refuse a fixed attribute column (no ``{column}``) on a block of several slots.

    It would copy one slot's answer onto every slot's tie.
    """
    if n_slots > 1 and "{column}" not in column:
        raise CodebookError(
            f"{where}: attributes key {attr!r} = {column!r} is one column for {n_slots} slots "
            "(it would give every slot's tie the same answer); write a template with {column} "
            f'(e.g. "{{column}}_{attr}") or a table per slot: {attr} = {{ slot1 = "...", slot2 = "..." }}',
            file=file,
        )


def _check_matrix(
    ck: _Checker, spec: NominationSpec, where: str, at, survey: SurveySpec, refs: _Refs
) -> None:
    """Return the checks of a ``shape = "matrix"`` block: its cell kind, scale or labels, header row."""
    ck.choice(spec.cell, _CELLS, f"{where} cell", "cell", at)
    if spec.cell == "scale":
        if not spec.scale:
            raise ck.fail(f'{where}: cell = "scale" needs scale = "..."', "cell", at)
        refs.scale(spec.scale, where, at)
    if spec.cell == "labels":
        if not spec.labels:
            raise ck.fail(
                f'{where}: cell = "labels" needs labels = {{ Label = "topic" }}', "cell", at
            )
        for label, key in spec.labels.items():
            refs.topic(key, f"{where} labels {label!r}", at)
    else:
        refs.topic(spec.topic, where, at)
    if spec.header_row < 1 or spec.header_row > survey.header_rows:
        raise ck.fail(
            f"{where}: header_row {spec.header_row} is outside the {survey.header_rows} header row(s)",
            "header_row",
        )


def _parse_value(ck: _Checker, data: dict, refs: _Refs) -> tuple[ValueItem, ...]:
    """Return the ``[[value]]`` array."""
    vl = data.get("value", [])
    if not isinstance(vl, list):
        raise ck.fail("value must be an array of tables: [[value]]", "value")
    values = []
    for i, v in enumerate(vl, 1):
        where = f"[[value]] #{i}"
        at = ("[[value]]", i)
        v = ck.table(v, where)
        ck.keys(v, _VALUE_KEYS, where, at)
        if not v.get("column") or not v.get("cycle"):
            raise ck.fail(f'{where} needs column = "..." and cycle = "..."', "value", at)
        ck.choice(v["cycle"], CYCLES, f"{where} cycle", "cycle", at)
        if v.get("scale"):
            refs.scale(v["scale"], where, at)
        if "wave" in v:
            v = {**v, "wave": _block_wave(ck, v["wave"], where, at)}
        values.append(ValueItem(**v))
    return tuple(values)
