"""Match typed names to a roster: id, e-mail, exact, alias, normalised, then careful fuzzy."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import pandas as pd

from leerlib.clean.answers import read_answer
from leerlib.clean.index import RosterIndex, canon_run, runs_agree
from leerlib.clean.names import (
    PARTICLES,
    TITLES,
    ParsedName,
    _is_particle,
    _key,
    fold,
    is_blank,
    parse_name,
)
from leerlib.schema import MATCH_METHODS

__all__ = [
    "THRESHOLD",
    "MARGIN",
    "MATCH_NAMES_METHODS",
    "FOUND_METHODS",
    "context_choice",
    "format_candidates",
    "match_names",
]

#: Lowest fuzzy score (rapidfuzz ``fuzz.ratio``, 0-100) accepted as a match.
#: Chosen on the labelled set in tests/data; see docs/matching.md.
THRESHOLD = 86.0
#: A fuzzy best candidate must beat the runner-up (another person) by this many points.
MARGIN = 5.0
#: A fuzzy match must also have first given names this similar ("Jos" is not "Joost").
GIVEN_FLOOR = 80.0
#: At most this many candidates are listed for an ambiguous name (best first).
MAX_CANDIDATES = 10
#: Candidates scoring below this are not worth showing to a reviewer.
REVIEW_FLOOR = 70.0

#: The ``method`` values of :func:`match_names` (the found ones, in the order a tie's
#: ``match`` lists them in :data:`leerlib.schema.MATCH_METHODS`, then the others).
MATCH_NAMES_METHODS = (
    *(m for m in MATCH_METHODS if m != "external"),
    "ambiguous",
    "external",
    "unknown",
    "empty",
)
#: The methods that make a typed name a roster person.
FOUND_METHODS = frozenset(MATCH_NAMES_METHODS[: MATCH_NAMES_METHODS.index("ambiguous")])


# parse each distinct text once, however many readings look at it
_parse = lru_cache(maxsize=1 << 16)(parse_name)


def _ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return float(fuzz.ratio(a, b))


def _result(ix: RosterIndex, method: str, idx: list[int], p: ParsedName | None, score=100.0):
    """Build (person_id, method, score, candidates) from candidate roster positions.

    Ambiguous candidates are scored by how well the whole name fits (``p`` given) or, for
    exact hits (``p`` None), 100.
    """
    idx = sorted(set(idx))
    if method == "ambiguous":
        if p is None:  # exact hits: all score 100, list the first few by person_id
            cands = sorted((ix.ids[i], 100.0) for i in idx)[:MAX_CANDIDATES]
            return "", "ambiguous", 100.0, cands
        if len(idx) > MAX_CANDIDATES:
            from rapidfuzz import fuzz, process

            sc = process.cdist([p.full], [ix.parsed[i].full for i in idx], scorer=fuzz.ratio)[0]
        else:
            sc = [_ratio(p.full, ix.parsed[i].full) for i in idx]
        cands = sorted(
            ((ix.ids[i], round(float(v), 1)) for i, v in zip(idx, sc, strict=True)),
            key=lambda c: (-c[1], c[0]),
        )
        return "", "ambiguous", cands[0][1], cands[:MAX_CANDIDATES]
    return ix.ids[idx[0]], method, float(score), [(ix.ids[idx[0]], float(score))]


def _decide(ix: RosterIndex, method: str, idx: list[int], p: ParsedName | None):
    if len(set(idx)) == 1:
        return _result(ix, method, idx, p)
    return _result(ix, "ambiguous", idx, p)


def _match_one(ix: RosterIndex, name):
    """Deterministic stages for one distinct name; a ParsedName back means 'try fuzzy'."""
    if is_blank(name):
        return "", "empty", 0.0, []
    s = " ".join(str(name).split())
    hit = ix.by_id.get(s.casefold())
    if hit:
        return _decide(ix, "id", hit, None)
    if "@" in s:
        hit = ix.by_email.get(s.casefold())
        if hit:
            return _decide(ix, "email", hit, None)
        return "", "unknown", 0.0, []
    hit = ix.by_exact.get(s)
    if hit:
        return _decide(ix, "exact", hit, _parse(s))
    folded = fold(s)
    pids = ix.alias.get(folded)
    if not pids and folded in ix.by_fold:
        i = ix.by_fold[folded]
        return ix.ids[i], "normalized", 100.0, [(ix.ids[i], 100.0)]
    p = _parse(s)
    if not p.last:
        return "", "unknown", 0.0, []
    pids = pids or ix.alias.get(p.full)
    if pids:
        if len(pids) == 1:
            pid = next(iter(pids))
            return pid, "alias", 100.0, [(pid, 100.0)]
        return "", "ambiguous", 100.0, sorted((pid, 100.0) for pid in pids)

    def compatible(cands):
        return [i for i in cands if p.particles_compatible(ix.parsed[i])]

    last = " ".join(p.last)
    if not p.given:
        # one word, or a surname with particles only: never enough to pick a person
        cands = compatible(ix.by_last.get(last, []))
        if not p.infix and len(p.last) == 1:
            cands += ix.by_given.get(p.last[0], [])
        if cands:
            return _result(ix, "ambiguous", cands, None)  # the word itself fits exactly
        return "", "unknown", 0.0, []
    if p.initials:
        letters = p.initial_letters
        cands = [
            i
            for i in ix.by_last.get(last, [])
            if ix.initials[i].startswith(letters) and p.particles_compatible(ix.parsed[i])
        ]
        if cands:
            return _decide(ix, "normalized", cands, p)
        return "", "unknown", 0.0, []
    keys = [(ix.by_full, p.full), (ix.by_core, p.core)]
    if len(p.given) == 1:
        # "Jan Berg" for "Jan Pieter van den Berg"; never the other way round
        keys.append((ix.by_first, p.first))
    for table, key in keys:
        cands = compatible(table.get(key, []))
        if cands:
            return _decide(ix, "normalized", cands, p)
    if len(p.given) == 1 and not p.infix and len(p.last) == 1:
        # surname typed first without a comma: "Duck Donald"
        cands = ix.by_core.get(f"{p.last[0]} {p.given[0]}", [])
        if cands:
            return _decide(ix, "normalized", cands, p)
    return p


_CONNECTORS = frozenset({"van", "uit", "de", "het", "bij", "op", "in", "der", "den", ","})
_INITIAL = re.compile(r"^(?:(v\.?\s?d\.?|v\.?)\s*)?([^\W\d_])\.?$")


def _is_initial(token: str) -> bool:
    m = _INITIAL.match(token)
    return bool(m) and (
        m.group(2).isupper() or token.endswith(".") or m.group(2) not in PARTICLES | {"v"}
    )


def _qual_key(token: str) -> str:
    t = fold(token).strip(",.;:()")
    return re.sub(r"['\u2019-]?er$", "", t) if t.endswith("er") and len(t) <= 6 else t


def _qualifiers(ix: RosterIndex, text: str, remarks):
    """Take roster-column qualifiers out of an answer: (name text, positions or None, role)."""
    if not ix.quals:
        return text, None, False
    within, role = None, False

    def take(col, positions):
        nonlocal within, role
        within = set(positions) if within is None else within & positions
        role = role or col == "role"

    for r in remarks:
        for piece in r.split(","):
            hit = ix.quals.get(" ".join(_qual_key(t) for t in piece.split()))
            if hit:
                take(*hit)
    typed = fold(text).replace(",", " ").split()
    if not remarks and ix.qual_words.isdisjoint(typed + [w.strip(".:;") for w in typed]):
        return text, None, False
    toks = text.replace(",", " , ").split()
    keys = [_qual_key(t) for t in toks]
    keep = [True] * len(toks)
    k = 0
    while k < len(toks):
        for n in (3, 2, 1):
            phrase = " ".join(keys[k : k + n])
            if (
                k + n <= len(toks)
                and phrase in ix.quals
                and (len(toks) > n or within is None)
                and (n > 1 or _inline_qualifier(ix, toks, keys, k))
            ):
                take(*ix.quals[phrase])
                keep[k : k + n] = [False] * n
                j = k - 1
                while j >= 0 and keep[j] and keys[j] in _CONNECTORS | {""}:
                    keep[j] = False
                    j -= 1
                k += n - 1
                break
        k += 1
    name = " ".join(t for t, kept in zip(toks, keep, strict=True) if kept).strip(" ,")
    return " ".join(name.split()), within, role


def _inline_qualifier(ix: RosterIndex, toks, keys, k: int) -> bool:
    """Return a one-word qualifier in the running text.

    Never an initial ("A."), and a word that is also a roster name only after a connector ("Noor
    van Roos", not "Anne Roos").
    """
    if len(keys[k]) < 2 or (len(toks[k].strip(".")) == 1):
        return False
    if keys[k] in ix.by_word or keys[k].replace("ij", "y") in ix.by_word:
        return k > 0 and keys[k - 1] in _CONNECTORS
    return True


def _runs_fit(ix: RosterIndex, i: int, pairs, loose: bool) -> bool:
    """Every typed (particle run, core) is a surname part of roster person ``i``.

    ``loose`` lets a part typed without its particles fit ("Jan Berg" for Jan van den Berg).
    """
    runs = ix.particles[i]
    for run, core in pairs:
        if core not in runs:
            return False
        if not runs_agree(run, runs[core]) and (run or not loose):
            return False
    return True


def _pairs(rest) -> list[tuple[tuple, str]]:
    """Typed surname words as (particle run, core) pairs, in order."""
    out, run = [], []
    for t in rest:
        if _is_particle(t):
            run.append(t)
        else:
            out.append((canon_run(run), _key(t)))
            run = []
    if run and out and not out[-1][0]:  # "Berg van den": particles after the surname
        out[-1] = (canon_run(run), out[-1][1])
    return out


def _given_forms(ix: RosterIndex, g: str) -> list[tuple[str, bool]]:
    return [(g, True)] + [(f, False) for f in ix.forms.get(g, ()) if f != g]


def _by_parts(ix: RosterIndex, words: list[str]) -> dict[int, str]:
    """Read 'first name, then surname parts'.

    {position: method}, the method saying what the reading needed (see :func:`_parts_method`).
    """
    out: dict[int, str] = {}
    typed_hyphen = "-" in words[0]
    words = words[:1] + [t for w in words[1:] for t in w.split("-") if t]
    splits = [(words[0], words[1:], False)]
    if len(words) >= 3:
        splits.append((words[0] + words[1], words[2:], True))
    strict: dict[int, str] = {}
    for first, rest, spaced in splits:
        g = _key(first.replace("-", ""))
        pairs = _pairs(rest)
        if not pairs or len(g) < 2:
            continue
        for f, as_written in _given_forms(ix, g):
            for i in ix.by_gcore.get((f, pairs[0][1]), ()):
                if _runs_fit(ix, i, pairs, loose=True):
                    m = _parts_method(ix, i, pairs, as_written, spaced or not typed_hyphen)
                    out[i] = _better(out.get(i), m)
                    if _runs_fit(ix, i, pairs, loose=False):
                        strict[i] = out[i]
        for i in ix.person_forms.get(g, ()):  # a first name the alias table gave one person
            if pairs[0][1] in ix.cores[i] and _runs_fit(ix, i, pairs, loose=True):
                out[i] = _better(out.get(i), "alias")
                if _runs_fit(ix, i, pairs, loose=False):
                    strict[i] = out[i]
    # a part typed without its particles is read that way only when nobody fits as typed
    return strict or out


def _parts_method(ix: RosterIndex, i: int, pairs, as_written: bool, unhyphenated: bool) -> str:
    """Return what a first-name-and-surname-parts reading of person ``i`` needed.

    A form from the name-variant table (``variant``), one part or the swapped order of a married
    double name (``double_name``), a hyphenated first name typed spaced or joined
    (``hyphenated``), or nothing more than normalising (``normalized``).
    """
    if not as_written:
        return "variant"
    cores = list(ix.particles[i])
    if len(cores) > 1 and [c for _, c in pairs] != cores:
        return "double_name"
    if unhyphenated and _hyphen_first(ix, i):
        return "hyphenated"
    return "normalized"


def _hyphen_first(ix: RosterIndex, i: int) -> bool:
    """Roster person ``i`` has a hyphenated first name (Anne-Fleur)."""
    given = ix.parsed[i].given
    return bool(given) and ix.gkey[i] != given[0]


def _better(old: str | None, new: str) -> str:
    """Of two methods that found one person, the more literal one (:data:`_RANK`)."""
    return new if old is None else min(old, new, key=_RANK.index)


def _prefix_fits(prefix: str, run: tuple) -> bool:
    """'vd' before a surname initial fits van de/den/der; 'v' fits a run that starts with van."""
    if "d" in prefix:
        return runs_agree(("vd",), run)
    return run[:1] == ("van",)


def _by_initial(ix: RosterIndex, first: str, initial: str):
    """'Noor V', 'Kees vdB': the first name and the first letter of the surname.

    Returns {position: "initials"}, "variant" when the first name was a form of it, "alias"
    when the alias table gave it to that person.
    """
    m = _INITIAL.match(initial)
    g = _key(first.replace("-", ""))
    out: dict[int, str] = {}
    people = [
        (i, "initials" if as_written else "variant")
        for f, as_written in _given_forms(ix, g)
        for i in ix.by_word.get(f, ())
        if ix.gkey[i] == f
    ]
    people += [(i, "alias") for i in ix.person_forms.get(g, ())]  # the alias table's first names
    letter = _key(m.group(2))
    for i, method in people:
        if not any(c.startswith(letter) for c in ix.cores[i]):
            continue
        runs = ix.particles[i]
        if m.group(1) and not any(
            c.startswith(letter) and _prefix_fits(m.group(1), runs[c]) for c in runs
        ):
            continue
        out[i] = _better(out.get(i), method)
    return out


def _one_word(ix: RosterIndex, word: str, particles: tuple, within):
    """Return the one-word rule: exactly one colleague has the word, nobody else is one edit away."""
    has, near = ix.word_near(word, within)
    if particles:
        off = {i for i in has if not _runs_fit(ix, i, [(particles, word)], loose=False)}
        has, near = has - off, near | off
    return has, near


_PLAIN_NAME = re.compile(r"[^\W\d_]+(?:[ '\u2019-][^\W\d_]+)*")


def _title_key(word: str) -> str:
    return (word.casefold() if word.isascii() else fold(word)).rstrip(".")


def _joined_first(ix: RosterIndex, words) -> bool:
    """Two words whose join is a roster first name ("Anne Roos" and Anne-Roos)."""
    if len(words) != 2:
        return False
    joined = _key(words[0] + words[1])
    return any(ix.gkey[i] == joined for i in ix.by_word.get(joined, ()))


def _read_one(ix: RosterIndex, name: str):
    """All readings of one distinct answer; a (ParsedName, positions) back means 'try fuzzy'."""
    if is_blank(name):
        return "", "empty", 0.0, []
    s = " ".join(str(name).split())
    hit = ix.by_id.get(s.casefold())
    if hit:
        return _decide(ix, "id", hit, None)
    hit = ix.by_exact.get(s)
    if hit and not ix.alias and _PLAIN_NAME.fullmatch(s):
        # a roster name as written: exact, unless another reading fits someone else too
        words = s.split()
        others = set(_by_parts(ix, words)) - set(hit)
        if len(hit) == 1 and not others and not _joined_first(ix, words):
            return ix.ids[hit[0]], "exact", 100.0, [(ix.ids[hit[0]], 100.0)]
    ans = read_answer(s)
    if ans.outside:
        return "", "external", 0.0, []
    if ans.email:
        hit = ix.by_email.get(ans.email.casefold())
        if hit:
            return _decide(ix, "email", hit, None)
        return "", "unknown", 0.0, []
    text, within, role = _qualifiers(ix, ans.text, ans.remarks)
    if not text or fold(text) in {"de", "het"}:
        if within and role:
            return _from_set(ix, "qualifier", set(within), set())
        return "", "unknown", 0.0, []
    pids = ix.alias and (ix.alias.get(fold(text)) or ix.alias.get(_parse(text).full))
    if pids:
        if len(pids) == 1:
            pid = next(iter(pids))
            return pid, "alias", 100.0, [(pid, 100.0)]
        return "", "ambiguous", 100.0, sorted((pid, 100.0) for pid in pids)
    if "," in text:  # "Visser, Noor" -> "Noor Visser" for the readings below
        head, _, tail = text.partition(",")
        words = tail.split() + head.split()
    else:
        words = text.split()
    if text.isupper():  # shouted: words are lower case, lone letters stay initials
        words = [w.lower() if len(w.strip("'.")) > 1 or w[:1] in "'\u2019" else w for w in words]
    words = [w.strip("'\u2019") for w in words]
    untitled = [w for w in words if w and _title_key(w) not in TITLES]
    titled = bool(untitled) and len(untitled) < len([w for w in words if w])
    words = untitled or words
    if len(words) >= 3 and _is_initial("".join(words[1:])):  # "Noor v.d. B."
        words = [words[0], "".join(words[1:])]

    def particle(w):  # "vD", "vdB": a surname initial, not the particle vd
        return _is_particle(w) and not (w[-1].isupper() and _is_initial(w))

    core = [w for w in words if not particle(w)]
    parts = canon_run(w for w in words if particle(w))
    if len(core) == 1 and (len(words) == 1 or parts):
        word = _key(core[0].replace("-", ""))
        has, near = _one_word(ix, word, parts, within)
        method = "qualifier" if within is not None else "one_word"
        if has and has <= ix.person_forms.get(word, set()) and word not in ix.by_word:
            method = "alias"  # a first name the alias table gave this person alone
        return _from_set(ix, method, has, near)
    found: dict[int, str] = {}
    near: set[int] = set()
    if len(core) == 2 and not parts and "-" not in text:
        joined = _key(core[0] + core[1])
        if any(ix.gkey[i] == joined for i in ix.by_word.get(joined, ())):
            h, n = _one_word(ix, joined, (), within)
            found.update(dict.fromkeys(h, "one_word"))
            near |= n | (h if len(h) > 1 else set())
    if len(words) == 2 and _is_initial(words[1]) and len(words[0]) > 1:
        readings = _by_initial(ix, words[0], words[1])
    else:
        readings = _by_parts(ix, words)
    for i, m in readings.items():
        found[i] = _better(found.get(i), m)
    res = _match_one(ix, text)
    fuzzy_query = None
    if isinstance(res, ParsedName):
        # a close spelling needs a surname: "Jan-Willem W." is not a typo of Jan Willems
        fuzzy_query = res if any(len(t) > 1 for t in res.last) else None
    elif res[1] in ("exact", "normalized", "ambiguous") and (
        res[1] != "ambiguous" or len(core) > 1
    ):
        if res[1] == "ambiguous" and within is not None and len(res[3]) >= MAX_CANDIDATES:
            return _result(ix, "ambiguous", [ix.pos[c[0]] for c in res[3]], None)
        p = _parse(text)
        for pid, _ in res[3]:
            i = ix.pos[pid]
            if _first_compatible(ix, p, i):
                m = "normalized" if res[1] == "ambiguous" else res[1]
                found[i] = _better(found.get(i), m)
    fits = set(found) if within is None else set(found) & within
    close = near if within is None else near & within
    if not fits and not close and fuzzy_query is not None:
        return fuzzy_query, within
    if len(fits) == 1 and not close:
        i = next(iter(fits))
        method = found[i]
        if within is not None and len(set(found) | near) > 1:
            method = "qualifier"
        elif titled and method in ("exact", "normalized"):
            method = "title"
        res = ix.ids[i], method, 100.0, [(ix.ids[i], 100.0)]
        if method == "variant" and fuzzy_query is not None:
            return fuzzy_query, within, res  # a near spelling of another colleague wins over it
        return res
    if fits or close:
        return _result(ix, "ambiguous", sorted(fits | close), _parse(text))
    return "", "unknown", 0.0, []


# when several readings find one person, the log names the most literal one; a reading that
# says what differs (a hyphen, a part of a double name, an initial) before plain normalising
_RANK = (
    "exact",
    "hyphenated",
    "double_name",
    "initials",
    "normalized",
    "alias",
    "variant",
    "one_word",
)


def _first_compatible(ix: RosterIndex, p: ParsedName, i: int) -> bool:
    """Return False when a hyphenated roster first name was typed as only a part of it.

    "Jan Kok" is not "Jan-Peter Kok"; initials are judged elsewhere.
    """
    g = ix.gkey[i]
    r = ix.parsed[i]
    if p.initials or not p.given or not r.given or g == r.given[0]:
        return True
    return "".join(p.given) == g or p.given[0] == g or g in ix.forms.get(p.given[0], ())


def _near_spellings(ix: RosterIndex, q: ParsedName, vid: str, cands, threshold, margin):
    """Return colleagues who spell the typed name nearly as well as the variant match ``vid``.

    That is: a fuzzy score at or above ``threshold`` and within ``margin`` of ``vid``'s own
    score, with a first name of at least ``GIVEN_FLOOR`` similarity (or a form of it).
    """
    from rapidfuzz import fuzz

    own = max(
        _ratio(q.full, ix.parsed[ix.pos[vid]].full), _ratio(q.core, ix.parsed[ix.pos[vid]].core)
    )
    g = q.given[0] if q.given else ""
    out = []
    for pid, score in cands:
        i = ix.pos[pid]
        if pid == vid or score < threshold or score < own - margin:
            continue
        r = ix.parsed[i].given[0] if ix.parsed[i].given else ""
        if (
            g
            and r
            and fuzz.ratio(g, r) >= GIVEN_FLOOR
            and _given_close(g, r)
            and _given_close(g, ix.gkey[i])
        ) or ix.gkey[i] in ix.forms.get(g, ()):
            out.append((pid, score))
    return out


def _from_set(ix: RosterIndex, method: str, has: set, near: set):
    if len(has) == 1 and not near:
        i = next(iter(has))
        return ix.ids[i], method, 100.0, [(ix.ids[i], 100.0)]
    if has | near:
        return _result(ix, "ambiguous", sorted(has | near), None)
    return "", "unknown", 0.0, []


def _fuzzy(ix: RosterIndex, queries: list[ParsedName], threshold: float, margin: float):
    """Score each query against the roster people who share a given-name or surname initial."""
    from rapidfuzz import fuzz, process

    out = [None] * len(queries)
    r_full = np.array([p.full for p in ix.parsed], dtype=object)
    r_core = np.array([p.core for p in ix.parsed], dtype=object)
    # particle runs as small integer codes (0: none) and a table of which runs agree
    codes: dict[tuple, int] = {(): 0}
    r_code = np.array([codes.setdefault(p.infix, len(codes)) for p in ix.parsed], dtype=np.intp)
    compat = _compat_table(codes)
    by_g, by_l = defaultdict(list), defaultdict(list)
    for i, p in enumerate(ix.parsed):
        if p.last:
            by_l[p.last[0][0]].append(i)
            if p.given:
                by_g[p.given[0][0]].append(i)
    groups = defaultdict(list)
    for k, q in enumerate(queries):
        groups[(q.given[0][0], q.last[0][0])].append(k)
    ids = np.array(ix.ids, dtype=object)
    for (g, l0), members in groups.items():
        cols = np.array(sorted(set(by_g.get(g, [])) | set(by_l.get(l0, []))), dtype=np.intp)
        if cols.size == 0:
            for k in members:
                out[k] = ("", "unknown", 0.0, [])
            continue
        qs = [queries[k] for k in members]
        kw = {
            "scorer": fuzz.ratio,
            "score_cutoff": REVIEW_FLOOR,
            "dtype": np.float32,
            "workers": -1,
        }
        scores = process.cdist([q.full for q in qs], list(r_full[cols]), **kw)
        # the name without particles, where it differs from the whole name and the particles
        # agree: for a query without particles only roster names with particles need it
        q_code = np.array([codes.setdefault(q.infix, len(codes)) for q in qs], dtype=np.intp)
        c_code = r_code[cols]
        if len(codes) > len(compat):
            compat = _compat_table(codes)
        plain_q, part_c = q_code == 0, c_code != 0
        if plain_q.any() and part_c.any():
            rows_, cols_ = np.flatnonzero(plain_q), np.flatnonzero(part_c)
            core = process.cdist([qs[i].core for i in rows_], list(r_core[cols[cols_]]), **kw)
            scores[np.ix_(rows_, cols_)] = np.maximum(scores[np.ix_(rows_, cols_)], core)
        if (~plain_q).any():
            rows_ = np.flatnonzero(~plain_q)
            core = process.cdist([qs[i].core for i in rows_], list(r_core[cols]), **kw)
            ok = compat[q_code[rows_][:, None], c_code[None, :]]
            scores[rows_] = np.maximum(scores[rows_], np.where(ok, core, np.float32(0.0)))
        # the best four per query, best first (ties: roster order)
        k_top = min(4, scores.shape[1])
        top = np.argpartition(-scores, k_top - 1, axis=1)[:, :k_top]
        top_scores = np.take_along_axis(scores, top, axis=1)
        order = np.lexsort((top, -top_scores), axis=1)
        top = np.take_along_axis(top, order, axis=1)
        top_scores = np.take_along_axis(top_scores, order, axis=1)
        col_ids = ids[cols]
        for row, k in enumerate(members):
            res = _verdict(col_ids[top[row]], top_scores[row], threshold, margin)
            if res[1] == "fuzzy":
                i = cols[top[row, 0]]
                r, q = ix.parsed[i], queries[k]
                if r.given and (
                    fuzz.ratio(q.given[0], r.given[0]) < GIVEN_FLOOR
                    or fuzz.ratio("".join(q.given), ix.gkey[i]) < GIVEN_FLOOR
                    and fuzz.ratio(q.given[0], ix.gkey[i]) < GIVEN_FLOOR
                    or not _given_close(q.given[0], r.given[0])
                ):
                    res = ("", "unknown", res[2], res[3])  # another given name: another person
            out[k] = res
    return out


def _given_close(a: str, b: str) -> bool:
    """First names a typo apart.

    One edit, two for names of seven letters or more ("Alida" is not "Linda").
    """
    from rapidfuzz.distance import Levenshtein

    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    allowed = 2 if min(len(a), len(b)) >= 7 else 1
    return Levenshtein.distance(a, b, score_cutoff=allowed) <= allowed


def _compat_table(codes: dict) -> np.ndarray:
    """compat[a, b]: particle runs with codes a and b agree (ParsedName.particles_compatible)."""
    runs = sorted(codes, key=codes.get)
    probe = [ParsedName((), run, ("x",)) for run in runs]
    return np.array([[a.particles_compatible(b) for b in probe] for a in probe], dtype=bool)


def _verdict(top_ids: np.ndarray, top_scores: np.ndarray, threshold: float, margin: float):
    """Decide from the best few candidates (sorted, best first)."""
    cands = [
        (str(i), round(float(sc), 1))
        for i, sc in zip(top_ids, top_scores, strict=True)
        if sc >= REVIEW_FLOOR
    ]
    if not cands:
        return "", "unknown", 0.0, []
    best = cands[0][1]
    runner = cands[1][1] if len(cands) > 1 else 0.0
    if best >= threshold and runner < threshold and best - runner >= margin:
        return cands[0][0], "fuzzy", best, cands
    if best >= threshold:
        return (
            "",
            "ambiguous",
            best,
            [c for c in cands if c[1] >= threshold or best - c[1] < margin],
        )
    return "", "unknown", best, cands


def match_names(
    names: Iterable,
    roster,
    aliases: pd.DataFrame | None = None,
    *,
    threshold: float = THRESHOLD,
    margin: float = MARGIN,
    fuzzy: bool = True,
    name_forms=None,
    respondents=None,
    context: tuple[str, ...] = ("team", "school"),
) -> pd.DataFrame:
    """Match typed names to roster people, precision first.

    Each distinct answer is read first (:func:`leerlib.clean.answers.read_answer`): e-mail
    wrappers, list and chat debris, emoji, mojibake, titles and bracketed topics are read
    through; outside context ("van de GGD", "oud-collega", "(andere school)") makes it
    ``external``; qualifiers from the roster's own columns (school, team, role, group) narrow
    the candidates. Then every reading of the name is weighed: the roster name as written
    (``exact``), the normalised name (``normalized``: case, diacritics, tussenvoegsels,
    given-name initials), after a title (``title``), first name plus surname parts (a
    hyphenated first name spaced or joined: ``hyphenated``; one part or the swapped order of a
    married double name: ``double_name``), the first name with a surname initial
    (``initials``), a first-name form from the name-variant table (``variant``) or from a
    one-word alias (``alias``), a single word (``one_word``), a qualifier (``qualifier``),
    and, when nothing fits, a close spelling (``fuzzy``). A person is chosen only when
    exactly one colleague fits all readings together; two or more are never chosen between
    (the opt-in respondent context excepted): the answer is ``ambiguous`` and its candidates
    are listed.

    Parameters
    ----------
    names : iterable of str
        Names as typed (a list, Series or column). Missing values count as empty.
    roster : DataFrame, mapping or RosterIndex
        People with ``person_id`` and ``name`` (optional ``email`` and qualifier columns
        school, team, role, group, department, location), or ``{person_id: name}``, or a
        :class:`leerlib.clean.RosterIndex` built once for several calls.
    aliases : DataFrame, optional
        Columns ``alias`` and ``person_id``: nicknames and spellings the researcher vouches for.
        Give them to :meth:`RosterIndex.build` instead when ``roster`` is an index.
    threshold : float, default 86
        Lowest fuzzy score (``rapidfuzz.fuzz.ratio``, 0-100) accepted.
    margin : float, default 5
        How far a fuzzy best match must lead the runner-up (a different person).
    fuzzy : bool, default True
        Set False to stop after the deterministic stages.
    name_forms : iterable of iterables of str, optional
        Extra first-name forms (formal name first, then its short forms), added to the
        shipped table; give them to :meth:`RosterIndex.build` when ``roster`` is an index.
    respondents : iterable of str, optional
        Opt-in respondent context: the person_id of whoever typed each name (aligned with
        ``names``). An ``ambiguous`` answer with at most three candidates, of whom exactly
        one colleague (never the respondent) shares the respondent's values in all
        ``context`` columns (the same team at the same school), else in all but the first
        (the same school), and so on, becomes that person with method ``context``
        (:func:`context_choice`). Off by default.
    context : tuple of str, default ("team", "school")
        The roster columns the respondent context compares, narrowest first.

    Returns
    -------
    DataFrame
        One row per input name in input order: ``name``, ``person_id`` ("" if not matched),
        ``method`` (one of :data:`MATCH_NAMES_METHODS`), ``score`` (0-100) and
        ``candidates`` (list of ``(person_id, score)`` it weighed).

    Raises
    ------
    RosterError
        If the roster lacks person_id/name, repeats a person_id, or an alias points to a
        person_id that is not on the roster.
    TypeError
        If ``roster`` is a RosterIndex and ``aliases`` are given as well.

    Notes
    -----
    Fuzzy scores compare 'given particles surname' and, when the particles agree, 'given
    surname'; only roster people sharing the first letter of the given name or of the
    surname are scored. A fuzzy match needs exactly one person at or above ``threshold``,
    a lead of ``margin`` over the runner-up, and first given names at least 80 similar
    ("Jos" is not "Joost"); otherwise the name is ambiguous or unknown. Threshold and
    margin come from the labelled set described in docs/matching.md.

    Examples
    --------
    >>> roster = pd.DataFrame({"person_id": ["p1", "p2", "p3"],
    ...                        "name": ["Jan van den Berg", "Anna de Vries", "Anne de Vries"]})
    >>> m = match_names(["Berg, Jan van den", "J. v.d. Berg", "Jan van den Bergh",
    ...                  "Anna", "iemand van de pabo", ""], roster)
    >>> m[["person_id", "method"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['p1', 'normalized'], ['p1', 'normalized'], ['p1', 'fuzzy'], ['', 'ambiguous'],
     ['', 'external'], ['', 'empty']]
    >>> m.loc[3, "candidates"]  # one word, and Anne is one edit from Anna
    [('p2', 100.0), ('p3', 100.0)]
    """
    if isinstance(roster, RosterIndex):
        if aliases is not None or name_forms is not None:
            raise TypeError(
                "match_names: give aliases and name_forms to RosterIndex.build, not with an index"
            )
        ix = roster
    else:
        ix = RosterIndex.build(roster, aliases, name_forms=name_forms)
    values = list(names) if not isinstance(names, pd.Series) else names.tolist()
    keys = ["" if is_blank(v) else " ".join(str(v).split()) for v in values]
    distinct = list(dict.fromkeys(keys))
    results: dict[str, tuple] = {}
    pending: list[str] = []
    parsed: list[ParsedName] = []
    scopes: list = []
    for key in distinct:
        res = _read_one(ix, key)
        if isinstance(res[0], ParsedName):
            pending.append(key)
            parsed.append(res[0])
            scopes.append(res[1:])
        else:
            results[key] = res
    if pending:
        if fuzzy:
            found = _fuzzy(ix, parsed, threshold, margin)
            for key, q, res, (scope, *variant) in zip(pending, parsed, found, scopes, strict=True):
                if variant:
                    others = _near_spellings(ix, q, variant[0][0], res[3], threshold, margin)
                    res = (
                        variant[0]
                        if not others
                        else ("", "ambiguous", 100.0, [(variant[0][0], 100.0)] + others)
                    )
                elif res[1] == "fuzzy" and scope is not None and ix.pos[res[0]] not in scope:
                    res = ("", "unknown", res[2], res[3])
                results[key] = res
        else:
            for key, (_, *variant) in zip(pending, scopes, strict=True):
                results[key] = variant[0] if variant else ("", "unknown", 0.0, [])
    rows = [results[k] for k in keys]
    if respondents is not None:
        rows = _with_context(ix, rows, list(respondents), context)
    return pd.DataFrame(
        {
            "name": pd.Series(values, dtype=object),
            "person_id": pd.Series([r[0] for r in rows], dtype=object),
            "method": pd.Series([r[1] for r in rows], dtype=object),
            "score": pd.Series([r[2] for r in rows], dtype=float),
            "candidates": pd.Series([r[3] for r in rows], dtype=object),
        }
    )


def _with_context(ix: RosterIndex, rows: list, respondents: list, context) -> list:
    """Resolve ambiguous answers by the respondent's own team (or school), opt-in."""
    if len(respondents) != len(rows):
        raise ValueError(
            f"match_names: {len(respondents)} respondents for {len(rows)} names; "
            "give one respondent person_id per name"
        )
    return [
        context_choice(ix, row, resp, context) for row, resp in zip(rows, respondents, strict=True)
    ]


def context_choice(ix: RosterIndex, row: tuple, respondent, context=("team", "school")) -> tuple:
    """Return the respondent context for one decision.

    An ``ambiguous`` row whose two or three candidates include exactly one colleague (the
    respondent never counts) who shares the respondent's values in all ``context`` columns, else
    in all but the first, and so on, becomes that colleague with method ``context``; any other
    row comes back as it was.

    Parameters
    ----------
    ix : RosterIndex
        The roster index (its qualifier columns hold team, school, ...).
    row : tuple
        ``(person_id, method, score, candidates)`` as :func:`match_names` decided it.
    respondent : str or None
        The person_id of whoever typed the answer.
    context : tuple of str
        Roster columns, narrowest first ("team", "school": the same team at the same school,
        then the same school).

    Returns
    -------
    tuple
        The row, resolved or unchanged; the candidates are kept.

    Examples
    --------
    >>> ix = RosterIndex.build(pd.DataFrame({"person_id": ["a", "b", "r"],
    ...     "name": ["Noor Visser", "Noor Visser", "Rik Bos"], "school": ["X", "Y", "Y"]}))
    >>> row = ("", "ambiguous", 100.0, [("a", 100.0), ("b", 100.0)])
    >>> context_choice(ix, row, "r", ("school",))[:2]
    ('b', 'context')
    >>> context_choice(ix, row, None, ("school",))[1]
    'ambiguous'
    """
    columns = [c for c in context if c in ix.columns]
    i = None if is_blank(respondent) else ix.pos.get(str(respondent))
    if row[1] != "ambiguous" or i is None or not 2 <= len(row[3]) <= 3:
        return row
    others = [c for c in row[3] if c[0] != ix.ids[i]]
    # level k compares columns k.. together: the same team *at the same school*
    for k in range(len(columns)):
        own = tuple(ix.columns[c][i] for c in columns[k:])
        if any(v is None for v in own):
            continue
        same = [
            c for c in others if tuple(ix.columns[col][ix.pos[c[0]]] for col in columns[k:]) == own
        ]
        if len(same) == 1:
            return (same[0][0], "context", 100.0, row[3])
    return row


def format_candidates(cands) -> str:
    """Return the candidates of a match as one text for a log row's detail.

    Examples
    --------
    >>> format_candidates([("p2", 100.0), ("p3", 91.5)])
    'candidates: p2 (100), p3 (91.5)'
    >>> format_candidates([])
    'no candidate on the roster'
    """
    if not cands:
        return "no candidate on the roster"
    return "candidates: " + ", ".join(f"{pid} ({score:g})" for pid, score in cands)
