"""The overview's rounds from a workspace: the round choice, and an upload saved as a new round."""

from __future__ import annotations

import dataclasses
import html

import ipywidgets as widgets
import pandas as pd

from leerlib.dashboards._change_tab import rounds_to_compare
from leerlib.errors import LeerlibError

__all__ = ["PendingRound", "rounds_to_load", "suggest_name", "WorkspaceRounds"]


@dataclasses.dataclass
class PendingRound:
    """An uploaded round waiting for the user's confirmation.

    Attributes
    ----------
    survey : Survey
        The cleaned upload.
    sources : dict
        role -> :class:`leerlib.io.Source` of the uploaded files (their name, size and SHA-256
        are stored with the round; the files themselves are not).
    report_seen : bool
        Its cleaning report has been put before the user.
    """

    survey: object
    sources: dict
    report_seen: bool = False


def rounds_to_load(names, chosen) -> list[str]:
    """Return the stored rounds the overview reads to show round ``chosen``.

    It and the round it is compared with in the change tab (the one before; for the first round,
    the next).

    Examples
    --------
    >>> rounds_to_load(["2024", "2025", "2026"], "2025")
    ['2024', '2025']
    >>> rounds_to_load(["2024", "2025", "2026"], "2024")
    ['2024', '2025']
    >>> rounds_to_load(["2026"], "2026")
    ['2026']
    """
    pair = rounds_to_compare([str(n) for n in names], chosen)
    return list(pair) if pair is not None else [str(chosen)]


def suggest_name(survey, taken) -> str:
    """Return a name for an uploaded round: its wave, unless a stored round has that name already.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> suggest_name(SimpleNamespace(waves=["2027"]), ["2025", "2026"])
    '2027'
    >>> suggest_name(SimpleNamespace(waves=["2026"]), ["2025", "2026"])
    ''
    """
    waves = [str(w) for w in (getattr(survey, "waves", None) or [])]
    return waves[0] if len(waves) == 1 and waves[0] not in set(taken) else ""


class WorkspaceRounds:
    """The rounds part of :class:`leerlib.dashboards.OverviewApp` when it reads a workspace.

    The round dropdown (``wave``) lists the workspace's rounds by their labels, the latest
    chosen; the app reads the chosen round and the one it is compared with
    (:func:`rounds_to_load`). An upload is cleaned and its report shown; it becomes a stored
    round only when the user confirms it with a name (:meth:`confirm_round`).
    """

    workspace = None
    pending: PendingRound | None = None

    def _build_rounds(self) -> list:
        self.rounds_list = widgets.HTML()
        self.rounds_list.add_class("ll-rounds")
        self.confirm_text = widgets.HTML()
        self.round_name = widgets.Text(layout=widgets.Layout(width="260px"))
        self.round_name.add_class("ll-round-name")
        self.confirm_button = widgets.Button(button_style="success", icon="check")
        self.confirm_button.add_class("ll-confirm-round")
        self.confirm_button.on_click(self.guarded(self.confirm_round))
        self.discard_button = widgets.Button(icon="times")
        self.discard_button.add_class("ll-discard-round")
        self.discard_button.on_click(self.guarded(self.discard_round))
        self.confirm_box = widgets.VBox(
            [
                self.confirm_text,
                widgets.HBox([self.round_name, self.confirm_button, self.discard_button]),
            ]
        )
        self.confirm_box.add_class("ll-confirm")
        self.confirm_box.layout.display = "none"
        self.rounds_list.layout.display = "none"
        self.monitor = widgets.HTML()
        self.monitor.add_class("ll-monitor")
        return [self.rounds_list, self.monitor, self.confirm_box]

    def _relabel_rounds(self) -> None:
        self.round_name.description = self.t("round_name")
        self.round_name.style = {"description_width": "initial"}
        self.confirm_button.description = self.t("round_confirm")
        self.discard_button.description = self.t("round_discard")
        self.confirm_text.value = f"<p>{html.escape(self.t('round_confirm_text'))}</p>"
        if self.workspace is not None:
            self.rounds_list.value = self.rounds_html()
            self.monitor.value = self.monitor_html()

    # the round choice ------------------------------------------------------------------
    def round_table(self) -> pd.DataFrame:
        """Return the workspace's rounds (:meth:`leerlib.Workspace.round_table`), read once per change."""
        if getattr(self, "_round_table", None) is None:
            self._round_table = self.workspace.round_table()
        return self._round_table

    def round_options(self) -> list[tuple[str, str]]:
        """(label, name) of every stored round, oldest first."""
        table = self.round_table()
        return [
            (str(label), str(name))
            for name, label in zip(table["round"], table["label"], strict=True)
        ]

    def _start_workspace(self) -> None:
        names = [n for _, n in self.round_options()]
        if not names:
            raise LeerlibError(self.t("workspace_empty", org=self.workspace.org.name))
        self.choose_round(names[-1])
        self.rounds_list.layout.display = None

    def choose_round(self, name: str) -> None:
        """Show stored round ``name``.

        Read it (and the round it is compared with) from the workspace unless the survey shown
        holds it already.
        """
        names = [n for _, n in self.round_options()]
        if name not in names:
            raise LeerlibError(self.t("round_unknown", name=name, names=", ".join(names)))
        loaded = [str(w) for w in (getattr(self, "survey", None) and self.survey.waves or [])]
        if name not in loaded or getattr(self, "source", None) != "workspace":
            self.set_survey(
                self.workspace.survey(rounds_to_load(names, name)), source="workspace", wave=name
            )
        elif self.wave.value != name:
            self.wave.value = name

    def _wave_options(self, waves: list[str]):
        """Return the round dropdown's options: the workspace's rounds, else the survey's waves."""
        if self.workspace is None or getattr(self, "source", None) != "workspace":
            return waves
        return self.round_options()

    def _on_round_chosen(self, name) -> bool:
        """Follow the dropdown to ``name``; return True if that read other rounds (and redrew)."""
        if self.workspace is None or self.source != "workspace" or name in self.survey.waves:
            return False
        self.choose_round(name)
        return True

    def sync_rounds(self) -> None:
        """Read the list of rounds again (another page may have added one).

        A page that shows the latest round moves on to a newer one.
        """
        if self.workspace is None:
            return
        before = [n for _, n in self.round_options()]
        self._round_table = None
        after = [n for _, n in self.round_options()]
        self.rounds_list.value = self.rounds_html()
        self.monitor.value = self.monitor_html()
        if after == before or self.source != "workspace":
            return
        chosen = self.wave.value
        if not after:
            return
        # the dropdown offers the rounds there are now (also when one was removed), then the
        # page moves on to the latest if it showed the latest or its round is gone
        self._updating = True
        try:
            self.wave.options = self.round_options()
            if chosen in after:
                self.wave.value = chosen
        finally:
            self._updating = False
        if chosen not in after or (before and chosen == before[-1]):
            self.choose_round(after[-1])

    def rounds_html(self) -> str:
        """Return the workspace's rounds as a small table (name, label, imported, people, ties)."""
        from leerlib.dashboards import _render

        table = self.round_table()
        e = html.escape
        head = f"<h4>{e(self.t('rounds_title', org=self.workspace.org.name))}</h4>"
        if table.empty:
            return head
        shown = pd.DataFrame(
            {
                self.t("round"): table["round"],
                self.t("round_label"): table["label"],
                self.t("round_imported"): pd.to_datetime(table["imported_at"]).dt.strftime(
                    "%Y-%m-%d %H:%M"
                ),
                self.t("round_people"): table["internal"],
                self.t("round_ties"): table["ties"],
            }
        )
        return head + _render.table(shown)

    def monitor_html(self) -> str:
        """Return the response monitor of the round asked inside leerlib that is open, or "".

        Per team of the round's staff list: answered (any answer) of invited, done and the
        response rate (:meth:`leerlib.Workspace.response_monitor`). A team smaller than the
        overview's ``threshold`` (at least :data:`leerlib.privacy.DEFAULT_THRESHOLD` and the
        organisation's minimum group size) is not listed; a note says how many are left out.
        Who has not answered is never shown here.
        """
        from leerlib.dashboards import _render

        ws = self.workspace
        name = ws.open_round() if ws is not None else None
        if name is None:
            return ""
        label = ws.collect_form(name).label
        mon = ws.response_monitor(name, by="team", min_group=self.threshold)
        shown = mon[~mon["hidden"].astype(bool)].sort_values("team", kind="stable")
        e = html.escape
        table = pd.DataFrame(
            {
                self.t("team"): [str(g) or self.t("monitor_all") for g in shown["team"]],
                self.t("monitor_answered"): [
                    self.t("monitor_of", n=int(a), total=int(m))
                    for a, m in zip(shown["answered"], shown["members"], strict=True)
                ],
                self.t("monitor_done"): [int(d) for d in shown["done"]],
                self.t("monitor_rate"): [f"{float(r):.0%}" for r in shown["rate"]],
            }
        )
        out = f"<h4>{e(self.t('monitor_title', round=label))}</h4>"
        if len(shown):
            out += _render.table(table, max_rows=len(table))
        hidden = int(mon["hidden"].astype(bool).sum())
        if hidden:
            out += (
                f'<p class="ll-note">{e(self.t("monitor_hidden", n=hidden, k=self.threshold))}</p>'
            )
        return out + f'<p class="ll-note">{e(self.t("monitor_note"))}</p>'

    # an upload as a new round ----------------------------------------------------------
    def hold_upload(self, survey, sources: dict) -> None:
        """Hold a cleaned upload as a round to be confirmed, and show its cleaning report."""
        self.pending = PendingRound(survey, dict(sources))
        self.round_name.value = suggest_name(survey, [n for _, n in self.round_options()])
        self.show_report()
        self.confirm_box.layout.display = None

    def pending_view(self):
        """Return the held upload as the report shows it: pseudonymised unless names are shown."""
        from leerlib.privacy import pseudonymize

        survey = self.pending.survey
        named = self.consent and self.names.value and bool(getattr(survey, "consent_names", False))
        return survey if named else pseudonymize(survey, self._key)

    def confirm_round(self, _button=None) -> str:
        """Store the held upload as a new round under the name typed; list and show it.

        Returns
        -------
        str
            The new round's name.

        Raises
        ------
        LeerlibError
            Nothing held, its report not shown yet, no name, or a name taken.
        """
        if self.workspace is None or self.pending is None:
            raise LeerlibError(self.t("round_nothing"))
        if not self.pending.report_seen:
            raise LeerlibError(self.t("round_report_first"))
        name = " ".join(str(self.round_name.value or "").split())
        if not name:
            raise LeerlibError(self.t("round_name_missing"))
        self._round_table = None
        if name in {n for _, n in self.round_options()}:
            raise LeerlibError(self.t("round_exists", name=name))
        self.workspace.add_round(self.pending.survey, name=name, sources=self.pending.sources)
        self.pending = None
        self.confirm_box.layout.display = "none"
        self._round_table = None
        self.rounds_list.value = self.rounds_html()
        self.source = None  # read afresh from the workspace
        self.choose_round(name)
        self.show_info(self.t("round_saved", name=name))
        return name

    def discard_round(self, _button=None) -> None:
        """Forget the held upload; nothing is stored."""
        self.pending = None
        self.confirm_box.layout.display = "none"
        self.show_report()
        self.show_info(self.t("round_discarded"))
