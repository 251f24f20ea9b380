"""The roster index: lookup tables over a roster and its aliases, built once per clean."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from leerlib.clean.names import ParsedName, fold, is_blank, parse_name
from leerlib.errors import RosterError

__all__ = ["RosterIndex", "check_roster"]


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

    @classmethod
    def build(cls, roster, aliases: pd.DataFrame | None = None) -> RosterIndex:
        """Index a roster and an optional alias table.

        Parameters
        ----------
        roster : DataFrame or mapping
            person_id, name and optional email (see :func:`check_roster`).
        aliases : DataFrame, optional
            Columns ``alias`` and ``person_id``.

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
        if aliases is not None:
            ix._add_aliases(aliases)
        return ix

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
