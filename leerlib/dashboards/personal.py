"""The personal dashboard ("Mijn leernetwerk"): your own map, your contacts, suggestions, reflection."""

from __future__ import annotations

import html
import secrets
from collections import Counter

import ipywidgets as widgets
import networkx as nx
import pandas as pd

from leerlib.dashboards import _change_tab, _model
from leerlib.dashboards._base import ALL, App
from leerlib.dashboards._data import dashboard_key, sample_survey, served_demo
from leerlib.privacy import DEFAULT_THRESHOLD

__all__ = ["PersonalApp", "CYCLES", "reflection_html"]

#: Value-creation cycles (Wenger, Trayner & de Laat 2011) that get a reflection prompt.
CYCLES = ("immediate", "potential", "applied", "realized", "reframing")


class PersonalApp(App):
    """One colleague's learning network: whom you turn to, who comes to you, whom to ask next.

    Parameters
    ----------
    survey : Survey, optional
        Cleaned survey data; default the bundled sample (both rounds).
    person : str, optional
        person_id (or its pseudonym) to start with. Default: the page's ``?persoon=``
        parameter when served by Voila, else nobody (the user picks a name).
    lang : {"nl", "en"}
        Starting language; ``?lang=en`` in the page address also switches it.
    key : bytes, optional
        Pseudonymisation key (for ``?persoon=<pseudonym>`` links); default ``LEERLIB_KEY``
        or a key for this session only.
    threshold : int
        Teams with fewer members are never named for people shown without a name.
    locked : bool, optional
        Signed links only: no list of names to pick from; the page shows a person only when
        its address has ``?persoon=<id>&code=<code>`` with that person's code
        (:func:`leerlib.privacy.personal_code` under ``key``, else ``LEERLIB_KEY``).
        Default: on when the environment variable ``LEERLIB_SIGNED_LINKS`` is ``"1"``
        (``python -m leerlib.serve --signed-links`` sets it).
    code : str, optional
        With ``locked`` and ``person``: that person's code.
    demo : bool, optional
        Say at the top that this is a demonstration with made-up colleagues, where anyone can
        pick any name (not shown when ``locked``). Default: on when the server serves
        leerlib's demonstration workspace (``python -m leerlib.serve`` without
        ``--workspace``; :func:`leerlib.dashboards.served_demo`).

    Notes
    -----
    Names of the people *you* named are shown (you gave them). Without consent in the codebook,
    everyone else appears as "a colleague": in the map with a page-only id and nothing else
    (see :meth:`map_graph`), in the suggestions with their team only if it has at least
    ``threshold`` members and reached through a colleague you named; who named you is shown
    as a count per team.

    When locked, the page holds no name until a valid code is given: the (hidden, disabled)
    list of names offers only the unlocked person, and a wrong, missing or someone else's
    code shows "Open de persoonlijke link die je hebt gekregen." instead.

    Examples
    --------
    >>> from leerlib.privacy import personal_code
    >>> key = b"a key of at least sixteen bytes"
    >>> app = PersonalApp(key=key, locked=True)
    >>> app.picker.options
    (('—', ''),)
    >>> app.select("P0003", code=personal_code("P0003", key))
    >>> app.picker.value
    'P0003'
    """

    title_key = "personal_title"
    first_map_follows_url = True  # ?persoon= chooses whose map
    subtitle_key = "personal_subtitle"

    def __init__(
        self,
        survey=None,
        *,
        person: str | None = None,
        lang: str = "nl",
        key: bytes | None = None,
        threshold: int = DEFAULT_THRESHOLD,
        locked: bool | None = None,
        code: str | None = None,
        demo: bool | None = None,
    ):
        from leerlib.errors import PrivacyError
        from leerlib.privacy import load_key, signed_links_enabled

        super().__init__(lang)
        self.locked = signed_links_enabled() if locked is None else bool(locked)
        self.demo = (served_demo() if demo is None else bool(demo)) and not self.locked
        self._link_key = key
        if self.locked and key is None:
            try:
                self._link_key = load_key()
            except PrivacyError:  # told on the page; a session key would match no link
                self._link_key = None
        self.survey = survey if survey is not None else sample_survey()
        self.threshold = int(threshold)
        people = self.survey.people
        teams = people["team"] if "team" in people.columns else pd.Series([], dtype=object)
        self._team_size = Counter(str(t) for t in teams.dropna() if str(t))
        self.consent = bool(getattr(self.survey, "consent_names", False))
        self._key = key if key is not None else dashboard_key()
        self.wave = str(self.survey.waves[-1]) if self.survey.waves else None
        self._graphs: dict = {}
        self._page_secret = secrets.token_bytes(16)  # orders the page-only ids of a map
        self.text_version_id = "ll-my-lists"  # the lists beside the map: its text version
        self._pending_person = person
        self.first_map.url_read = person is not None
        self._build()
        self._relabel()
        self._warm_up()
        if person is not None:
            with self.guard():
                self.select(person, code=code)
        elif self.locked and self._link_key is None:
            self.show_error(self.t("locked_no_key"))

    # data ------------------------------------------------------------------------------
    def graph(self, topic=None) -> nx.DiGraph:
        """Return the network of the latest round on ``topic`` (None: all topics), cached."""
        from leerlib.graph import build_graph

        if topic not in self._graphs:
            self._graphs[topic] = build_graph(self.survey, topic=topic, wave=self.wave)
        return self._graphs[topic]

    def _warm_up(self) -> None:
        """Do now what does not depend on the person.

        With preheated kernels this runs before anyone opens the page, so choosing a person
        only draws.
        """
        from leerlib.viz import ego_map

        for topic in (None, *(self.survey.topics or {})):
            self.graph(topic)
        G = self.graph(None)
        if G.number_of_nodes():  # one map of the busiest person: the map engine's lazy imports
            busiest = max(G.nodes, key=lambda v: (G.degree(v), str(v)))
            ego_map(G, busiest, lang=self.lang)

    @property
    def learning(self) -> tuple:
        """The topics ticked under "what would you like to learn more about?"."""
        return tuple(k for k, box in self.learn_boxes.items() if box.value)

    def _resolve(self, person: str) -> str | None:
        ids = [str(p) for p in self.survey.people["person_id"]]
        if person in ids:
            return person
        from leerlib.privacy import pseudonym_map

        back = {v: k for k, v in pseudonym_map(ids, self._key).items()}
        return back.get(person)

    def select(self, person: str | None, code: str | None = None) -> None:
        """Show ``person`` (a person_id or its pseudonym); when locked only with its ``code``."""
        from leerlib.privacy import check_code

        pid = self._resolve(str(person)) if person else None
        if pid is not None and pid not in self._names:
            pid = None
        if not self.locked:
            if pid is None:
                self.show_error(self.t("unknown_person"))
                return
            self.picker.value = pid
            return
        if self._link_key is None:
            self._unlock(None)
            self.show_error(self.t("locked_no_key"))
        elif pid is None or not check_code(pid, code, self._link_key):
            self._unlock(None)  # same answer for an unknown person and a wrong code
            self.show_info(self.t("locked_open_link"))
        else:
            self._unlock(pid)
            self.clear_message()

    def _unlock(self, pid: str | None) -> None:
        """Locked mode: offer only ``pid`` (or nobody) in the hidden list and show it."""
        self._updating = True
        try:
            self.picker.options = [("—", ALL)] + ([(self._names[pid], pid)] if pid else [])
            self.picker.value = pid or ALL
        finally:
            self._updating = False
        self.refresh()

    # widgets ---------------------------------------------------------------------------
    def _build(self) -> None:
        people = self.survey.people
        internal = people[people["internal"].astype(bool)] if "internal" in people else people
        options = sorted(
            (
                (str(n), str(p))
                for n, p in zip(internal["name"], internal["person_id"], strict=True)
            ),
            key=lambda o: o[0].lower(),
        )
        self._names = {p: n for n, p in options}
        self.picker = widgets.Dropdown(
            options=[("—", ALL)] + ([] if self.locked else options),
            value=ALL,
            disabled=self.locked,
            layout=widgets.Layout(width="340px"),
        )
        if self.locked:  # the page's address chooses the person
            self.picker.layout.display = "none"
        self.topic = widgets.Dropdown(layout=widgets.Layout(width="300px"))
        self.picker.add_class("ll-picker")
        self.topic.add_class("ll-topic")
        keys = list((self.survey.topics or {}).keys())
        self.learn_boxes = {
            k: widgets.Checkbox(
                value=False, indent=False, layout=widgets.Layout(width="auto", margin="0 18px 0 0")
            )
            for k in keys
        }
        self.learn = widgets.HBox(list(self.learn_boxes.values()))
        self.learn.add_class("ll-controls")
        self.learn.add_class("ll-learn")
        for w in (self.picker, self.topic, *self.learn_boxes.values()):
            w.observe(self._on_choice, names="value")
        self.map = widgets.HTML()
        self.map_caption = widgets.HTML()
        self.lists = widgets.HTML()
        self.suggest = widgets.HTML()
        self.learn_label = widgets.HTML()
        self.reflect = widgets.HTML()
        self.round_note = widgets.HTML()  # which round the page shows
        self.round_note.add_class("ll-round")
        self.value_change = widgets.HTML()  # your value profile, what changed since last round
        self.value_change.add_class("ll-section")
        self.value_change.add_class("ll-my-value-change")
        for w in (self.lists, self.suggest, self.reflect, self.learn_label):
            w.add_class("ll-section")
        controls = widgets.HBox([self.picker, self.topic])
        controls.add_class("ll-controls")
        left = widgets.VBox([self.map_caption, self.map], layout=widgets.Layout(width="62%"))
        right = widgets.VBox([self.lists], layout=widgets.Layout(width="38%", padding="0 0 0 16px"))
        learn_box = widgets.VBox([self.learn_label, self.learn, self.suggest])
        self.demo_note = widgets.HTML()  # the demonstration says so
        self.demo_note.add_class("ll-demo")
        if not self.demo:
            self.demo_note.layout.display = "none"
        self.body.children = [
            self.demo_note,
            controls,
            self.round_note,
            widgets.HBox([left, right]),
            learn_box,
            self.value_change,
            self.reflect,
        ]
        self._updating = False

    def _relabel(self) -> None:
        super()._relabel()
        self._updating = True
        try:
            self.picker.description = self.t("who_are_you")
            self.topic.description = self.t("topic")
            for w in (self.picker, self.topic):
                w.style = {"description_width": "initial"}
            self.set_topic_options()
            for k, box in self.learn_boxes.items():
                box.description = self.topic_label(k)
        finally:
            self._updating = False
        self.learn_label.value = f"<h3>{html.escape(self.t('want_to_learn'))}</h3>"
        self.round_note.value = (
            f'<p class="ll-note">{html.escape(self.t("personal_round_shown", round=self.wave))}</p>'
            if self.wave
            else ""
        )
        self.demo_note.value = (
            f'<div class="ll-info" role="note"><strong>'
            f"{html.escape(self.t('web_demo'))}</strong></div>"
            if self.demo
            else ""
        )
        self.reflect.value = self.reflection_html()
        self.refresh()

    def apply_url(self, params: dict) -> None:
        """Follow the page address.

        ``?lang=en``, ``?persoon=<person_id or pseudonym>`` (and ``&code=<code>`` when locked).
        """
        super().apply_url(params)
        person = params.get("persoon") or params.get("person")
        if self.locked:
            self.select(person, code=params.get("code"))
        elif person:
            self.select(person)

    def _on_choice(self, change) -> None:
        if self._updating:
            return
        with self.guard():
            self.clear_message()
            self.refresh()

    # drawing ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Redraw the map, the lists and the suggestions for the chosen person and topic."""
        person = self.picker.value or None
        if person is None:
            self.clear_map()
            text = self.t("locked_open_link" if self.locked else "pick_yourself")
            self.map_caption.value = f'<p class="ll-note">{html.escape(text)}</p>'
            self.lists.value = ""
            self.suggest.value = ""
            self.value_change.value = ""
            return
        self.draw_map(person)
        self.lists.value = (
            f'<div id="{self.text_version_id}" tabindex="-1">{self.lists_html(person)}</div>'
        )
        self.suggest.value = self.suggestions_html(person)
        self.value_change.value = _change_tab.personal_html(
            self.survey, person, threshold=self.threshold, lang=self.lang
        )

    def display_graph(self, person: str, G: nx.DiGraph) -> nx.DiGraph:
        """``G`` with names only where this person may see them (see the class Notes)."""
        if self.consent:
            return G
        H = G.copy()
        mine = set(G.successors(person)) if person in G else set()
        for v in list(H.nodes):
            if v != person and v not in mine:
                d = H.nodes[v]
                keep = {"name": self.t("colleague"), "internal": d.get("internal", True)}
                team = self._shown_team(d.get("team"))
                if team:
                    keep["team"] = team
                d.clear()
                d.update(keep)
        return H

    def map_graph(self, person: str, G: nx.DiGraph) -> tuple[nx.DiGraph, str]:
        """Return what the map of ``person`` sends to the browser: their own network and no more.

        Without consent the colleagues who named ``person`` (and whom ``person`` did not name)
        are shown as "a colleague" and nothing else: in the map data they get ids that hold
        for this page only (``c1``, ``c2`` ..., in an order that follows no id, name or list)
        and no attributes at all (no person_id, pseudonym, team or role). Everyone else in the
        map, the person and whom they named, also gets a page-only id; what the page shows of
        them (name, team, role, school) stays. Only ties among these people, with their topics
        and weight, go along, so a hover card's counts are counts within this map.

        Returns
        -------
        (networkx.DiGraph, str)
            The graph for :func:`leerlib.viz.ego_map` and the page-only id of ``person``.
        """
        if person not in G:
            return G, person
        return _model.own_map_graph(
            G, person, secret=self._page_secret, colleague=self.t("colleague")
        )

    def _shown_team(self, team) -> str | None:
        """Return the team, if it is large enough to be named beside an unnamed colleague."""
        team = str(team) if isinstance(team, str) and team else None
        return team if team and self._team_size.get(team, 0) >= self.threshold else None

    def draw_map(self, person: str) -> None:
        """Draw ``person``'s own network into the map widget."""
        from leerlib.viz import ego_map

        G = self.graph(None)
        if person not in G:
            G = G.copy()
            G.add_node(person, **self.survey.people.set_index("person_id").loc[person].to_dict())
        labels = {k: self.topic_label(k) for k in (self.survey.topics or {})}
        H, me = (G, person) if self.consent else self.map_graph(person, G)
        m = ego_map(
            H,
            me,
            topic=self.chosen_topic,
            label_by="name",
            topic_labels=labels,
            lang=self.lang,
            height=460,
            title=f"{self.t('your_map')} · {self.topic_label(self.chosen_topic)}",
        )
        self.show_map(m)
        self.map_caption.value = (
            '<p class="ll-note">'
            + html.escape(self.t("your_map_caption", direction=self.t("direction")))
            + f' <a class="ll-text-version" href="#{self.text_version_id}">'
            + html.escape(self.t("map_text_version_lists"))
            + "</a></p>"
        )

    def _name(self, G, v) -> str:
        d = G.nodes[v]
        team = d.get("team")
        return f"{d.get('name') or v}" + (f" ({team})" if isinstance(team, str) and team else "")

    def _topics_of(self, G, u, v) -> str:
        return ", ".join(self.topic_label(k) for k in G.edges[u, v].get("topics") or ())

    def lists_html(self, person: str) -> str:
        """Return the lists beside the map: whom ``person`` asks and who asks them."""
        e = html.escape
        G = self.graph(self.chosen_topic)
        out, inn = _model.ego_lists(G, person)
        parts = [f"<h3>{e(self.t('you_go_to'))}</h3>"]
        if out:
            parts.append(
                "<ul>"
                + "".join(
                    f"<li>{e(self._name(G, v))}<br><span class='ll-note'>"
                    f"{e(self._topics_of(G, person, v))}</span></li>"
                    for v in out
                )
                + "</ul>"
            )
        else:
            parts.append(f"<p>{e(self.t('no_ties_you'))}</p>")
        parts.append(f"<h3>{e(self.t('come_to_you'))}</h3>")
        if not inn:
            parts.append(f"<p>{e(self.t('no_ties_them'))}</p>")
        elif self.consent:
            parts.append(
                "<ul>"
                + "".join(
                    f"<li>{e(self._name(G, u))}<br><span class='ll-note'>"
                    f"{e(self._topics_of(G, u, person))}</span></li>"
                    for u in inn
                )
                + "</ul>"
            )
        else:
            teams = Counter(
                self._shown_team(G.nodes[u].get("team")) or self.t("other_teams") for u in inn
            )
            parts.append(
                f"<p>{e(self.t('come_to_you_count', n=len(inn)))}</p><ul>"
                + "".join(f"<li>{e(t)}: {c}</li>" for t, c in sorted(teams.items()))
                + "</ul>"
            )
        return "".join(parts)

    def suggestions_html(self, person: str) -> str:
        """Return the colleagues ``person`` might learn from next, as HTML.

        Each suggestion says how to reach the colleague: through a contact the person knows
        by name. With consent (``Survey.consent_names``) the colleague is named; without it,
        the colleague stays "someone" (from their team when it has at least ``threshold``
        members) and the line asks the named contact who that is. Without consent only the
        colleagues whom the person named are named, so a suggestion reachable only through
        people who named the person (unnamed here) is left out: it gives no way to act.
        """
        e = html.escape
        G_all = self.graph(None)
        mine = set(G_all.successors(person)) if person in G_all else set()
        lines = []
        for k in self.learning:
            sug = _model.suggest_contacts(G_all, self.graph(k), person, n=len(G_all))
            shown = 0
            for rec in sug.itertuples(index=False):
                via = [v for v in rec.via if self.consent or v in mine]
                if not via:
                    continue
                names = self.t("suggest_and").join(
                    str(G_all.nodes[v].get("name") or v) for v in via[:3]
                )
                topic = self.topic_label(k)
                if self.consent:
                    line = self.t(
                        "suggest_named",
                        who=self._name(G_all, rec.person_id),
                        name=str(G_all.nodes[rec.person_id].get("name") or rec.person_id),
                        topic=topic,
                        n=int(rec.named_by),
                        via=names,
                    )
                else:
                    team = self._shown_team(G_all.nodes[rec.person_id].get("team"))
                    line = self.t(
                        "suggest_unnamed",
                        topic=topic,
                        via=names,
                        team=self.t("suggest_in_team", team=team) if team else "",
                    )
                lines.append(line)
                shown += 1
                if shown == 3:
                    break
        head = f"<h4>{e(self.t('suggestions'))}</h4>"
        if not lines:
            return head + f"<p>{e(self.t('no_suggestions'))}</p>"
        return head + "<ul>" + "".join(f"<li>{e(line)}</li>" for line in lines) + "</ul>"

    def reflection_html(self) -> str:
        """Return the reflection prompts, in the page's language (see :func:`reflection_html`)."""
        return reflection_html(self.lang)


def reflection_html(lang: str) -> str:
    """Return the reflection prompts in ``lang``: an employee's questions first, the why behind.

    The questions are put plainly; the value-creation cycles they follow (Wenger, Trayner &
    de Laat 2011) and their names are behind a "why these questions?" disclosure.
    """
    from leerlib.dashboards.i18n import t

    e = html.escape
    items = "".join(
        f"<li><b>{e(t('cycle_' + c + '_lead', lang))}</b> {e(t('cycle_' + c + '_q', lang))}</li>"
        for c in CYCLES
    )
    kinds = "".join(
        f"<li>{e(t('cycle_' + c, lang))}: {e(t('cycle_' + c + '_lead', lang))}</li>" for c in CYCLES
    )
    return (
        f"<h3>{e(t('reflect_title', lang))}</h3>"
        f"<p class='ll-note'>{e(t('reflect_intro', lang))}</p><ul>{items}</ul>"
        f"<details class='ll-why'><summary>{e(t('reflect_why', lang))}</summary>"
        f"<p class='ll-note'>{e(t('reflect_why_text', lang))}</p><ul>{kinds}</ul></details>"
    )
