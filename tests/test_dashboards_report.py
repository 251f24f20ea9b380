"""The overview's layout parts: the heat map's short column labels, the cleaning report's pages,
reason filter and download (issue 17, item 4)."""

from __future__ import annotations

import copy
import io
import re

import pandas as pd
import pytest

from leerlib.dashboards import OverviewApp, t
from leerlib.dashboards._render import heatmap, short_labels
from leerlib.dashboards._report import (
    PAGE_SIZE,
    log_page,
    reason_options,
    report_html,
    report_workbook,
)
from leerlib.sample import load_sample
from tests.conftest import KEY

SAMPLE_TEAMS = [
    f"{school} {unit}"
    for school in ("Kompas", "Regenboog", "Zevensprong")
    for unit in ("bovenbouw", "middenbouw", "onderbouw", "ondersteuning")
]


# short labels -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "width", "expected"),
    [
        # "Kompas" has 6 letters, "bovenbouw" 9: both fit 9, the name stays
        ("Kompas bovenbouw", 9, "Kompas bovenbouw"),
        # "Zevensprong" 11 letters -> "Zevenspr" (8) + "."; "ondersteuning" 13 -> "onderste."
        ("Zevensprong ondersteuning", 9, "Zevenspr. onderste."),
        # "middenbouw" 10 letters -> "middenbo."
        ("Regenboog middenbouw", 9, "Regenboog middenbo."),
        # width 4: every word over 4 letters keeps 3 and a full stop; "De" stays
        ("De Regenboog", 4, "De Reg."),
    ],
)
def test_a_short_label_cuts_each_long_word(name, width, expected):
    assert short_labels([name], width=width) == {name: expected}


def test_short_labels_that_would_coincide_keep_their_full_names():
    """Width 4: "Kompas bovenbouw" and "Kompas bovenschool" both give "Kom. bov.", so both stay
    whole; "Regenboog" gives "Reg." alone."""
    names = ["Kompas bovenbouw", "Kompas bovenschool", "Regenboog"]
    assert short_labels(names, width=4) == {
        "Kompas bovenbouw": "Kompas bovenbouw",
        "Kompas bovenschool": "Kompas bovenschool",
        "Regenboog": "Reg.",
    }


def test_heat_map_columns_carry_short_labels_and_the_full_name_on_hover():
    """The sample's twelve teams: the column heads show words of at most 9 characters, each with
    its full name as a title; the row heads keep the full names."""
    m = pd.DataFrame(0, index=SAMPLE_TEAMS, columns=SAMPLE_TEAMS)
    page = heatmap(m, row_title="Team", col_title="Team")
    head = page.split("</thead>")[0]
    shown = re.findall(r'<th scope="col"[^>]*>(?:<abbr[^>]*>)?([^<]*)<', head)
    assert len(shown) == 12
    assert max(len(w) for label in shown for w in label.split()) == 9
    assert "Zevenspr. onderste." in shown
    for team in SAMPLE_TEAMS:
        assert f'title="{team}"' in head
        assert f'<th class="ll-rowhead" scope="row">{team}</th>' in page


# the cleaning log, a page at a time --------------------------------------------------------
@pytest.fixture
def log60():
    """60 log rows, spreadsheet rows 2..61: 45 non_respondent, 11 nobody, 4 self_tie."""
    reasons = ["non_respondent"] * 45 + ["nobody"] * 11 + ["self_tie"] * 4
    return pd.DataFrame(
        {
            "wave": "2025",
            "file": "enquete.csv",
            "row": range(2, 62),
            "column": "q1",
            "raw_value": "x",
            "action": ["kept"] * 45 + ["dropped"] * 15,
            "reason": reasons,
            "detail": "",
        }
    )


@pytest.mark.parametrize(
    ("reason", "page", "expected"),
    [
        # 60 rows of 25: pages of 25, 25 and 10 -> 3 pages; the second shows rows 26..50
        (None, 1, (1, 3, 26, 50, 60, [27, 51])),
        # the third page: rows 51..60 (spreadsheet rows 52..61)
        (None, 2, (2, 3, 51, 60, 60, [52, 61])),
        # past the last page: the last; before the first: the first
        (None, 7, (2, 3, 51, 60, 60, [52, 61])),
        ("", -3, (0, 3, 1, 25, 60, [2, 26])),
        # 11 "nobody" rows (spreadsheet rows 47..57): one page
        ("nobody", 0, (0, 1, 1, 11, 11, [47, 57])),
        # a reason not in the log: nothing, still one (empty) page
        ("zero", 0, (0, 1, 0, 0, 0, [])),
    ],
)
def test_log_page_counts(log60, reason, page, expected):
    p = log_page(log60, reason=reason, page=page, per_page=25)
    rows = p.rows["row"].tolist()
    got = (p.page, p.pages, p.first, p.last, p.total, [rows[0], rows[-1]] if rows else [])
    assert got == expected
    assert len(rows) == p.last - p.first + 1 if p.total else not rows


def test_reason_filter_lists_every_reason_with_its_count_most_first(log60):
    assert reason_options(log60, lang="nl") == [
        ("alle redenen (60)", ""),
        (f"{t('log_reason_non_respondent', 'nl')} (45)", "non_respondent"),
        (f"{t('log_reason_nobody', 'nl')} (11)", "nobody"),
        (f"{t('log_reason_self_tie', 'nl')} (4)", "self_tie"),
    ]
    assert reason_options(log60, lang="en")[0] == ("all reasons (60)", "")
    assert reason_options(log60, lang="en")[3] == ("named themselves (4)", "self_tie")


@pytest.mark.parametrize(
    ("lang", "page", "line"),
    [("nl", 0, "Regels 1 tot en met 25 van 60."), ("en", 2, "Rows 51 to 60 of 60.")],
)
def test_report_shows_one_page_under_counts_of_the_whole_log(log60, lang, page, line):
    html = report_html(log60, lang=lang, page=page)
    assert line in html
    summary, rows = html.split("</table>")[:2]
    # counts over all 60 rows (hand count above), then 25 rows or the last 10
    assert re.search(r">45<", summary) and re.search(r">11<", summary)
    assert rows.count("<tr>") - 1 == (25 if page == 0 else 10)  # minus the header row
    assert t("report_summary", lang, n=60) in html
    assert PAGE_SIZE == 25


@pytest.mark.parametrize(
    ("lang", "sheets", "head"),
    [
        ("nl", ["uitleg", "opschoonverslag"], ["Ronde", "Bestand", "Rij", "Kolom"]),
        ("en", ["about", "cleaning_report"], ["Round", "File", "Row", "Column"]),
    ],
)
def test_report_download_follows_the_language(log60, lang, sheets, head):
    """The workbook: an explanation sheet, then the log with its sheet name, headers and
    reasons in the page's language (as the overview's Excel report)."""
    from openpyxl import load_workbook

    data = report_workbook(log60[log60["reason"] == "self_tie"], lang=lang, key=KEY)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == sheets
    ws = wb[sheets[1]]
    values = list(ws.values)
    assert list(values[0][:4]) == head
    assert len(values) == 1 + 4  # the 4 self_tie rows
    assert values[1][6] == t("log_reason_self_tie", lang)


# the report in the app ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def survey():
    return load_sample()


def test_overview_report_pages_filters_and_downloads(survey):
    """The sample's log has more than one page (89 rows: 25 + 25 + 25 + 14); the data tab
    shows 25, next shows rows 26-50, a reason keeps only its rows and the download counts
    them."""
    app = OverviewApp(copy.deepcopy(survey), key=KEY)
    app._draw_tab(4)
    n = len(app.active.log)
    assert n > PAGE_SIZE
    assert t("report_rows", "nl", first=1, last=25, total=n) in app.report.value
    assert app.report_prev.disabled and not app.report_next.disabled
    app.report_next.click()
    assert t("report_rows", "nl", first=26, last=50, total=n) in app.report.value
    assert not app.report_prev.disabled
    code = app.report_reason.options[1][1]  # the most frequent reason
    k = int((app.active.log["reason"] == code).sum())
    app.report_reason.value = code
    assert t("report_rows", "nl", first=1, last=min(k, PAGE_SIZE), total=k) in app.report.value
    assert f"Excel, {k} regels)" in app.report_download.value
    assert 'download="opschoonverslag_' in app.report_download.value
    # in English: the buttons, the filter, the line and the file name follow
    app.set_language("en")
    app._draw_tab(4)
    assert (app.report_prev.description, app.report_next.description) == ("Previous", "Next")
    assert app.report_reason.options[0] == (f"all reasons ({n})", "")
    assert t("report_rows", "en", first=1, last=25, total=n) in app.report.value
    assert 'download="cleaning_report_' in app.report_download.value
