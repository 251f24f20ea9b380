"""Which columns and texts are personal: names, contact data, raw typed text, free text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from leerlib import schema

__all__ = ["ID_COLUMNS", "REDACTED", "personal_columns"]

#: Columns that hold a person id and are replaced by a pseudonym wherever they occur.
ID_COLUMNS = ("person_id", "source", "target", "node", "ego", "alter", "respondent_id", "target_id")

#: What a redacted text cell reads after pseudonymisation.
REDACTED = "[redacted]"

# Words in a column name that mark the column as personal (names, contact data,
# raw typed text, free text). A column name is split into words at "_", "-",
# spaces, digits and camelCase boundaries; one matching word is enough.
_PERSONAL_WORDS = frozenset(
    """name names naam namen fullname firstname lastname voornaam voornamen achternaam
    roepnaam tussenvoegsel infix initials voorletters email emails mail emailadres mailadres
    phone telephone telefoon telefoonnummer mobile mobiel address adres ipaddress ip
    latitude longitude birth birthdate geboorte geboortedatum bsn raw comment comments
    opmerking opmerkingen toelichting text tekst freetext note notes notitie notities
    reference story stories verhaal verhalen""".split()
)
# Node attributes of a graph that carry a display text (a map's label or tooltip).
_GRAPH_LABEL_WORDS = frozenset({"label", "title"})
# Contract columns: their meaning is known, so their values are never sniffed.
_CONTRACT_COLUMNS = frozenset().union(
    schema.PEOPLE_COLUMNS,
    schema.TIES_COLUMNS,
    schema.RESPONSES_COLUMNS,
    schema.VALUE_COLUMNS,
    schema.LOG_COLUMNS,
    ("submitted_at", "responded", "n_topics", "topics"),
)
_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_FREE_TEXT_WORDS = 8  # a value with more words than this is treated as free text
_MIN_SCRUB_LEN = 3  # shorter texts are not scrubbed out of other text (too many false hits)


def _words(column: Any) -> set[str]:
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", str(column))
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", text)
    return {w for w in re.split(r"[^A-Za-z]+", text.lower()) if w}


# A "word" for matching names inside text: letters and digits, joined by . ' ’ @ or -
# (so an e-mail address, "O'Brien" or "P0001" is one word); "_" and spaces separate words.
_TOKEN_RE = re.compile(r"[^\W_]+(?:[.'\u2019@-][^\W_]+)*")


class _Matcher:
    """Finds known texts (names, e-mail addresses, ids) inside other text, word by word.

    A dictionary of word sequences instead of one regular expression with thousands of
    alternatives: the cost grows with the length of the text, not with the number of people.
    """

    def __init__(self, texts: Mapping[str, str]):
        self.table: dict[tuple[str, ...], str] = {}
        for text, repl in texts.items():
            t = str(text).strip()
            words = tuple(m.group(0).casefold() for m in _TOKEN_RE.finditer(t))
            if len(t) >= _MIN_SCRUB_LEN and words:
                self.table.setdefault(words, repl)
        self.longest = max((len(k) for k in self.table), default=0)

    def __bool__(self) -> bool:
        return bool(self.table)

    def _hits(self, text: str):
        spans = [(m.start(), m.end(), m.group(0).casefold()) for m in _TOKEN_RE.finditer(text)]
        i = 0
        while i < len(spans):
            for n in range(min(self.longest, len(spans) - i), 0, -1):
                key = tuple(w for _, _, w in spans[i : i + n])
                if key in self.table:
                    yield spans[i][0], spans[i + n - 1][1], self.table[key]
                    i += n
                    break
            else:
                i += 1

    def search(self, text: str) -> bool:
        return next(self._hits(text), None) is not None

    def sub(self, text: str) -> str:
        out, last = [], 0
        for start, end, repl in self._hits(text):
            out.append(text[last:start])
            out.append(repl)
            last = end
        out.append(text[last:])
        return "".join(out)


def _scrubber(texts: Mapping[str, str]) -> _Matcher | None:
    """Return a matcher for every text worth scrubbing (None if there is none)."""
    matcher = _Matcher(texts)
    return matcher if matcher else None


def _scrub(value: Any, matcher: _Matcher | None) -> Any:
    if not isinstance(value, str) or matcher is None:
        return value
    return matcher.sub(value)


def _looks_personal(values: Iterable[Any], pattern: _Matcher | None) -> bool:
    """Return True if text values hold e-mail addresses, known names or free text."""
    texts: set[str] = set()
    for v in values:
        items = v if isinstance(v, list | tuple | set) else [v]
        texts.update(x for x in items if isinstance(x, str) and x.strip())
    for v in texts:
        if _EMAIL_RE.search(v) or len(v.split()) > _FREE_TEXT_WORDS:
            return True
        if pattern is not None and pattern.search(v):
            return True
    return False


def personal_columns(
    table: pd.DataFrame,
    *,
    known: Iterable[str] = (),
    drop: Iterable[str] = (),
    keep: Iterable[str] = (),
    graph: bool = False,
) -> list[str]:
    """Return the columns of ``table`` that pseudonymisation removes.

    A column is personal if a word of its name marks names, contact data, raw
    typed text or free text (``name``, ``naam``, ``email``, ``raw_name``,
    ``opmerking``, ``Q7_TEXT``, ...), or if it is not a data-contract column and
    one of its text values contains an e-mail address, one of the ``known``
    texts (names) or more than eight words.

    Parameters
    ----------
    table : DataFrame
    known : iterable of str
        Names and other texts that identify people.
    drop : iterable of str
        Columns to treat as personal in any case.
    keep : iterable of str
        Columns to keep in any case (overrides everything else).
    graph : bool, default False
        Also treat ``label`` and ``title`` as personal (map labels and tooltips).

    Returns
    -------
    list of str

    Examples
    --------
    >>> df = pd.DataFrame({"person_id": ["a"], "naam": ["An de Wit"], "RecipientEmail": ["an@school.nl"],
    ...                    "team": ["Bovenbouw"], "manager": ["An de Wit"], "Q7_TEXT": ["ok"]})
    >>> personal_columns(df, known=["An de Wit"])
    ['naam', 'RecipientEmail', 'manager', 'Q7_TEXT']
    """
    keep, drop = set(keep), set(drop)
    pattern = _scrubber({k: "" for k in known})
    words = _PERSONAL_WORDS | (_GRAPH_LABEL_WORDS if graph else frozenset())
    out = []
    for col in table.columns:
        if col in keep or col in ID_COLUMNS:
            continue
        if col in drop or _words(col) & words:
            out.append(col)
        elif col not in _CONTRACT_COLUMNS and not pd.api.types.is_numeric_dtype(table[col]):
            if _looks_personal(table[col].tolist(), pattern):
                out.append(col)
    return out


def _file_name(value: Any) -> Any:
    if isinstance(value, str) and ("/" in value or "\\" in value):
        return value.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return value


def _safe_meta(meta: Mapping[str, Any], pattern: _Matcher | None) -> tuple[dict, list[str]]:
    """Keep plain values (nested dicts of scalars and lists of scalars) that look impersonal."""
    scalar = (str, int, float, bool, type(None))
    kept, dropped = {}, []
    for k, v in meta.items():
        if _words(k) & _PERSONAL_WORDS:
            dropped.append(str(k))
        elif isinstance(v, Mapping):
            sub, sub_dropped = _safe_meta(v, pattern)
            kept[k] = sub
            dropped.extend(f"{k}.{d}" for d in sub_dropped)
        else:
            items = v if isinstance(v, list | tuple) else [v]
            if all(isinstance(x, scalar) for x in items) and not _looks_personal(items, pattern):
                # a path keeps its file name only: folders often carry a user's name
                kept[k] = (
                    [_file_name(x) for x in v] if isinstance(v, list | tuple) else _file_name(v)
                )
            else:
                dropped.append(str(k))
    return kept, dropped
