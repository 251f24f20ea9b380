"""The roster index: lookup tables over a roster and its aliases, built once per clean."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from leerlib.clean.answers import name_forms
from leerlib.clean.names import ParsedName, _is_particle, _key, fold, is_blank, parse_name
from leerlib.errors import RosterError

__all__ = ["RosterIndex", "canon_run", "check_roster", "runs_agree"]


def check_roster(roster) -> pd.DataFrame:
    """Check that ``roster`` is a people table with unique person_id values.

    Parameters
    ----------
    roster : DataFrame or mapping
        person_id and name columns (any others are kept), or ``{person_id: name}``.

    Returns
    -------
    DataFrame
        The roster as a DataFrame (the same object when it already was one).

    Raises
    ------
    RosterError
        Not a table, person_id or name missing, or a person_id that appears twice.

    Examples
    --------
    >>> check_roster({"p1": "An Ek"}).values.tolist()
    [['p1', 'An Ek']]
    """
    if isinstance(roster, Mapping):
        roster = pd.DataFrame({"person_id": list(roster), "name": list(roster.values())})
    if not isinstance(roster, pd.DataFrame):
        raise RosterError(
            f"roster: expected a DataFrame with person_id and name, got {type(roster).__name__}"
        )
    missing = [c for c in ("person_id", "name") if c not in roster.columns]
    if missing:
        raise RosterError(
            f"roster: missing column(s) {missing}; expected person_id and name "
            f"(found {list(roster.columns)})"
        )
    ids = roster["person_id"].astype(str)
    dup = ids.duplicated()
    if dup.any():
        raise RosterError(f"roster: person_id {ids[dup].iloc[0]!r} appears more than once")
    return roster


@dataclass
class RosterIndex:
    """Lookup tables over a roster (and alias table) for :func:`leerlib.match_names`.

    Build it once with :meth:`build` and pass it to ``match_names`` in place of the roster
    when the same roster matches several lists of names (respondents, then named people).

    Attributes
    ----------
    ids : list of str
        The roster's person_id values, in roster order (positions index the tables below).
    parsed : list of ParsedName
        Each roster name parsed (:func:`leerlib.clean.parse_name`).
    initials : list of str
        Each roster name's initial letters.
    by_id, by_email, by_exact, by_full, by_core, by_first, by_last, by_given : dict
        Key -> roster positions: person_id and e-mail (case-folded), the name as written,
        and the parsed name's full, core, first-name, surname and given-name keys.
    by_fold : dict
        The folded text of a roster name whose normalised key is unique -> its position.
    alias : dict
        Alias key (folded text and parsed full name) -> set of person_id values.
    forms : dict
        First-name form -> the roster forms it may stand for (the name-variant table).
    pos : dict
        person_id -> roster position.
    gkey, cores, particles : list
        Per roster position: the first name (a hyphenated one joined: 'annefleur'), the
        surname cores of every part of a married double name, and each core's particle run
        (a dict: 'boer' -> ('de',)).
    by_gcore : dict
        (first name, surname core) -> roster positions.
    by_word, by_len : dict
        A first name or surname core -> roster positions; word length -> those words.
    quals : dict
        Folded qualifier phrase ("de linde", "ib", "groep 3") -> (column, roster positions).
    qual_words : frozenset
        Every word of those phrases (a quick test whether an answer may hold a qualifier).
    columns : dict
        Qualifier column -> folded value per roster position (for the respondent context).
    person_forms : dict
        A one-word alias that is not the person's own first name or surname ("Bo" for
        Roberta Smit) -> the roster positions it is a first-name form of, for those people
        only: the alias table extends the name-variant table person by person.

    Examples
    --------
    >>> ix = RosterIndex.build(pd.DataFrame({"person_id": ["p1"], "name": ["Jan van den Berg"]}))
    >>> ix.ids, dict(ix.by_full)
    (['p1'], {'jan van den berg': [0]})
    """

    ids: list[str]
    parsed: list[ParsedName]
    initials: list[str]
    by_id: dict = field(default_factory=lambda: defaultdict(list))
    by_email: dict = field(default_factory=lambda: defaultdict(list))
    by_exact: dict = field(default_factory=lambda: defaultdict(list))
    by_fold: dict = field(default_factory=dict)
    by_full: dict = field(default_factory=lambda: defaultdict(list))
    by_core: dict = field(default_factory=lambda: defaultdict(list))
    by_first: dict = field(default_factory=lambda: defaultdict(list))
    by_last: dict = field(default_factory=lambda: defaultdict(list))
    by_given: dict = field(default_factory=lambda: defaultdict(list))
    alias: dict = field(default_factory=lambda: defaultdict(set))
    forms: dict = field(default_factory=dict)
    pos: dict = field(default_factory=dict)
    gkey: list = field(default_factory=list)
    cores: list = field(default_factory=list)
    particles: list = field(default_factory=list)
    by_gcore: dict = field(default_factory=lambda: defaultdict(list))
    by_word: dict = field(default_factory=lambda: defaultdict(set))
    by_len: dict = field(default_factory=lambda: defaultdict(set))
    quals: dict = field(default_factory=dict)
    columns: dict = field(default_factory=dict)
    person_forms: dict = field(default_factory=lambda: defaultdict(set))
    qual_words: frozenset = frozenset()

    @classmethod
    def build(cls, roster, aliases: pd.DataFrame | None = None, *, name_forms=None) -> RosterIndex:
        """Index a roster and an optional alias table.

        Parameters
        ----------
        roster : DataFrame or mapping
            person_id, name and optional email (see :func:`check_roster`).
        aliases : DataFrame, optional
            Columns ``alias`` and ``person_id``.
        name_forms : iterable of iterables of str, optional
            Extra groups of first-name forms that are one name, added to the shipped table
            (:func:`leerlib.clean.answers.name_forms`).

        Returns
        -------
        RosterIndex

        Raises
        ------
        RosterError
            A malformed roster or alias table, or an alias that points to a person_id
            that is not on the roster (naming the alias file, row and column when the
            table came from :func:`leerlib.io.read_aliases`).
        """
        roster = check_roster(roster)
        ids = roster["person_id"].astype(str).tolist()
        names = ["" if is_blank(n) else str(n) for n in roster["name"].tolist()]
        parsed = [parse_name(n) for n in names]
        ix = cls(ids=ids, parsed=parsed, initials=[p.initial_letters for p in parsed])
        emails = roster["email"].tolist() if "email" in roster.columns else [None] * len(ids)
        for i, (pid, name, p, mail) in enumerate(zip(ids, names, parsed, emails, strict=True)):
            ix.by_id[pid.strip().casefold()].append(i)
            if not is_blank(mail):
                ix.by_email[str(mail).strip().casefold()].append(i)
            if not name or not p.last:
                continue
            ix.by_exact[" ".join(name.split())].append(i)
            ix.by_full[p.full].append(i)
            ix.by_core[p.core].append(i)
            ix.by_first[p.first].append(i)
            ix.by_last[" ".join(p.last)].append(i)
            if p.given:
                ix.by_given[p.given[0]].append(i)
        # fast path: the folded text of a roster name whose normalised key is unique
        folds = defaultdict(list)
        for i, (name, p) in enumerate(zip(names, parsed, strict=True)):
            if name and p.last and len(ix.by_full[p.full]) == 1:
                folds[fold(name)].append(i)
        ix.by_fold = {k: v[0] for k, v in folds.items() if len(v) == 1}
        ix.forms = name_forms_(name_forms)
        ix.pos = {pid: i for i, pid in enumerate(ids)}
        for i, name in enumerate(names):
            g, cores, parts = _person_parts(name)
            ix.gkey.append(g)
            ix.cores.append(cores)
            ix.particles.append(parts)
            for c in cores:
                ix.by_gcore[(g, c)].append(i)
            for w in {g, *cores} - {""}:
                ix.by_word[w].add(i)
                ix.by_len[len(w)].add(w)
        ix.quals = _qualifier_phrases(roster)
        # every word of a phrase, as typed words may carry it ("ib'er", "gr.")
        ix.qual_words = frozenset(w for k in ix.quals for w in k.split()) | {
            w + suffix for k in ix.quals for w in k.split() for suffix in ("'er", "-er", "er")
        }
        ix.columns = {
            c: _folded_column(roster[c]) for c in QUALIFIER_COLUMNS if c in roster.columns
        }
        if aliases is not None:
            ix._add_aliases(aliases)
        return ix

    def word_near(self, word: str, within=None) -> tuple[set, set]:
        """Return the roster positions that have ``word`` and those one edit from it.

        ``word`` is a first name, a form of it or a surname part; the other word must have two
        letters or more, and a word without letters (an id in an id-only list) is no name
        word. Both sets are limited to ``within`` when given.
        """
        from rapidfuzz.distance import Levenshtein

        if not any(c.isalpha() for c in word):  # "4" in an id-only list is no name word
            return set(), set()
        has = set(self.by_word.get(word, ())) | self.person_forms.get(word, set())
        for f in self.forms.get(word, ()):
            has |= {i for i in self.by_word.get(f, ()) if self.gkey[i] == f}
        near = set()
        # a one-letter roster "name" (an id used as a name) is no typo's source: "na" is not "a"
        for n in {len(word) - 1, len(word), len(word) + 1} - {0, 1}:
            for w in self.by_len.get(n, ()):
                if w != word and Levenshtein.distance(word, w, score_cutoff=1) <= 1:
                    near |= self.by_word[w]
        near -= has
        if within is not None:
            has &= within
            near &= within
        return has, near

    def _add_aliases(self, aliases: pd.DataFrame) -> None:
        if not isinstance(aliases, pd.DataFrame) or not {"alias", "person_id"} <= set(
            aliases.columns
        ):
            raise RosterError("aliases: expected a table with columns 'alias' and 'person_id'")
        known = set(self.ids)
        # read_aliases records the file, each alias's spreadsheet row and the id column
        file = aliases.attrs.get("file")
        if file is not None:
            read_rows = dict(enumerate(aliases.attrs.get("rows", ())))
            where = [read_rows.get(label) for label in aliases.index]
        else:  # a table made in code: a header row, then one row per alias
            where = list(range(2, len(aliases) + 2))
        column = aliases.attrs.get("column", "person_id")
        for row, alias, pid in zip(where, aliases["alias"], aliases["person_id"], strict=True):
            if is_blank(alias) or is_blank(pid):
                continue
            pid = str(pid).strip()
            if pid not in known:
                raise RosterError(
                    ("" if file is not None else "aliases: ")
                    + f"alias {alias!r} points to person_id {pid!r}, which is not on the "
                    "roster; correct the id or add the person to the roster",
                    file=file,
                    row=None if row is None else int(row),
                    column=column,
                )
            self.alias[parse_name(str(alias)).full].add(pid)
            self.alias[fold(str(alias))].add(pid)
            word = _key(fold(str(alias)).replace("-", ""))
            i = self.pos[pid]
            if (
                " " not in word
                and len(word) >= 2
                and word != self.gkey[i]
                and word not in self.cores[i]
            ):
                self.person_forms[word].add(i)  # "Bo" for Roberta Smit: "Bo Smit", "juf Bo"


name_forms_ = name_forms

#: Roster columns whose values qualify a typed name ("Noor (IB)", "Noor van De Linde").
QUALIFIER_COLUMNS = ("school", "team", "role", "group", "department", "location")


def _person_parts(name: str) -> tuple[str, frozenset, dict]:
    """Return the first-name key, the surname cores and each core's particle run.

    A hyphenated first name is joined; a married double name ("Visser-de Boer") gives the cores
    of both parts.
    """
    toks = name.split()
    if not toks:
        return "", frozenset(), {}
    if "-" in toks[0] and len(toks) > 1:
        toks[0] = toks[0].replace("-", "")
    segments = " ".join(toks).split("-")
    p = parse_name(segments[0])
    given = p.given[0] if p.given else ""
    runs: dict[str, tuple] = {}
    for k, c in enumerate(p.last):
        runs.setdefault(c, canon_run(p.infix) if k == 0 else ())
    for seg in segments[1:]:
        run: list[str] = []
        for t in seg.replace("\u2019", "'").split():
            t = t.strip("'.")
            if not t:
                continue
            if _is_particle(t):
                run.append(t.casefold())
            else:
                runs.setdefault(_key(t), canon_run(run))
                run = []
    return given, frozenset(runs), runs


def canon_run(run) -> tuple:
    """Return a particle run in one spelling: 'v.' is van, 'het' is 't', 'vdr'/'vden' are 'vd'."""
    run = tuple(run)
    return _canon_run(run) if run else ()


@lru_cache(maxsize=4096)
def _canon_run(run: tuple) -> tuple:
    return tuple(_SPELL.get(t, t) for t in (x.casefold().strip(".'") for x in run) if t)


_SPELL = {"v": "van", "vdr": "vd", "vden": "vd", "het": "t"}


def runs_agree(typed: tuple, person: tuple) -> bool:
    """Two particle runs agree: equal, or 'vd' against van de/den/der."""
    if typed == person:
        return True
    vd = {("van", "de"), ("van", "den"), ("van", "der"), ("vd",)}
    return (typed == ("vd",) and person in vd) or (person == ("vd",) and typed in vd)


_ARTICLES = ("de", "het", "t", "'t", "obs", "cbs", "rkbs", "pcbs", "ikc", "basisschool")


def _folded_column(values: pd.Series) -> list:
    """Each value folded (None for a blank), folding each distinct value once."""
    cache: dict = {}
    out = []
    for v in values.tolist():
        if v not in cache:
            cache[v] = None if is_blank(v) else fold(str(v))
        out.append(cache[v])
    return out


def _qualifier_phrases(roster: pd.DataFrame) -> dict:
    """Folded phrase -> (column, roster positions) for the roster's qualifier columns.

    A value counts as written ("De Linde", "groep 3", "intern begeleider") and, for a value of
    two or three words, as its initials ("ib"); a group "groep 3" also as "gr 3".
    """
    out: dict[str, tuple[str, set]] = {}
    for col in QUALIFIER_COLUMNS:
        if col not in roster.columns:
            continue
        folded: dict = {}
        seen: dict = {}
        for i, v in enumerate(roster[col].tolist()):
            if is_blank(v):
                continue
            if v not in folded:
                folded[v] = fold(str(v))
            v = folded[v]
            if v in seen:
                for k in seen[v]:
                    out[k][1].add(i)
                continue
            keys = {v}
            words = v.replace("-", " ").split()
            if 2 <= len(words) <= 3 and col == "role":
                keys.add("".join(w[0] for w in words))
            if words and words[0] == "groep" and len(words) == 2:
                keys |= {f"gr {words[1]}", f"gr. {words[1]}"}
            if col in ("school", "location") and len(words) >= 2 and words[0] in _ARTICLES:
                if len(" ".join(words[1:])) >= 4:
                    keys.add(" ".join(words[1:]))  # "Linde" for "De Linde"
            seen[v] = [k for k in keys if len(k) >= 2]
            for k in seen[v]:
                out.setdefault(k, (col, set()))[1].add(i)
    return out
