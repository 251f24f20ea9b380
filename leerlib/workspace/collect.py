"""Rounds asked inside leerlib: open, answer, keep up, close; the answers become a round's tables."""

from __future__ import annotations

import csv
import functools
import io
import json
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
import sqlalchemy as sa

from leerlib.workspace import _tables as T
from leerlib.workspace._db import WorkspaceError

__all__ = [
    "CollectForm",
    "CollectMixin",
    "MAX_EXTERNAL",
    "SURVEY_PAGE",
    "TIE_SCALES",
    "collected_export",
    "search_staff",
]

#: Path of the survey page under the server's base URL; it takes the personal link's
#: ``persoon`` and ``code`` (leerlib.dashboards.collect_web).
SURVEY_PAGE = "vragenlijst"

#: Longest free text (an outsider's name) an answer may hold, in characters.
MAX_EXTERNAL = 120

#: The tie scales a collection round asks per tie, when its codebook defines them.
TIE_SCALES = ("frequency", "usefulness")

_NOBODY = "niemand"


def _now() -> datetime:
    """Now in UTC without a time zone, as every time in a workspace."""
    return datetime.now(UTC).replace(tzinfo=None)


_RESERVED = {_NOBODY, "nobody", "geen", "-", "n.v.t.", "na", "#n/a"}


@dataclass(frozen=True)
class CollectForm:
    """What a collection round asks, read once from its codebook and staff list.

    Attributes
    ----------
    round_id : int
    name, label : str
    topics : list of dict
        ``{"key", "nl", "en"}`` per topic, in codebook order.
    scales : dict
        Tie scale name (of :data:`TIE_SCALES`) -> its answer labels in order.
    value : list of dict
        ``{"cycle", "item", "labels"}`` per value item; labels of its scale (empty: a number).
    staff : DataFrame
        The staff list offered (person_id, name and its other columns, as text).
    previous : str or None
        The collection round whose relations this one starts from.
    closed : bool
    """

    round_id: int
    name: str
    label: str
    topics: list
    scales: dict
    value: list
    staff: pd.DataFrame
    previous: str | None
    closed: bool
    codebook: dict
    value_scales: dict

    @functools.cached_property
    def ids(self) -> frozenset:
        """The staff list's person_id values."""
        return frozenset(self.staff["person_id"])


def _read_form(row) -> CollectForm:
    cb = tomllib.loads(row["codebook_toml"])
    topics = [
        {"key": str(t["key"]), "nl": t.get("nl") or t["key"], "en": t.get("en") or t["key"]}
        for t in cb.get("topics", [])
    ]
    all_scales = cb.get("scales", {})
    scales = {
        s: sorted(all_scales[s], key=lambda k: -all_scales[s][k])
        for s in TIE_SCALES
        if s in all_scales
    }
    value = []
    for v in cb.get("value", []):
        sc = all_scales.get(v.get("scale", ""), {})
        value.append(
            {
                "cycle": v["cycle"],
                "item": v.get("item") or v["column"],
                "labels": sorted(sc, key=lambda k: sc[k]),
            }
        )
    staff = pd.read_csv(io.StringIO(row["roster_csv"]), dtype=str, keep_default_na=False)
    return CollectForm(
        round_id=row["id"],
        name=row["name"],
        label=row["label"],
        topics=topics,
        scales=scales,
        value=value,
        staff=staff,
        previous=row["previous"],
        closed=row["closed_at"] is not None,
        codebook=cb,
        value_scales=all_scales,
    )


def _toml(value) -> str:
    """Write a value as TOML (strings, numbers, booleans, lists, inline tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid TOML basic string
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + " }"
    raise TypeError(type(value).__name__)


def collected_export(form: CollectForm, answers: pd.DataFrame) -> tuple[bytes, bytes, bytes]:
    """Write a round's current answers as an export, its codebook and its staff list.

    The export has the sample's layout with ids: one row per respondent, per topic slots of
    person ids (or an outsider's text) with a frequency and usefulness column beside each,
    and one column per value item. Reading the three with :func:`leerlib.load_survey` gives
    the round's tables (docs/collect.md).

    Returns
    -------
    (bytes, bytes, bytes)
        The export (CSV), the codebook (TOML) and the staff list (CSV), UTF-8.
    """
    cur = answers[answers["ended_at"].isna()]
    ties = cur[cur["kind"] == "tie"]
    nobody = cur[cur["kind"] == "nobody"]
    values = cur[cur["kind"] == "value"]
    attrs = [s for s in TIE_SCALES if s in form.scales]
    slots = {}
    for t in form.topics:
        per = ties[ties["topic"] == t["key"]].groupby("respondent").size()
        slots[t["key"]] = max(1, int(per.max()) if len(per) else 1)
    header = ["person_id", "submitted_at"]
    for t in form.topics:
        for k in range(1, slots[t["key"]] + 1):
            col = f"{t['key']}_{k}"
            header += [col] + [f"{col}_{a}" for a in attrs]
    header += [f"value_{j + 1}" for j in range(len(form.value))]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    order = {pid: i for i, pid in enumerate(form.staff["person_id"])}
    if not len(cur):  # no answers yet: one empty row reads as "nobody responded"
        w.writerow([form.staff["person_id"].iat[0]] + [""] * (len(header) - 1))
    for pid in sorted(set(cur["respondent"]), key=lambda p: order.get(p, len(order))):
        mine = cur[cur["respondent"] == pid]
        row = {"person_id": pid, "submitted_at": mine["recorded_at"].max().isoformat()}
        for t in form.topics:
            tt = mine[(mine["kind"] == "tie") & (mine["topic"] == t["key"])].sort_values("id")
            if (
                not len(tt)
                and ((nobody["respondent"] == pid) & (nobody["topic"] == t["key"])).any()
            ):
                row[f"{t['key']}_1"] = _NOBODY
            for k, (_, a) in enumerate(tt.iterrows(), start=1):
                col = f"{t['key']}_{k}"
                row[col] = a["target"] if isinstance(a["target"], str) else a["external"]
                for s in attrs:
                    row[f"{col}_{s}"] = a[s] if isinstance(a[s], str) else ""
        for _, a in values[values["respondent"] == pid].iterrows():
            row[f"value_{int(a['item']) + 1}"] = a["score"]
        w.writerow([row.get(c, "") for c in header])
    cb = form.codebook
    lines = [
        "[survey]",
        f"wave = {_toml(form.name)}",
        'encoding = "utf-8"',
        'delimiter = ","',
        "missing = []",
        f"consent_names = {_toml(bool(cb.get('survey', {}).get('consent_names', False)))}",
        "",
        "[respondent]",
        'column = "person_id"',
        'by = "id"',
        'submitted_at = "submitted_at"',
        f"responded_if = {_toml(cb.get('respondent', {}).get('responded_if', 'any_nomination'))}",
        "",
        "[roster]",
        'id = "person_id"',
        'name = "name"',
        "",
        "[unknown]",
        'names = "external"',
        f"nobody = [{_toml(_NOBODY)}]",
    ]
    for t in form.topics:
        lines += ["", "[[topics]]"] + [f"{k} = {_toml(t[k])}" for k in ("key", "nl", "en")]
    for t in form.topics:
        cols = [f"{t['key']}_{k}" for k in range(1, slots[t["key"]] + 1)]
        lines += [
            "",
            "[[nominations]]",
            'shape = "slots"',
            f"topic = {_toml(t['key'])}",
            f"columns = {_toml(cols)}",
            'target_by = "id"',
        ]
        if attrs:
            lines.append(f"attributes = {_toml({a: '{column}_' + a for a in attrs})}")
        if "frequency" in attrs:
            lines.append('weight = "frequency"')
    for name, scale in form.value_scales.items():
        lines += ["", f"[scales.{json.dumps(name)}]"]
        lines += [f"{json.dumps(k)} = {_toml(v)}" for k, v in scale.items()]
    for j, v in enumerate(cb.get("value", [])):
        lines += ["", "[[value]]", f"column = {_toml(f'value_{j + 1}')}"]
        lines += [f"cycle = {_toml(v['cycle'])}", f"item = {_toml(v.get('item') or v['column'])}"]
        if v.get("scale"):
            lines.append(f"scale = {_toml(v['scale'])}")
    return (
        out.getvalue().encode("utf-8"),
        ("\n".join(lines) + "\n").encode("utf-8"),
        form.staff.to_csv(index=False, lineterminator="\n").encode("utf-8"),
    )


def search_staff(form: CollectForm, query: str, *, limit: int = 8, exclude: str = "") -> list:
    """Return the staff members whose name fits a typed beginning, best first.

    Every word typed must begin a word of the name, in any order, after leerlib's own name
    folding (:func:`leerlib.clean.names.parse_name`: case, diacritics, "ij"/"y",
    tussenvoegsels such as "v.d."): "berg" and "Berg, Jan van den" find "Jan van den Berg".

    Returns
    -------
    list of dict
        person_id, name, school, team (the last two empty when the staff list has none).

    Examples
    --------
    >>> staff = pd.DataFrame({"person_id": ["p1", "p2"], "name": ["Jan van den Berg", "Zoë Dijk"]})
    >>> form = CollectForm(1, "r", "r", [], {}, [], staff, None, False, {}, {})
    >>> [p["person_id"] for p in search_staff(form, "berg")], search_staff(form, "zoe dyk")[0]["name"]
    (['p1'], 'Zoë Dijk')
    >>> [p["person_id"] for p in search_staff(form, "Berg, Jan v.d.")]
    ['p1']
    """
    words = _words(query)
    if not words:
        return []
    keys = _name_keys(form)
    hits = []
    for i, toks in enumerate(keys):
        pid = form.staff["person_id"].iat[i]
        if pid == exclude:
            continue
        if all(any(t.startswith(w) for t in toks) for w in words):
            # a surname that begins with the first word typed ranks first
            rank = 0 if toks and toks[-1].startswith(words[0]) else 1
            hits.append((rank, form.staff["name"].iat[i], i))
    hits.sort()
    cols = form.staff.columns
    return [
        {
            "person_id": form.staff["person_id"].iat[i],
            "name": form.staff["name"].iat[i],
            "school": form.staff["school"].iat[i] if "school" in cols else "",
            "team": form.staff["team"].iat[i] if "team" in cols else "",
        }
        for _, _, i in hits[:limit]
    ]


def _words(text: str) -> list:
    from leerlib.clean.names import _key, _tokens

    out = []
    for tok in _tokens(str(text)[:200]):
        low = tok.casefold().rstrip(".")
        out += [_key(p) for p in low.replace("-", " ").split() if p]
    return [("vd" if w in ("v", "vd") else w) for w in out]


_KEYS: dict = {}


def _name_keys(form: CollectForm) -> list:
    cache = _KEYS.get(id(form.staff))
    if cache is None or cache[0] is not form.staff:
        from leerlib.clean.names import parse_name

        keys = []
        for name in form.staff["name"]:
            p = parse_name(name)
            toks = list(p.given) + [t for t in p.infix]
            toks += ["vd"] if any(t in ("van", "vd") for t in p.infix) else []
            toks += [part for t in p.last for part in t.replace("-", " ").split()]
            keys.append(toks)
        cache = (form.staff, keys)
        _KEYS[id(form.staff)] = cache
    return cache[1]


def _clean_external(text, form: CollectForm) -> str:
    # control and direction-override characters go, then white space runs become one space
    ext = "".join(ch for ch in str(text or "") if ch.isprintable() or ch.isspace())
    ext = " ".join(ext.split())
    if not ext:
        raise WorkspaceError("an outsider needs a name (free text)")
    if len(ext) > MAX_EXTERNAL:
        raise WorkspaceError(f"an outsider's name is at most {MAX_EXTERNAL} characters")
    if ext.casefold() in _RESERVED or ext in form.ids:
        raise WorkspaceError(f"{ext!r} cannot be an outsider's name; pick a colleague instead")
    return ext


_ANSWER_COLS = [
    "id",
    "respondent",
    "kind",
    "topic",
    "target",
    "external",
    "item",
    "frequency",
    "usefulness",
    "score",
    "recorded_at",
    "ended_at",
]


class CollectMixin:
    """The :class:`~leerlib.workspace.Workspace` methods of rounds asked inside leerlib."""

    # ------------------------------------------------------------------ rounds
    def open_collection(
        self,
        name: str,
        codebook,
        *,
        staff_round: str | None = None,
        label: str | None = None,
        previous: str | None = "auto",
        now: datetime | None = None,
    ) -> CollectForm:
        """Open a round to be answered through the colleagues' personal links.

        Parameters
        ----------
        name : str
            The round's name; at its close it is stored as the round of this name.
        codebook : path, str or bytes
            A codebook (TOML) whose topics, ``[scales.frequency]``, ``[scales.usefulness]``
            and ``[[value]]`` items are asked (e.g. the sample's ``codebook_2025.toml``).
        staff_round : str, optional
            The stored round whose staff list is offered (default the latest).
        label : str, optional
            What pages and dashboards show; default the name.
        previous : str, None or "auto"
            A closed collection round whose relations this one starts from ("klopt dit
            nog?"); "auto": the latest closed one; None: none.

        Raises
        ------
        WorkspaceError
            If a round is open already, the name is taken, or the codebook has no topics.
        """
        from pathlib import Path

        if isinstance(codebook, bytes):
            text = codebook.decode("utf-8")
        elif isinstance(codebook, str) and "\n" in codebook:
            text = codebook
        else:
            text = Path(codebook).read_text(encoding="utf-8")
        try:
            cb = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise WorkspaceError(f"the codebook is not TOML ({e})") from None
        if not cb.get("topics"):
            raise WorkspaceError("the codebook names no [[topics]] to ask")
        name = " ".join(str(name).split())
        if not name:
            raise WorkspaceError("a round needs a name")
        survey = self.survey(staff_round) if staff_round else self.survey(max(self.rounds))
        staff = survey.people[survey.people["internal"].astype(bool)]
        staff = staff.drop(columns=["internal"]).astype(str).replace({"nan": "", "<NA>": ""})
        now = now or _now()
        stored = self.rounds
        with self._write(f"opening round {name!r}") as conn:
            rows = conn.execute(sa.select(T.collect_round)).mappings().all()
            if any(r["closed_at"] is None for r in rows):
                raise WorkspaceError("a round is open already; close it first")
            if any(r["name"] == name for r in rows) or name in stored:
                raise WorkspaceError(f"round {name!r} exists already")
            if previous == "auto":
                closed = [r for r in rows if r["closed_at"] is not None]
                previous = max(closed, key=lambda r: r["closed_at"])["name"] if closed else None
            elif previous is not None and previous not in {r["name"] for r in rows}:
                raise WorkspaceError(f"no collection round {previous!r}")
            conn.execute(
                sa.insert(T.collect_round).values(
                    name=name,
                    label=" ".join(str(label).split()) if label else name,
                    codebook_toml=text,
                    roster_csv=staff.to_csv(index=False, lineterminator="\n"),
                    previous=previous,
                    opened_at=now,
                )
            )
        return self.collect_form(name)

    def collection_rounds(self) -> pd.DataFrame:
        """Return the collection rounds: name, label, previous, opened_at, closed_at (UTC)."""
        with self._read("listing collection rounds") as conn:
            rows = conn.execute(sa.select(T.collect_round).order_by(T.collect_round.c.id)).all()
        cols = ["name", "label", "previous", "opened_at", "closed_at"]
        return pd.DataFrame([{c: getattr(r, c) for c in cols} for r in rows], columns=cols)

    def open_round(self) -> str | None:
        """Return the name of the collection round that is open now (None: none)."""
        with self._read("finding the open round") as conn:
            return conn.execute(
                sa.select(T.collect_round.c.name).where(T.collect_round.c.closed_at.is_(None))
            ).scalar()

    def collect_form(self, name: str, *, fresh: bool = False) -> CollectForm:
        """Return what collection round ``name`` asks (:class:`CollectForm`), cached.

        ``fresh``: read it again (its ``closed`` may have changed since).
        """
        cache = self.__dict__.setdefault("_forms", {})
        form = cache.get(name)
        if form is not None and (form.closed or not fresh):
            # what a round asks never changes; whether it is closed is checked again inside
            # every write (_require_open), so a form kept here cannot let a late answer in
            return form
        with self._read("reading a round") as conn:
            row = (
                conn.execute(sa.select(T.collect_round).where(T.collect_round.c.name == name))
                .mappings()
                .first()
            )
        if row is None:
            raise WorkspaceError(f"no collection round {name!r}", file=self.location)
        form = _read_form(row)
        cache[name] = form
        return form

    def close_collection(self, name: str, *, now: datetime | None = None) -> dict:
        """Close a round and store its answers as the round ``name`` (a snapshot).

        The answers stay (with their history); the stored round is what
        :meth:`collected_survey` gives at this moment, so the HR overview and the round
        comparison show it like an imported round.

        Returns
        -------
        dict
            What :meth:`add_round` returns.
        """
        form = self.collect_form(name, fresh=True)
        if form.closed:
            raise WorkspaceError(f"round {name!r} is closed already")
        survey = self.collected_survey(name)
        info = self.add_round(survey, name=name, label=form.label)
        with self._write(f"closing round {name!r}") as conn:
            conn.execute(
                sa.update(T.collect_round)
                .where(T.collect_round.c.id == form.round_id)
                .values(closed_at=now or _now())
            )
        self.__dict__.get("_forms", {}).pop(name, None)
        return info

    # ------------------------------------------------------------------ answers
    def answers(
        self, name: str, respondent: str | None = None, *, history: bool = False
    ) -> pd.DataFrame:
        """Return a collection round's answers (current ones; with ``history`` every row).

        Columns: id, respondent, kind, topic, target, external, item, frequency, usefulness,
        score, recorded_at, ended_at (UTC; ended_at empty for a current answer).
        """
        rows = self._answer_rows(self.collect_form(name), respondent, history=history)
        df = pd.DataFrame([tuple(r) for r in rows], columns=_ANSWER_COLS)
        for c in ("recorded_at", "ended_at"):
            df[c] = pd.to_datetime(df[c])
        return df

    def _answer_rows(self, form, respondent=None, *, history=False) -> list:
        """Return the answers of ``form``'s round as rows (the columns of answers())."""
        t = T.collect_answer
        q = sa.select(*[t.c[c] for c in _ANSWER_COLS]).where(t.c.round_id == form.round_id)
        if respondent is not None:
            q = q.where(t.c.respondent == str(respondent))
        if not history:
            q = q.where(t.c.ended_at.is_(None))
        with self._read("reading answers") as conn:
            return conn.execute(q.order_by(t.c.id)).all()

    def _require_open(self, conn, form) -> None:
        closed = conn.execute(
            sa.select(T.collect_round.c.closed_at).where(T.collect_round.c.id == form.round_id)
        ).scalar()
        if closed is not None:
            self.__dict__.get("_forms", {}).pop(form.name, None)
            raise WorkspaceError(f"round {form.name!r} is closed; answers can no longer change")

    def _check_answer(self, form, respondent, topic=False):
        # topic False: the answer has no topic (value items, "klaar"); else it must be asked
        if form.closed:
            raise WorkspaceError(f"round {form.name!r} is closed; answers can no longer change")
        if respondent not in form.ids:
            raise WorkspaceError(f"{respondent!r} is not on round {form.name!r}'s staff list")
        if topic is not False and topic not in {t["key"] for t in form.topics}:
            raise WorkspaceError(f"round {form.name!r} asks no topic {topic!r}")

    def _change(self, form, respondent, where: dict, new: dict | None, now) -> str:
        """End the current answer matching ``where`` and add ``new``; "unchanged" if equal."""
        t = T.collect_answer
        with self._write("saving an answer") as conn:
            self._require_open(conn, form)
            q = sa.select(t).where(
                t.c.round_id == form.round_id,
                t.c.respondent == respondent,
                t.c.ended_at.is_(None),
                *[(t.c[k].is_(None) if v is None else t.c[k] == v) for k, v in where.items()],
            )
            cur = conn.execute(q).mappings().all()
            if new is not None and len(cur) == 1:
                if all(cur[0][k] == v for k, v in new.items()):
                    return "unchanged"
            if new is None and not cur:
                return "unchanged"
            if cur:
                conn.execute(
                    sa.update(t).where(t.c.id.in_([r["id"] for r in cur])).values(ended_at=now)
                )
            if new is not None:
                conn.execute(
                    sa.insert(t).values(
                        round_id=form.round_id,
                        respondent=respondent,
                        recorded_at=now,
                        **where,
                        **new,
                    )
                )
                if where.get("kind") == "tie":  # a tie answers the topic: no longer "nobody"
                    conn.execute(
                        sa.update(t)
                        .where(
                            t.c.round_id == form.round_id,
                            t.c.respondent == respondent,
                            t.c.kind == "nobody",
                            t.c.topic == where["topic"],
                            t.c.ended_at.is_(None),
                        )
                        .values(ended_at=now)
                    )
            return "changed" if cur else "stored"

    def record_tie(
        self,
        name: str,
        respondent: str,
        topic: str,
        *,
        target: str | None = None,
        external: str | None = None,
        frequency: str | None = None,
        usefulness: str | None = None,
        now: datetime | None = None,
    ) -> str:
        """Record (or change) that ``respondent`` turns to ``target`` on ``topic``.

        Give ``target`` (a person_id on the round's staff list) or ``external`` (an
        outsider's name as free text, at most :data:`MAX_EXTERNAL` characters). Saving the
        same answer again changes nothing (a retried request is stored once).

        Returns
        -------
        str
            "stored" (new), "changed" (the old answer ended, the new one added) or
            "unchanged".

        Raises
        ------
        WorkspaceError
            A closed round, someone not on the staff list, an unknown topic or scale label,
            a self-tie, or an outsider's name that is empty, too long or a staff id.
        """
        form = self.collect_form(name)
        respondent = str(respondent)
        self._check_answer(form, respondent, topic)
        if (target is None) == (external is None):
            raise WorkspaceError("give a colleague (target) or an outsider (external), not both")
        if target is not None:
            target = str(target)
            if target not in form.ids:
                raise WorkspaceError(f"{target!r} is not on the staff list")
            if target == respondent:
                raise WorkspaceError("a tie to oneself is not asked")
        else:
            external = _clean_external(external, form)
        new = {}
        for scale, label in (("frequency", frequency), ("usefulness", usefulness)):
            if label is not None and label != "":
                if label not in form.scales.get(scale, []):
                    raise WorkspaceError(f"{label!r} is not an answer of the {scale} scale")
                new[scale] = label
            else:
                new[scale] = None
        where = {"kind": "tie", "topic": topic, "target": target, "external": external}
        return self._change(form, respondent, where, new, now or _now())

    def drop_tie(
        self,
        name: str,
        respondent: str,
        topic: str,
        *,
        target: str | None = None,
        external: str | None = None,
        now: datetime | None = None,
    ) -> str:
        """End a tie answer (kept in the history); "unchanged" if there was none.

        A relation of the previous round that is dropped is recorded as an answer that ended
        at once, so that it is not proposed again.
        """
        form = self.collect_form(name)
        respondent = str(respondent)
        self._check_answer(form, respondent, topic)
        if external is not None:
            external = " ".join(str(external).split())
        where = {"kind": "tie", "topic": topic, "target": target, "external": external}
        now = now or _now()
        result = self._change(form, respondent, where, None, now)
        if result == "unchanged" and any(
            p["topic"] == topic and p["target"] == target and p["external"] == external
            for p in self.carried_over(name, respondent)
        ):
            t = T.collect_answer
            with self._write("dropping a relation of last round") as conn:
                self._require_open(conn, form)
                conn.execute(
                    sa.insert(t).values(
                        round_id=form.round_id,
                        respondent=respondent,
                        recorded_at=now,
                        ended_at=now,
                        **where,
                    )
                )
            return "dropped"
        return "dropped" if result != "unchanged" else result

    def record_nobody(
        self, name: str, respondent: str, topic: str, *, now: datetime | None = None
    ) -> str:
        """Record that ``respondent`` turns to no one on ``topic`` (ends their ties there)."""
        form = self.collect_form(name)
        respondent = str(respondent)
        self._check_answer(form, respondent, topic)
        now = now or _now()
        for _, a in self.answers(name, respondent).iterrows():
            if a["kind"] == "tie" and a["topic"] == topic:
                self._change(
                    form,
                    respondent,
                    {
                        "kind": "tie",
                        "topic": topic,
                        "target": a["target"] if isinstance(a["target"], str) else None,
                        "external": a["external"] if isinstance(a["external"], str) else None,
                    },
                    None,
                    now,
                )
        return self._change(form, respondent, {"kind": "nobody", "topic": topic}, {}, now)

    def record_value(
        self, name: str, respondent: str, item: int, score: str, *, now: datetime | None = None
    ) -> str:
        """Record (or change) ``respondent``'s answer to value item number ``item`` (0-based)."""
        form = self.collect_form(name)
        respondent = str(respondent)
        self._check_answer(form, respondent)
        if isinstance(item, bool) or not isinstance(item, int) or not 0 <= item < len(form.value):
            raise WorkspaceError(f"round {name!r} has no value item {item!r}")
        labels = form.value[item]["labels"]
        score = str(score)
        if labels and score not in labels:
            raise WorkspaceError(f"{score!r} is not an answer of value item {item + 1}")
        if not labels:
            try:
                float(score)
            except ValueError:
                raise WorkspaceError(f"value item {item + 1} takes a number") from None
        return self._change(
            form, respondent, {"kind": "value", "item": item}, {"score": score}, now or _now()
        )

    def mark_done(self, name: str, respondent: str, *, now: datetime | None = None) -> str:
        """Record that ``respondent`` said "klaar" (they may still change answers)."""
        form = self.collect_form(name)
        respondent = str(respondent)
        self._check_answer(form, respondent)
        return self._change(form, respondent, {"kind": "done"}, {}, now or _now())

    def carried_over(self, name: str, respondent: str) -> list:
        """Return the relations of the previous round not yet confirmed, changed or dropped.

        Each is a dict with topic, target, external, frequency and usefulness ("klopt dit
        nog?"); confirming is :meth:`record_tie`, dropping :meth:`drop_tie`.
        """
        form = self.collect_form(name)
        if form.previous is None:
            return []
        topics = {t["key"] for t in form.topics}
        before = self._answer_rows(self.collect_form(form.previous), respondent)
        mine = self._answer_rows(form, respondent, history=True)
        seen = {(a.topic, a.target, a.external) for a in mine if a.kind == "tie"}
        out = []
        for a in before:
            if a.kind != "tie":
                continue
            target, external = a.target, a.external
            if a.topic not in topics or (a.topic, target, external) in seen:
                continue
            if target is not None and target not in form.ids:
                continue
            out.append(
                {
                    "topic": a.topic,
                    "target": target,
                    "external": external,
                    "frequency": a.frequency,
                    "usefulness": a.usefulness,
                }
            )
        return out

    # ------------------------------------------------------------------ as tables
    def collected_survey(self, name: str):
        """Return a collection round's current answers as the data contract's tables.

        The answers are written as an export with its codebook and staff list
        (:func:`collected_export`) and read by :func:`leerlib.load_survey`, so the tables
        are exactly what an imported export gives; a colleague picked from the staff list
        has match method ``picked`` (an outsider: ``external``).

        Returns
        -------
        Survey
        """
        from leerlib.clean import load_survey
        from leerlib.io import Source

        form = self.collect_form(name)
        export, codebook, roster = collected_export(form, self.answers(name))
        survey = load_survey(
            Source(export, f"{form.name}.csv"),
            Source(roster, f"{form.name}-staff.csv"),
            Source(codebook, f"{form.name}.toml"),
        )
        ties = survey.ties
        ties["match"] = ties["match"].where(ties["match"] != "id", "picked")
        survey.meta["collected"] = True
        return survey

    # ------------------------------------------------------------------ for the researcher
    def response_monitor(self, name: str, *, by: str = "team", min_group: int | None = None):
        """Return per group how many on the staff list answered; small groups hidden.

        Columns: the group column, members, answered (any answer), done (said "klaar") and
        rate. A group smaller than ``min_group`` (default the organisation's minimum group
        size) shows no counts (its row says "hidden").
        """
        form = self.collect_form(name)
        min_group = self.org.min_group_size if min_group is None else int(min_group)
        cur = self.answers(name)
        answered = set(cur["respondent"][cur["kind"] != "done"])
        done = set(cur["respondent"][cur["kind"] == "done"])
        staff = form.staff
        col = by if by in staff.columns else None
        groups = staff.groupby(staff[col] if col else pd.Series("", index=staff.index))
        rows = []
        for g, members in groups:
            ids = set(members["person_id"])
            n = len(ids)
            small = n < min_group
            rows.append(
                {
                    by: g,
                    "members": n,
                    "answered": None if small else len(ids & answered),
                    "done": None if small else len(ids & done),
                    "rate": None if small else round(len(ids & answered) / n, 3),
                    "hidden": small,
                }
            )
        return pd.DataFrame(rows, columns=[by, "members", "answered", "done", "rate", "hidden"])

    def invitations(self, base_url: str, *, expires=None, now: datetime | None = None):
        """Return a survey link for everyone on the open round's staff list, for a mail merge.

        The links are the colleagues' personal links (:meth:`personal_links`: the same code,
        issued, expiring and revoked the same way) with the survey page's path.

        Returns
        -------
        DataFrame
            person_id, name, email (when the staff list has it) and url. Personal data: send
            the links, then delete the table.
        """
        name = self.open_round()
        if name is None:
            raise WorkspaceError("no round is open; open one first", file=self.location)
        form = self.collect_form(name)
        links = self.personal_links(base_url, expires=expires, page=SURVEY_PAGE, now=now)
        links = links[links["person_id"].isin(form.ids)]
        staff = form.staff.set_index("person_id")
        email = staff["email"] if "email" in staff.columns else pd.Series("", index=staff.index)
        out = links[["person_id", "name", "url"]].copy()
        out.insert(2, "email", [email.get(p, "") for p in out["person_id"]])
        return out.reset_index(drop=True)

    def not_answered(self, name: str) -> pd.DataFrame:
        """Return who on the staff list has given no answer yet (for reminders; researcher only).

        Columns: person_id, name and the staff list's school and team if present.
        """
        form = self.collect_form(name)
        cur = self.answers(name)
        answered = set(cur["respondent"])
        keep = [c for c in ("person_id", "name", "school", "team") if c in form.staff.columns]
        out = form.staff[~form.staff["person_id"].isin(answered)][keep]
        return out.reset_index(drop=True)
