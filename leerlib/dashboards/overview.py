"""The HR overview dashboard ("Netwerk in beeld"): map, key figures, lists, teams, data, downloads."""

from __future__ import annotations

import dataclasses
import html

import ipywidgets as widgets
import networkx as nx
import pandas as pd

from leerlib.dashboards import _figures, _model, _render
from leerlib.dashboards._base import App, read_upload, upload_label
from leerlib.dashboards._data import (
    dashboard_key,
    load_uploads,
    open_workspace,
    sample_survey,
    upload_source,
)
from leerlib.dashboards._downloads import make_downloads
from leerlib.dashboards._extra_tabs import ValueChangeTabs
from leerlib.dashboards._report import CleaningReport
from leerlib.dashboards._rounds import WorkspaceRounds
from leerlib.errors import LeerlibError
from leerlib.privacy import DEFAULT_THRESHOLD

__all__ = ["OverviewApp"]

COLOR_CHOICES = (("cluster", "community"), ("team", "team"), ("school", "school"), ("role", "role"))
SIZE_CHOICES = (
    ("size_in_degree", "in_degree"),
    ("size_betweenness", "betweenness"),
    ("size_out_degree", "out_degree"),
)
TAB_KEYS = ("tab_map", "tab_figures", "tab_people", "tab_teams", "tab_data", "tab_downloads")


class OverviewApp(WorkspaceRounds, ValueChangeTabs, CleaningReport, App):
    """The HR overview of a learning network, pseudonymised by default.

    Parameters
    ----------
    survey : Survey, optional
        Cleaned survey data; default the bundled sample (both rounds). Not together with
        ``workspace``.
    lang : {"nl", "en"}
        Starting language (a switch in the page changes it).
    threshold : int
        Groups with fewer members are hidden in every group figure (privacy); with a workspace,
        at least its organisation's minimum group size.
    key : bytes, optional
        Pseudonymisation key; default the workspace's key, else ``LEERLIB_KEY`` or a key for
        this session only.
    workspace : Workspace, path or database URL, optional
        Read the rounds from this workspace (:class:`leerlib.Workspace`): the round dropdown
        lists its rounds (the latest chosen), pseudonyms come from its key, so they are the
        same in every page, session and download; an upload becomes a new round only when
        the user confirms it after seeing its cleaning report (:meth:`confirm_round`).

    Examples
    --------
    >>> import leerlib.dashboards as d
    >>> app = d.OverviewApp(_tiny_survey())  # doctest: +SKIP
    """

    title_key = "overview_title"
    subtitle_key = "overview_subtitle"

    def __init__(
        self,
        survey=None,
        *,
        lang: str = "nl",
        threshold: int = DEFAULT_THRESHOLD,
        key: bytes | None = None,
        workspace=None,
    ):
        super().__init__(lang)
        if survey is not None and workspace is not None:
            raise LeerlibError("OverviewApp: give a survey or a workspace, not both")
        self.workspace = open_workspace(workspace)
        self.threshold = int(threshold)
        if self.workspace is not None:
            self.threshold = max(self.threshold, self.workspace.org.min_group_size)
            if key is None:
                key = self.workspace.key
        self._key = key if key is not None else dashboard_key()
        self.consent = False
        self.source = None
        self._build()
        with self.guard():
            if self.workspace is not None:
                self._start_workspace()
            else:
                self.set_survey(survey if survey is not None else sample_survey(), source="sample")
        # set_survey drew the map already: the labels must not draw the same map again
        self._relabel(redraw=False)

    # data ------------------------------------------------------------------------------
    def set_survey(self, survey, *, source: str = "upload", wave: str | None = None) -> None:
        """Show ``survey``: pseudonymise it, reset the choices, redraw everything.

        ``wave`` is the round to show first (default the latest); ``source`` is "sample",
        "upload" or "workspace" (then the round dropdown lists every stored round).
        """
        from leerlib.privacy import k_anonymize, pseudonymize, quasi_identifiers

        self.survey = survey
        private = pseudonymize(survey, self._key)
        # what the staff list also holds (team, role, years of service ...) is generalised until
        # every combination is shared by `threshold` people; the team is kept the longest
        quasi = quasi_identifiers(private.people, roster=survey.people.columns)
        self.private = dataclasses.replace(
            private, people=k_anonymize(private.people, quasi, k=self.threshold, keep_columns=True)
        )
        self.source = source
        self._cache: dict = {}
        self.consent = bool(getattr(survey, "consent_names", False))
        self.names.value = False
        self.names.disabled = not self.consent
        waves = [str(w) for w in (survey.waves or sorted(survey.ties["wave"].astype(str).unique()))]
        self._show_extra_tabs(waves)
        self._updating = True
        try:
            self.wave.options = self._wave_options(waves)
            self.wave.value = wave if wave in waves else (waves[-1] if waves else None)
            self.set_topic_options()
            present = [
                v for _, v in COLOR_CHOICES if v == "community" or v in survey.people.columns
            ]
            self.color.options = [(self.t(k), v) for k, v in COLOR_CHOICES if v in present]
            self.color.value = "community"
            self.group.options = [(self.t(k), v) for k, v in COLOR_CHOICES[1:] if v in present]
            self.group.value = (
                "team" if "team" in present else (present[1] if len(present) > 1 else None)
            )
        finally:
            self._updating = False
        self.refresh()

    @property
    def active(self):
        """The survey shown: with names only when consented and switched on."""
        return self.survey if (self.consent and self.names.value) else self.private

    def graph(self, topic=None) -> nx.DiGraph:
        """Return the network of the chosen round and ``topic`` (None: all topics), cached."""
        from leerlib.graph import build_graph

        k = ("G", self.wave.value, topic, self.active is self.survey)
        if k not in self._cache:
            self._cache[k] = build_graph(self.active, topic=topic, wave=self.wave.value)
        return self._cache[k]

    def person_label(self, G: nx.DiGraph, v) -> str:
        """How person ``v`` of ``G`` is listed (:func:`_figures.person_label`)."""
        return _figures.person_label(G, v)

    def topic_graphs(self, *, chosen_first: bool = False) -> dict:
        """Return topic key -> the network of the chosen round on it.

        In the codebook's order (with ``chosen_first``, the chosen topic first).
        """
        keys = list((self.survey.topics or {}).keys())
        if chosen_first and self.chosen_topic in keys:
            keys.remove(self.chosen_topic)
            keys.insert(0, self.chosen_topic)
        return {k: self.graph(k) for k in keys}

    # widgets ---------------------------------------------------------------------------
    def _build(self) -> None:
        self._updating = False
        self.wave = widgets.Dropdown(layout=widgets.Layout(width="200px"))
        self.topic = widgets.Dropdown(layout=widgets.Layout(width="280px"))
        self.color = widgets.Dropdown(layout=widgets.Layout(width="220px"))
        self.size = widgets.Dropdown(layout=widgets.Layout(width="300px"))
        self.names = widgets.Checkbox(
            value=False, indent=False, layout=widgets.Layout(width="auto")
        )
        self.names_note = widgets.HTML()
        for w, css in (
            (self.wave, "ll-wave"),
            (self.topic, "ll-topic"),
            (self.color, "ll-color"),
            (self.size, "ll-size"),
            (self.names, "ll-names"),
        ):
            w.observe(self._on_choice, names="value")
            w.add_class(css)
        self.map = widgets.HTML()
        self.map.add_class("ll-map")
        self.map_caption = widgets.HTML()
        controls = widgets.HBox([self.wave, self.topic, self.color, self.size])
        controls.add_class("ll-controls")
        names_row = widgets.HBox([self.names, self.names_note])
        names_row.add_class("ll-controls")
        # the map's text version is the go-to people and bridges tab: a button goes there
        self.text_version = widgets.Button(layout=widgets.Layout(width="auto"))
        self.text_version.add_class("ll-text-version")
        self.text_version.on_click(self.guarded(self._to_text_version))
        map_tab = widgets.VBox([controls, names_row, self.map_caption, self.text_version, self.map])

        self.figures = widgets.HTML()
        self.people = widgets.HTML()
        self.group = widgets.Dropdown(layout=widgets.Layout(width="220px"))
        self.group.add_class("ll-teams-group")
        self.group.observe(self._on_choice, names="value")
        self.teams = widgets.HTML()
        teams_tab = widgets.VBox([self.group, self.teams])

        self.up_roster = widgets.FileUpload(accept=".csv,.xlsx", multiple=False)
        self.up_export = widgets.FileUpload(accept=".csv,.xlsx", multiple=False)
        self.up_codebook = widgets.FileUpload(accept=".toml", multiple=False)
        for up, css in (
            (self.up_roster, "ll-up-roster"),
            (self.up_export, "ll-up-export"),
            (self.up_codebook, "ll-up-codebook"),
        ):
            up.add_class("ll-upload")
            up.add_class(css)
            up.observe(self._on_file, names="value")
        self.load_button = widgets.Button(button_style="primary", icon="check")
        self.load_button.on_click(self.guarded(self._on_load))
        self.load_button.add_class("ll-load")
        self.data_text = widgets.HTML()
        self.report_box = self._build_report()
        rounds_list, monitor, confirm_box = self._build_rounds()
        data_tab = widgets.VBox(
            [
                self.data_text,
                rounds_list,
                monitor,
                widgets.HBox([self.up_roster, self.up_export, self.up_codebook, self.load_button]),
                self.report_box,
                confirm_box,
            ]
        )

        self.dl_text = widgets.HTML()
        self.dl_button = widgets.Button(button_style="primary", icon="download")
        self.dl_button.on_click(self.guarded(self._on_downloads))
        self.dl_button.add_class("ll-make-downloads")
        self.dl_links = widgets.HTML()
        dl_tab = widgets.VBox([self.dl_text, self.dl_button, self.dl_links])

        for box in (self.figures, self.people, self.teams, self.data_text, self.dl_text):
            box.add_class("ll-section")
        self.tabs = widgets.Tab(
            children=[
                map_tab,
                self.figures,
                self.people,
                teams_tab,
                data_tab,
                dl_tab,
                *self._build_extra_tabs(),
            ]
        )
        self.tabs.observe(self._on_tab, names="selected_index")
        self.body.children = [self.tabs]
        self._dirty: set = set()

    def topic_keys(self) -> list:
        """Return the codebook's topics; without any, the topics in the ties."""
        return super().topic_keys() or sorted(self.survey.ties["topic"].unique())

    def _relabel(self, redraw: bool = True) -> None:
        super()._relabel()
        self._updating = True
        try:
            self.wave.description = self.t("round")
            self.topic.description = self.t("topic")
            self.color.description = self.t("color_by")
            self.size.description = self.t("size_by")
            self.group.description = self.t("teams_group_by")
            for w in (self.wave, self.topic, self.color, self.size, self.group):
                w.style = {"description_width": "initial"}
            if hasattr(self, "survey"):
                self.set_topic_options()
                for dd, choices in ((self.color, COLOR_CHOICES), (self.group, COLOR_CHOICES[1:])):
                    value = dd.value
                    dd.options = [
                        (self.t(k), v) for k, v in choices if v in {o[1] for o in dd.options}
                    ]
                    dd.value = value
            size = self.size.value or "in_degree"
            self.size.options = [(self.t(k), v) for k, v in SIZE_CHOICES]
            self.size.value = size
            self.names.description = self.t("show_names")
        finally:
            self._updating = False
        self.names_note.value = (
            f'<span class="ll-note">'
            f"{html.escape(self.t('names_hidden' if self.consent else 'names_no_consent')) if hasattr(self, 'consent') else ''}"
            "</span>"
        )
        self.tabs.titles = tuple(self.t(k) for k in TAB_KEYS + self.extra_tab_keys())
        self.report_box.titles = (self.t("report_title"),)
        self._relabel_report()
        self.load_button.description = self.t("load")
        self.text_version.description = self.t("map_text_version_overview")
        self.dl_button.description = self.t("dl_make")
        for up, key in (
            (self.up_roster, "upload_roster"),
            (self.up_export, "upload_export"),
            (self.up_codebook, "upload_codebook"),
        ):
            up.description = upload_label(self.t(key), up.value)
        data_text = (
            self.t("data_text_workspace", org=self.workspace.org.name)
            if self.workspace is not None
            else self.t("data_text")
        )
        self.data_text.value = (
            f"<h3>{html.escape(self.t('data_title'))}</h3><p>{html.escape(data_text)}</p>"
        )
        self._relabel_rounds()
        self.dl_text.value = f"<p>{html.escape(self.t('downloads_text'))}</p>"
        if redraw and hasattr(self, "survey"):
            self.refresh()

    # events ----------------------------------------------------------------------------
    def _on_choice(self, change) -> None:
        if self._updating:
            return
        with self.guard():
            self.clear_message()
            if change.get("owner") is self.wave and self._on_round_chosen(change["new"]):
                return  # another stored round was read and drawn
            self.refresh()

    def _on_file(self, change) -> None:
        key = {
            id(self.up_roster): "upload_roster",
            id(self.up_export): "upload_export",
            id(self.up_codebook): "upload_codebook",
        }[id(change["owner"])]
        change["owner"].description = upload_label(self.t(key), change["new"])

    def apply_url(self, params: dict) -> None:
        """Follow the page address (``?lang=``).

        With a workspace, read its rounds again first, since a preheated page was made before it
        was asked for.
        """
        self.sync_rounds()
        super().apply_url(params)

    def _to_text_version(self, _button=None) -> None:
        self.tabs.selected_index = TAB_KEYS.index("tab_people")

    def _on_tab(self, change) -> None:
        with self.guard():
            self._draw_tab(change["new"])

    def _on_load(self, _button=None) -> None:
        files = {
            k: read_upload(up)
            for k, up in (
                ("upload_roster", self.up_roster),
                ("upload_export", self.up_export),
                ("upload_codebook", self.up_codebook),
            )
        }
        missing = [self.t(k) for k, v in files.items() if v is None and k != "upload_roster"]
        if missing:
            raise LeerlibError(self.t("load_missing", missing=", ".join(missing)))
        survey = load_uploads(
            files["upload_roster"], files["upload_export"], files["upload_codebook"]
        )
        if self.workspace is not None:  # a new round only once the user confirms it
            roles = (
                ("survey", "upload_export"),
                ("roster", "upload_roster"),
                ("codebook", "upload_codebook"),
            )
            self.hold_upload(
                survey,
                {role: upload_source(*files[k]) for role, k in roles if files[k] is not None},
            )
            # counted as the cards and the map will count the round once it is confirmed
            waves = [str(w) for w in survey.waves]
            self.show_info(self._loaded_notice(survey, waves[-1] if waves else None, pending=True))
            return
        self.set_survey(survey, source="upload")
        self.show_info(self._loaded_notice(survey, self.wave.value, G=self.graph(None)))

    def _loaded_notice(self, survey, wave, *, G=None, pending: bool = False) -> str:
        """Return the notice after an upload.

        People and ties of round ``wave`` (all topics), counted as the key figures and the map
        count them; with ``pending`` it adds that the round is not stored yet.
        """
        from leerlib.graph import build_graph

        if G is None:
            G = build_graph(survey, wave=wave)
        r = survey.responses
        internal = sum(1 for _, d in G.nodes(data=True) if d.get("internal", True) is not False)
        notice = _figures.loaded_text(
            internal,
            *_model.tie_counts(G),
            responded=int(r["responded"].sum()) if len(r) else 0,
            invited=len(r),
            waves=", ".join(str(w) for w in survey.waves),
            wave=wave,
            lang=self.lang,
        )
        return f"{notice} {self.t('loaded_pending')}" if pending else notice
        self.report_box.selected_index = 0

    def _on_downloads(self, _button=None) -> None:
        self.dl_links.value = make_downloads(self)

    # drawing ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Redraw the map and mark the other tabs for redrawing when they are opened."""
        self._dirty = set(range(len(self.tabs.children)))
        self.dl_links.value = ""
        self._draw_tab(0)
        if self.tabs.selected_index not in (None, 0):
            self._draw_tab(self.tabs.selected_index)

    def _draw_tab(self, index) -> None:
        if index is None or index not in self._dirty:
            return
        self._dirty.discard(index)
        if index == 0:
            self.draw_map()
        elif index == 1:
            self.figures.value = _figures.key_figures_html(
                self.graph(self.chosen_topic),
                topic_label=self.topic_label(self.chosen_topic),
                wave=self.wave.value,
                lang=self.lang,
            )
        elif index == 2:
            self.people.value = _figures.people_html(
                self.graph(self.chosen_topic),
                self.topic_graphs(chosen_first=True),
                topic_labels={k: self.topic_label(k) for k in (self.survey.topics or {})},
                lang=self.lang,
            )
        elif index == 3:
            self.teams.value = self.teams_html()
        elif index == 4:
            self.show_report()
        else:
            self._draw_extra(index)

    def show_report(self) -> None:
        """Return the cleaning report in the data tab.

        Of an upload waiting for confirmation (which marks it seen and opens the report), else
        of the data shown.
        """
        if self.pending is None:
            self.show_log(self.active.log, names=self.active is self.survey)
            return
        view = self.pending_view()
        self.show_log(
            view.log,
            head=f'<p class="ll-note ll-pending-report">{html.escape(self.t("report_pending"))}</p>',
            names=view is self.pending.survey,
        )
        self.pending.report_seen = True
        self.report_box.selected_index = 0

    def current_map(self):
        """Return the map of the current choices (a :class:`leerlib.viz.NetworkMap`)."""
        from leerlib.viz import network_map

        G = self.graph(self.chosen_topic)
        title = (
            f"{self.topic_label(self.chosen_topic)} · {self.t('round').lower()} {self.wave.value}"
        )
        labels = {k: self.topic_label(k) for k in (self.survey.topics or {})}
        return network_map(
            G,
            color_by=self.color.value,
            size_by=self.size.value,
            label_by="name",
            topic_labels=labels,
            lang=self.lang,
            title=title,
            height=560,
        )

    def draw_map(self) -> None:
        """Draw the map of the chosen topic into the map widget."""
        G = self.graph(self.chosen_topic)
        self.show_map(self.current_map())
        self.map_caption.value = (
            '<p class="ll-note">' + html.escape(_figures.map_caption(G, lang=self.lang)) + "</p>"
        )

    def teams_html(self) -> str:
        """Return the teams tab: who learns from whom across the chosen grouping."""
        group = self.group.value
        self.group.layout.display = "" if self.group.options else "none"
        if group is None:  # no team, school or role column: say so instead of an empty tab
            return (
                f"<h3>{html.escape(self.t('groups_none_title'))}</h3>"
                f"<p>{html.escape(self.t('groups_none'))}</p>"
            )
        words = _figures.group_words(group, lang=self.lang)
        G = self.graph(self.chosen_topic)
        # the same groups as the download hides (small ones and their complement)
        matrix, hidden = _model.group_matrix(
            G,
            group,
            threshold=self.threshold,
            hide=_model.release_hidden(G, group, threshold=self.threshold),
        )
        never = _model.never_pairs(matrix)
        e = html.escape
        parts = [
            f"<h3>{e(self.t('groups_title', **words))}</h3>"
            f"<p>{e(self.t('groups_text', **words))}</p>"
        ]
        if never:
            by_first: dict = {}
            for a, b in never:
                by_first.setdefault(a, []).append(b)
            rows = "".join(
                f"<tr><th>{e(a)}</th><td>{_render.pills(bs)}</td></tr>"
                for a, bs in by_first.items()
            )
            parts.append(
                f"<h4>{e(self.t('groups_never', **words))}</h4>"
                f'<div class="ll-never-box"><table class="ll-table ll-never">{rows}</table></div>'
            )
        elif len(matrix) > 1:
            parts.append(f"<p>{e(self.t('groups_never_none', **words))}</p>")
        parts.append(
            '<div class="ll-scroll">'
            + _render.heatmap(matrix, row_title=self.t(group), col_title=self.t(group))
            + "</div>"
        )
        if hidden:
            parts.append(f'<p class="ll-note">{e(self.t("hidden_small", n=self.threshold))}</p>')
        return "".join(parts)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return the tables behind the current view (for downloads), privacy rules applied."""
        return _figures.tables(
            self.graph(self.chosen_topic),
            self.topic_graphs(),
            log=self.active.log,
            group=self.group.value,
            threshold=self.threshold,
            lang=self.lang,
        )
