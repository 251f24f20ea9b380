"""Downloads keep numbers as numbers: counts and shares are numeric Excel cells (issue 17)."""

from __future__ import annotations

import base64
import copy
import io
import re

import networkx as nx
import openpyxl
import pandas as pd
import pytest

from leerlib.dashboards import OverviewApp, t
from leerlib.export import export_excel
from leerlib.sample import load_sample
from tests.conftest import KEY


@pytest.fixture(scope="module")
def overview():
    return OverviewApp(copy.deepcopy(load_sample()), key=KEY)


@pytest.fixture(scope="module", params=["nl", "en"])
def workbook(request, overview):
    """The overview's Excel download in one language, read back with openpyxl."""
    overview.set_language(request.param)
    overview.dl_button.click()
    assert overview.message.value == "", overview.message.value
    links = {
        m.group(1): base64.b64decode(m.group(2))
        for m in re.finditer(
            r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', overview.dl_links.value
        )
    }
    xlsx = next(data for name, data in links.items() if name.endswith(".xlsx"))
    return request.param, openpyxl.load_workbook(io.BytesIO(xlsx))


def _rows(ws) -> dict:
    """First cell of a row -> the row's cells (header row skipped)."""
    return {row[0].value: row for row in ws.iter_rows(min_row=2)}


def test_key_figures_are_numbers(workbook, overview):
    """Counts are whole-number cells, shares number cells shown as a percentage.

    The truth comes from networkx on the graph the page shows, not from leerlib's metrics:
    people = internal nodes, relations = distinct directed pairs (``number_of_edges``),
    density = ``nx.density``, mutual = ``nx.overall_reciprocity``, response = responded
    internal nodes / internal nodes. Before, the sheet held the page's text ('149', '86%').
    """
    lang, wb = workbook
    G = overview.graph(overview.chosen_topic)
    internal = [v for v, d in G.nodes(data=True) if d.get("internal", True) is not False]
    responded = sum(1 for v in internal if G.nodes[v].get("responded") is True)
    rows = _rows(wb[t("xl_sheet_key_figures", lang)])
    counts = {"fig_people": len(internal), "fig_ties": G.number_of_edges()}
    for key, expected in counts.items():
        value = rows[t(key, lang)][1]
        assert value.data_type == "n" and value.value == expected, (key, value.value)
    shares = {
        "fig_response": responded / len(internal),
        "fig_density": nx.density(G),
        "fig_reciprocity": nx.overall_reciprocity(G),
    }
    for key, expected in shares.items():
        share = rows[t(key, lang)][2]
        assert share.data_type == "n", (key, share.value)
        assert share.value == pytest.approx(expected, abs=0.0005)  # three decimals
        assert share.number_format == "0.0%"
    header = [c.value for c in wb[t("xl_sheet_key_figures", lang)][1]]
    assert t("xl_col_share", lang) in header


def test_measures_are_rounded_numbers(workbook, overview):
    """Brokerage in the people sheet: numbers with at most three decimals, equal to the
    app's own table rounded by pandas; group density a share shown as a percentage."""
    lang, wb = workbook
    ws = wb[t("xl_sheet_people", lang)]
    header = [c.value for c in ws[1]]
    col = header.index(t("xl_col_betweenness", lang))
    cells = [row[col] for row in ws.iter_rows(min_row=2)]
    assert cells and all(c.data_type == "n" for c in cells)
    shown = sorted(c.value for c in cells)
    truth = sorted(overview.tables()["people"]["betweenness"].round(3).tolist())
    assert shown == pytest.approx(truth, abs=1e-9)
    assert any(v != round(v) for v in shown)  # decimals are there, but at most three
    assert all(round(v, 3) == v for v in shown)
    groups = wb[t("xl_sheet_groups", lang, group=t("team", lang).lower())]
    header = [c.value for c in groups[1]]
    density = header.index(t("xl_col_density", lang))
    cells = [row[density] for row in groups.iter_rows(min_row=2) if row[density].value is not None]
    assert cells and all(c.data_type == "n" and c.number_format == "0.0%" for c in cells)


def test_number_formats_follow_renamed_headers(tmp_path):
    """A column's number format survives the header translation of export_excel."""
    df = pd.DataFrame({"figure": ["a", "b"], "share": [0.25, 0.125]})
    df.attrs["leerlib_number_formats"] = {"share": "0.0%"}
    out = export_excel(
        {"t": df}, tmp_path / "x.xlsx", headers={"share": "Aandeel"}, names=True, consent=True
    )
    ws = openpyxl.load_workbook(out)["t"]
    assert [c.value for c in ws[1]] == ["figure", "Aandeel"]
    assert [(c.value, c.data_type, c.number_format) for c in (ws["B2"], ws["B3"])] == [
        (0.25, "n", "0.0%"),
        (0.125, "n", "0.0%"),
    ]


def test_key_figures_text_becomes_numbers_or_nothing():
    """Hand-made rows as the page shows them: a count, a Dutch percentage with a decimal
    comma (no exact share given, so the shown one), an exact share given by label, and a
    figure that does not apply ("n.v.t."), which leaves both number cells empty."""
    from leerlib.dashboards._downloads import _key_figures_as_numbers

    shown = pd.DataFrame(
        {
            "figure": ["Personen", "Dichtheid", "Respons", "Tussen teams"],
            "value": ["26", "4,6%", "88%", "n.v.t."],
            "meaning": ["m1", "m2", "m3", "m4"],
        }
    )
    out = _key_figures_as_numbers(shown, {"Respons": 22 / 25})
    assert out["value"].tolist()[0] == 26 and out["value"].isna().tolist() == [
        False,
        True,
        True,
        True,
    ]
    assert out["share"].tolist()[1:3] == [pytest.approx(0.046), pytest.approx(0.88)]
    assert out["share"].isna().tolist() == [True, False, False, True]
    assert out["meaning"].tolist() == ["m1", "m2", "m3", "m4"]
    assert out.attrs["leerlib_number_formats"] == {"share": "0.0%"}
