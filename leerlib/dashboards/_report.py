"""The overview's cleaning report: a page of the log at a time, a filter by reason, a download."""

from __future__ import annotations

import html
import io
from dataclasses import dataclass

import ipywidgets as widgets
import pandas as pd

from leerlib.dashboards import _render
from leerlib.dashboards._base import download_link
from leerlib.dashboards.i18n import t as text

__all__ = [
    "PAGE_SIZE",
    "LogPage",
    "log_page",
    "reason_options",
    "report_html",
    "report_workbook",
    "CleaningReport",
]

#: Rows of the cleaning log shown at a time.
PAGE_SIZE = 25

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class LogPage:
    """One page of the cleaning log.

    Attributes
    ----------
    rows : DataFrame
        The log's rows on this page (its own columns and codes, not yet translated).
    page : int
        The page shown, counted from 0 (clipped to the pages there are).
    pages : int
        Number of pages (at least 1, also for no rows).
    first, last : int
        Numbers of the first and last row shown, counted from 1 among the rows that pass the
        filter (both 0 when none pass).
    total : int
        Rows that pass the filter.
    """

    rows: pd.DataFrame
    page: int
    pages: int
    first: int
    last: int
    total: int


def log_page(
    log: pd.DataFrame, *, reason: str | None = None, page: int = 0, per_page: int = PAGE_SIZE
) -> LogPage:
    """Return page ``page`` of ``log``, only the rows with ``reason`` if given.

    Parameters
    ----------
    log : DataFrame
        The cleaning log (data-contract.md: wave, file, row, column, raw_value, action,
        reason, detail).
    reason : str or None
        A reason code ("self_tie", ...); None or "" keeps every row.
    page : int
        Page number from 0; a number past the last page shows the last, below 0 the first.
    per_page : int
        Rows per page (at least 1).

    Returns
    -------
    LogPage

    Examples
    --------
    >>> log = pd.DataFrame({"reason": ["a", "b", "a", "a", "b"], "row": [1, 2, 3, 4, 5]})
    >>> p = log_page(log, reason="a", page=1, per_page=2)
    >>> p.rows["row"].tolist(), p.page, p.pages, p.first, p.last, p.total
    ([4], 1, 2, 3, 3, 3)
    """
    per_page = max(1, int(per_page))
    rows = log if not reason else log[log["reason"].astype(str) == str(reason)]
    total = len(rows)
    pages = max(1, -(-total // per_page))
    page = min(max(0, int(page)), pages - 1)
    start = page * per_page
    shown = rows.iloc[start : start + per_page]
    return LogPage(
        rows=shown,
        page=page,
        pages=pages,
        first=start + 1 if total else 0,
        last=start + len(shown),
        total=total,
    )


def reason_options(log: pd.DataFrame, *, lang: str = "nl") -> list[tuple[str, str]]:
    """Return the reason filter's choices: (label with its count, reason code).

    First every row (code ""), then each reason in the log, the most frequent first (ties by
    code), in ``lang``.

    Examples
    --------
    >>> log = pd.DataFrame({"reason": ["zero", "self_tie", "zero"]})
    >>> reason_options(log, lang="en")
    [('all reasons (3)', ''), ('a scale answer that means no tie (2)', 'zero'), ('named themselves (1)', 'self_tie')]
    """
    from leerlib.dashboards._figures import _word

    counts = log["reason"].astype(str).value_counts()
    order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(text("report_all_reasons", lang, n=len(log)), "")] + [
        (f"{_word('log_reason_', code, lang)} ({n})", code) for code, n in order
    ]


def report_html(
    log: pd.DataFrame | None,
    *,
    lang: str = "nl",
    reason: str | None = None,
    page: int = 0,
    per_page: int = PAGE_SIZE,
) -> str:
    """Return the cleaning report: counts by action and reason, then one page of its rows.

    The counts cover the whole log; the rows are :func:`log_page`'s, in ``lang``
    (:func:`leerlib.dashboards._figures.log_table`), under a line that says which rows of how
    many are shown.
    """
    from leerlib.dashboards._figures import log_table

    e = html.escape
    if log is None or log.empty:
        return f"<p>{e(text('report_empty', lang))}</p>"
    shown = log_table(log, lang=lang)
    action, why = text("log_col_action", lang), text("log_col_reason", lang)
    summary = shown.groupby([action, why]).size().rename(text("log_col_n", lang)).reset_index()
    p = log_page(log, reason=reason, page=page, per_page=per_page)
    if p.total:
        where = text("report_rows", lang, first=p.first, last=p.last, total=p.total)
        rows = _render.table(log_table(p.rows, lang=lang), max_rows=per_page)
    else:
        where, rows = text("report_rows_none", lang), ""
    return (
        f"<p>{e(text('report_summary', lang, n=len(log)))}</p>"
        + _render.table(summary)
        + f'<p class="ll-report-rows">{e(where)}</p>'
        + rows
    )


def report_workbook(log: pd.DataFrame, *, lang: str = "nl", **opts) -> bytes:
    """Return the cleaning log as an Excel workbook in ``lang``.

    As in the overview's Excel report: an explanation sheet first, the log's sheet name,
    headers and values in ``lang``; ``opts`` are :func:`leerlib.export.export_excel`'s
    privacy arguments (key, names, consent, already_pseudonymized).
    """
    from leerlib.dashboards._downloads import translated
    from leerlib.export import export_excel

    tables, sheet_names, headers = translated({"cleaning_report": log}, group="team", lang=lang)
    about = tables.pop("about")
    return export_excel(
        tables, io.BytesIO(), sheet_names=sheet_names, headers=headers, about=about, **opts
    ).getvalue()


class CleaningReport:
    """The data tab's cleaning report of :class:`leerlib.dashboards.OverviewApp`.

    One page of :data:`PAGE_SIZE` rows, a filter by reason, previous/next and a download of
    the rows the filter keeps. Uses the app's ``t``, ``lang``, ``guarded``, ``_key``,
    ``wave`` and ``_report_names`` (whether the log shown holds names).
    """

    def _build_report(self) -> widgets.Accordion:
        self.report = widgets.HTML()
        self.report.add_class("ll-report")
        self.report_reason = widgets.Dropdown(layout=widgets.Layout(width="auto"))
        self.report_reason.add_class("ll-report-reason")
        self.report_reason.observe(self.guarded(self._on_report_reason), names="value")
        self.report_prev = widgets.Button(icon="chevron-left")
        self.report_next = widgets.Button(icon="chevron-right")
        for b, css, step in (
            (self.report_prev, "ll-report-prev", -1),
            (self.report_next, "ll-report-next", 1),
        ):
            b.add_class(css)
            b.on_click(self.guarded(lambda _b, step=step: self.turn_report_page(step)))
        self.report_download = widgets.HTML()
        self.report_download.add_class("ll-report-download")
        self.report_controls = widgets.HBox(
            [self.report_reason, self.report_prev, self.report_next, self.report_download]
        )
        self.report_controls.add_class("ll-controls")
        self.report_controls.add_class("ll-report-controls")
        self._report_log = None
        self._report_head = ""
        self._report_page = 0
        self._report_updating = False
        box = widgets.Accordion(children=[widgets.VBox([self.report_controls, self.report])])
        box.selected_index = None
        box.add_class("ll-report-box")
        return box

    def show_log(self, log: pd.DataFrame | None, *, head: str = "", names: bool = False) -> None:
        """Show ``log`` from its first page, every reason, with ``head`` (HTML) above it."""
        self._report_log = log
        self._report_head = head
        self._report_names = names
        self._report_page = 0
        self._report_updating = True
        try:
            has_rows = log is not None and not log.empty
            self.report_reason.options = reason_options(log, lang=self.lang) if has_rows else []
            self.report_reason.value = "" if has_rows else None
        finally:
            self._report_updating = False
        self.report_controls.layout.display = None if has_rows else "none"
        self._report_download()
        self._draw_report()

    def turn_report_page(self, step: int) -> None:
        """Show the page ``step`` pages on (negative: back), within the pages there are."""
        self._report_page += int(step)
        self._draw_report()

    def _on_report_reason(self, _change=None) -> None:
        if self._report_updating:
            return
        self._report_page = 0
        self._report_download()
        self._draw_report()

    def _relabel_report(self) -> None:
        self.report_reason.description = self.t("log_col_reason")
        self.report_reason.style = {"description_width": "initial"}
        self.report_prev.description = self.t("report_prev")
        self.report_next.description = self.t("report_next")
        self.report_prev.tooltip = self.t("report_prev")
        self.report_next.tooltip = self.t("report_next")

    def _draw_report(self) -> None:
        log, reason = self._report_log, self.report_reason.value or None
        if log is None or log.empty:
            self.report.value = self._report_head + report_html(log, lang=self.lang)
            return
        p = log_page(log, reason=reason, page=self._report_page)
        self._report_page = p.page
        self.report_prev.disabled = p.page == 0
        self.report_next.disabled = p.page >= p.pages - 1
        self.report.value = self._report_head + report_html(
            log, lang=self.lang, reason=reason, page=p.page
        )

    def _report_download(self) -> None:
        log = self._report_log
        if log is None or log.empty:
            self.report_download.value = ""
            return
        reason = self.report_reason.value or None
        rows = log if not reason else log[log["reason"].astype(str) == reason]
        names = bool(getattr(self, "_report_names", False))
        data = report_workbook(
            rows,
            lang=self.lang,
            key=self._key,
            names=names,
            consent=names,
            already_pseudonymized=not names,
        )
        waves = sorted(rows["wave"].dropna().astype(str).unique()) if "wave" in rows else []
        name = "_".join([text("xl_sheet_cleaning_report", self.lang), *waves]) + ".xlsx"
        self.report_download.value = download_link(
            data,
            name,
            self.t("report_download_one")
            if len(rows) == 1
            else self.t("report_download", n=len(rows)),
            _XLSX,
        )
