"""The overview's "Waarde" (value) and "Verandering" (change) tabs, as a part of OverviewApp."""

from __future__ import annotations

import html

import ipywidgets as widgets

from leerlib.dashboards import _change_tab, _value_tab
from leerlib.dashboards._base import page_maps
from leerlib.dashboards._figures import person_label

__all__ = ["EXTRA_TAB_KEYS", "ValueChangeTabs"]

#: The tabs after the overview's first six: value, then change (only with two rounds or more).
EXTRA_TAB_KEYS = ("tab_value", "tab_change")
VALUE_TAB, CHANGE_TAB = 6, 7


class ValueChangeTabs:
    """The value and change tabs of :class:`leerlib.dashboards.OverviewApp`.

    Uses the app's ``survey``, ``active`` (the view: pseudonymised unless names are shown),
    ``wave``, ``threshold``, ``lang``, ``t`` and ``_cache``.
    """

    def _build_extra_tabs(self) -> list:
        self.value_text = widgets.HTML()
        self.value_text.add_class("ll-section")
        self.value_text.add_class("ll-value")
        self.value_map_caption = widgets.HTML()
        self.value_map = widgets.HTML()
        self.value_map.add_class("ll-value-map")
        self.change = widgets.HTML()
        self.change.add_class("ll-section")
        self.change.add_class("ll-change")
        self._value_tab = widgets.VBox([self.value_text, self.value_map_caption, self.value_map])
        return [self._value_tab, self.change]

    def extra_tab_keys(self) -> tuple:
        """Text keys of the extra tabs shown (change only with two rounds or more)."""
        return EXTRA_TAB_KEYS[: len(self.tabs.children) - VALUE_TAB]

    def _show_extra_tabs(self, waves) -> None:
        """Show the change tab only when the data has two rounds or more."""
        base = list(self.tabs.children[:VALUE_TAB])
        extra = [self._value_tab] + ([self.change] if len(waves) >= 2 else [])
        if self.tabs.selected_index is not None and self.tabs.selected_index >= VALUE_TAB + len(
            extra
        ):
            self.tabs.selected_index = 0
        titles = tuple(self.tabs.titles or ())[:VALUE_TAB]
        self.tabs.children = base + extra
        if len(titles) == VALUE_TAB:  # after an upload: the titles of the tabs now shown
            self.tabs.titles = titles + tuple(self.t(k) for k in EXTRA_TAB_KEYS[: len(extra)])

    def _draw_extra(self, index) -> None:
        if index == VALUE_TAB:
            self.draw_value()
        elif index == CHANGE_TAB:
            self.draw_change()

    # value -----------------------------------------------------------------------------
    def draw_value(self) -> None:
        """Fill the value tab for the chosen round: profiles, positions, stories, the map."""
        from leerlib.errors import SchemaError
        from leerlib.metrics.value import tie_value
        from leerlib.viz import value_flow_map

        survey, wave = self.active, self.wave.value
        group = "team" if "team" in survey.people.columns else None
        named = self.active is self.survey
        before, leavers, label = None, [], None
        cmp = self.comparison()
        if cmp is not None and str(cmp.after) == str(wave):
            # the bridge who left with the largest betweenness: the first the change tab lists
            ppl = cmp.people
            gone = ppl[(ppl["status"] == "left") & ppl["broker_before"].fillna(False).astype(bool)]
            gone = gone.sort_values("betweenness_before", ascending=False, kind="stable")
            if len(gone):
                before, leavers = cmp.before, [str(gone.index[0])]
                label = person_label(cmp.graphs["before"], gone.index[0])
        self.value_text.value = _value_tab.value_tab_html(
            survey,
            wave=wave,
            group=group,
            threshold=self.threshold,
            lang=self.lang,
            stories=getattr(survey, "stories", None),
            show_text=named,
            before=before,
            leavers=leavers,
            leaver_label=label,
        )
        value = getattr(survey, "value", None)
        if value is None or not (value["wave"].astype(str) == str(wave)).any():
            self.value_map.value = ""
            self.value_map_caption.value = ""
            return
        per_tie = True
        try:
            tv = tie_value(survey, str(wave))
        except SchemaError:  # no per-tie value columns: each asker's own value on their ties
            per_tie = False
            tv = tie_value(survey, str(wave), attribute=True)
        m = value_flow_map(
            survey,
            str(wave),
            tie_values=tv,
            lang=self.lang,
            height=560,
            title=self.t("value_map_title", wave=wave),
        )
        self.value_map.value = m.mount_html() if page_maps() else m._repr_html_()
        caption = self.t("value_map_caption", direction=self.t("direction"))
        if per_tie:
            caption = self.t("direction")
        self.value_map_caption.value = (
            f"<h4>{html.escape(self.t('value_map_title', wave=wave))}"
            f'</h4><p class="ll-note">{html.escape(caption)}</p>'
        )

    # change ----------------------------------------------------------------------------
    def comparison(self):
        """Compare the round before the chosen one with the chosen one (cached).

        :func:`leerlib.compare_rounds` on the survey as shown; None with one round.
        """
        from leerlib.metrics.change import compare_rounds

        survey = self.active
        waves = [str(w) for w in (survey.waves or sorted(survey.ties["wave"].astype(str).unique()))]
        rounds = _change_tab.rounds_to_compare(waves, self.wave.value)
        if rounds is None:
            return None
        k = ("cmp", rounds, survey is self.survey)
        if k not in self._cache:
            across = [c for c in ("team", "school") if c in survey.people.columns]
            self._cache[k] = compare_rounds(
                survey, *rounds, group=across[0] if across else None, across=across or None
            )
        return self._cache[k]

    def draw_change(self) -> None:
        """Fill the change tab: both rounds' maps, the summary, brokers who left, newcomers."""
        cmp = self.comparison()
        if cmp is None:
            self.change.value = f"<p>{html.escape(self.t('change_single'))}</p>"
            return
        k = ("cmp_image", cmp.before, cmp.after, self.active is self.survey, self.lang)
        if k not in self._cache:
            self._cache[k] = _change_tab.change_image(cmp, lang=self.lang)
        ks = ("cmp_slope", cmp.before, cmp.after, self.active is self.survey, self.lang)
        if ks not in self._cache:
            self._cache[ks] = _change_tab.slope_image(cmp, lang=self.lang)
        self.change.value = _change_tab.change_tab_html(
            cmp,
            lang=self.lang,
            names=self.active is self.survey,
            image=self._cache[k],
            slope=self._cache[ks],
        )
