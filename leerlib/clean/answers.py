"""Read a typed answer around the name: e-mail wrappers, list debris, mojibake, outside context."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from leerlib.clean.names import fold

__all__ = ["Answer", "OUTSIDE_MARKERS", "name_forms", "read_answer", "repair_mojibake"]

#: Folded phrases that put the person outside the organisation, whatever the roster holds.
OUTSIDE_MARKERS = (
    "ggd",
    "pabo",
    "oud-collega",
    "oud collega",
    "oudcollega",
    "ex-collega",
    "ex collega",
    "excollega",
    "andere school",
    "vorige school",
    "vorig werk",
    "met pensioen",
    "gepensioneerd",
    "voormalig",
    "oud-directeur",
    "oud directeur",
    "buiten school",
    "andere stichting",
    "samenwerkingsverband",
    "jeugdzorg",
    "wijkteam",
    "schoolarts",
    "logopedist",
    "extern",
    "externe",
    "mijn moeder",
    "mijn vader",
    "mijn partner",
    "mijn man",
    "mijn vrouw",
    "mijn zus",
    "mijn broer",
    "buurman",
    "buurvrouw",
    "vriendin",
    "gemeente",
    "bibliotheek",
    "bieb",
    "hogeschool",
    "universiteit",
    "vertrokken",
    "werkt niet meer",
    "swv",
    "thuis",
)
_OUTSIDE = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(m) for m in OUTSIDE_MARKERS) + r")(?![\w-])"
)

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_MAILTO = re.compile(r"(?i)mailto:\s*")
_LIST_MARKER = re.compile(r"^\s*(?:\d{1,2}\s*[.)]\s*|[-*•·–—>+]+\s*)(?=\D)")
_BRACKETS = re.compile(r"\(([^()]*)\)?|\[([^\[\]]*)\]?")
_EDGE = re.compile(r"^[\s,.;:!?@#<>\"'`]+|[\s,;:!?@#<>\"'`]+$|(?<=\w\w)\.+$")
# signs of UTF-8 read as cp1252 inside a name: "Ã«" for "ë", "Ä±" for "ı", "Åž" for "ş"
_MOJIBAKE = re.compile(
    r"[ÃÄÅÂâð][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    r"\u02c6\u02dc\u2013-\u2122]+"
)
_LOWER_MOJIBAKE = re.compile(r"([ãäå])([\x80-\xbf\u0153\u0161\u017e\u2013-\u2122])")
# what is left of an emoji read as cp1252 when a byte had no cp1252 character ("ðŸ‘�")
_BROKEN_EMOJI = re.compile(r"ðŸ\S{0,2}|\ufffd")
# an answer of letters, spaces, hyphens and apostrophes, without the lead letters of mojibake
_PLAIN = re.compile(r"(?:(?![ÃÄÅÂâð])[^\W\d_])+(?:[ '\u2019-](?:(?![ÃÄÅÂâð])[^\W\d_])+)*")
# a token with no letter or digit ("*", "•", "--"), or a list number ("1.", "2)") in the text
_DEBRIS_TOKEN = re.compile(r"^(?:[^\w]+|_+|\d{1,2}[.)])$")


@dataclass(frozen=True)
class Answer:
    """What a typed answer holds besides the name.

    Attributes
    ----------
    text : str
        The name part, without wrappers, list markers, emoji and bracketed remarks.
    email : str
        An e-mail address found in the answer ("" if none).
    outside : str
        The outside-context phrase found ("" if none).
    remarks : tuple of str
        Texts in brackets or after a comma that are not part of the name (topics, qualifiers).
    """

    text: str
    email: str = ""
    outside: str = ""
    remarks: tuple[str, ...] = ()


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252 inside a text, where the repair decodes cleanly.

    Examples
    --------
    >>> repair_mojibake("NoÃ«l YÄ±lmaz"), repair_mojibake("Noël"), repair_mojibake("Ã…Å¾en")
    ('Noël Yılmaz', 'Noël', 'Şen')
    """
    if _LOWER_MOJIBAKE.search(text):  # mojibake that was lower-cased afterwards ("renã©")
        text = _LOWER_MOJIBAKE.sub(lambda m: m.group(1).upper() + m.group(2), text)
    for _ in range(3):  # read wrongly twice ("Ã…Å¾en" for "Şen") is repaired twice
        if not _MOJIBAKE.search(text):
            return text
        repaired = _repair_once(text)
        if repaired == text:
            return text
        text = repaired
    return text


def _repair_once(text: str) -> str:
    try:
        return text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        pass

    def one(m):  # piecewise: a run of two or three suspicious characters
        try:
            return m.group(0).encode("cp1252").decode("utf-8")
        except UnicodeError:
            return m.group(0)

    return _MOJIBAKE.sub(one, text)


def _no_symbols(text: str) -> str:
    """Drop emoji and other symbols (Unicode categories S* and C*, except white space)."""
    if text.isascii():
        return text
    keep = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat[0] in "SC" and not ch.isspace():
            keep.append(" ")
        else:
            keep.append(ch)
    return "".join(keep)


def read_answer(text: str) -> Answer:
    """Split a typed answer into the name and what surrounds it.

    Parameters
    ----------
    text : str
        The answer as typed.

    Returns
    -------
    Answer

    Examples
    --------
    >>> read_answer("1. Noor Visser (rekenen) 👍")
    Answer(text='Noor Visser', email='', outside='', remarks=('rekenen',))
    >>> read_answer("Noor Visser <noor.visser@school.nl>").email
    'noor.visser@school.nl'
    >>> read_answer("mijn oud-collega Noor").outside
    'oud-collega'
    """
    s = " ".join(str(text).split())
    if _PLAIN.fullmatch(s):  # letters, spaces, hyphens and apostrophes: only context to find
        outside = _OUTSIDE.search(s.casefold() if s.isascii() else fold(s))
        return Answer(s, "", outside.group(0) if outside else "")
    s = repair_mojibake(s)
    email = ""
    found = _EMAIL.search(s)
    if found:
        email = found.group(0).strip(".'")
        s = _MAILTO.sub(" ", s[: found.start()] + " " + s[found.end() :])
        s = s.replace("<", " ").replace(">", " ")
    folded = fold(s)
    outside = _OUTSIDE.search(folded)
    s = _no_symbols(_BROKEN_EMOJI.sub(" ", s))
    remarks = []

    def keep(m):
        remarks.append((m.group(1) or m.group(2) or "").strip())
        return " "

    s = _BRACKETS.sub(keep, s)
    s = re.sub(r"[!?;]+", " ", s)
    s = _LIST_MARKER.sub("", s)
    s = " ".join(t for t in s.split() if not _DEBRIS_TOKEN.match(t) or t in ("-", ","))
    for _ in range(3):
        s = _EDGE.sub("", s)
    return Answer(
        " ".join(s.split()),
        email,
        outside.group(0) if outside else "",
        tuple(r for r in remarks if r),
    )


@lru_cache(maxsize=1)
def _shipped_forms() -> tuple[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]], ...]:
    with resources.files("leerlib.clean").joinpath("first_names.csv").open(encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return tuple(
            (
                tuple(fold(x) for x in row["formal"].split("/") if x),
                tuple(
                    tuple(fold(x) for x in s.split("/") if x)
                    for s in (row["short"] or "").split("|")
                    if s
                ),
            )
            for row in rows
        )


def name_forms(extra=None) -> dict[str, frozenset[str]]:
    """First-name forms: typed form -> the roster forms it may stand for.

    The shipped table (``leerlib/clean/first_names.csv``) plus ``extra``, an iterable of
    groups, each an iterable of names with the formal name first and short forms after it
    ("/" between spellings of one form, as in the shipped table: ``["Mohamed/Mohammed",
    "Mo"]``).
    A short form stands for the formal name and for its own spellings; the formal name stands
    only for its own spellings (a staff list that says "Daan" does not say "Daniel"); two
    different short forms never stand for each other (Hans is not Jan).

    Examples
    --------
    >>> forms = name_forms()
    >>> sorted(forms["kees"]), sorted(forms["cornelis"])
    (['cees', 'cornelis', 'kees'], ['cornelis'])
    >>> sorted(forms["hans"])
    ['hans', 'johannes']
    >>> sorted(name_forms([["Roberta", "Bo"]])["bo"])
    ['bo', 'roberta']
    >>> sorted(name_forms([["Wilhelmina/Wilhelmine", "Mien/Mientje"]])["mientje"])
    ['mien', 'mientje', 'wilhelmina', 'wilhelmine']
    """
    rows = list(_shipped_forms())
    for group in extra or ():
        group = [
            tuple(fold(s).replace("-", "") for s in str(x).split("/") if s.strip()) for x in group
        ]
        group = [g for g in group if g]
        if group:
            rows.append((group[0], tuple(group[1:])))
    out: dict[str, set[str]] = {}

    def add(forms, targets):
        for form in forms:
            out.setdefault(form.replace("ij", "y"), set()).update(
                t.replace("ij", "y") for t in targets
            )

    for formal, shorts in rows:
        add(formal, formal)
        for short in shorts:
            add(short, short + formal)
    return {k: frozenset(v) for k, v in out.items()}
