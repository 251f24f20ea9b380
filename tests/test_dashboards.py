"""Dashboards at widget level (no browser): privacy defaults, lists against the raw ties, uploads."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import html
import io
import json
import re
import string
from pathlib import Path

import networkx as nx
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from traitlets import TraitError

from leerlib.clean import load_survey
from leerlib.dashboards import STRINGS, OverviewApp, PersonalApp, t
from leerlib.dashboards._data import MAX_UPLOAD_BYTES, upload_source
from leerlib.dashboards._model import (
    goto_people,
    group_matrix,
    never_pairs,
    suggest_contacts,
)
from leerlib.errors import LeerlibError
from leerlib.privacy import pseudonym_map
from leerlib.sample import load_sample, sample_paths
from tests.conftest import KEY


@pytest.fixture(scope="module")
def survey():
    return load_sample()


@pytest.fixture(scope="module")
def overview(survey):
    return OverviewApp(copy.deepcopy(survey), key=KEY)


@pytest.fixture(scope="module")
def personal(survey):
    return PersonalApp(copy.deepcopy(survey), key=KEY)


def _names(survey) -> list[str]:
    return [n for n in survey.people["name"].astype(str) if len(n) > 3]


def _forms(name: str) -> set[str]:
    """How a name would appear in a page: as is, HTML-escaped, inside the maps' ASCII JSON."""
    js = json.dumps(name, ensure_ascii=True)[1:-1]
    return {name, html.escape(name), js, html.escape(js)}


def _leaked(names, text: str) -> list[str]:
    return [n for n in names if any(f in text for f in _forms(n))]


def _latest_ties(survey, topic=None) -> pd.DataFrame:
    ties = survey.ties[survey.ties["wave"].astype(str) == survey.waves[-1]]
    return ties if topic is None else ties[ties["topic"] == topic]


# texts ----------------------------------------------------------------------------------
def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_text_has_both_languages_with_the_same_placeholders():
    for key, entry in STRINGS.items():
        assert set(entry) == {"nl", "en"}, key
        assert entry["nl"].strip() and entry["en"].strip(), key
        assert _fields(entry["nl"]) == _fields(entry["en"]), key


def test_unknown_language_falls_back_to_dutch():
    assert t("round", "fr") == "Ronde"


# privacy defaults -------------------------------------------------------------------------
def test_default_overview_shows_no_name(overview, survey):
    """The privacy issue's acceptance: the HR dashboard's default view shows no name."""
    for index in range(5):
        overview.tabs.selected_index = index
    overview.tabs.selected_index = 0
    shown = " ".join(
        [
            overview.map.value,
            overview.figures.value,
            overview.people.value,
            overview.teams.value,
            overview.report.value,
        ]
    )
    assert overview.message.value == ""
    assert overview.people.value and overview.report.value
    assert _leaked(_names(survey), shown) == []
    assert re.search(r"p-[0-9a-f]{8}", overview.people.value)


def test_names_switch_needs_consent(survey):
    app = OverviewApp(copy.deepcopy(survey), key=KEY)
    assert app.names.disabled and app.active is app.private
    consented = copy.deepcopy(survey)
    consented.consent_names = True
    app = OverviewApp(consented, key=KEY)
    assert not app.names.disabled and not app.names.value
    assert app.active is app.private
    app.names.value = True
    assert app.active is app.survey
    assert _leaked(_names(survey), app.map.value)


_RUNNABLE_SCRIPT = re.compile(r'<script(?![^>]*\btype="application/json")', re.IGNORECASE)


def _new_app(app_class, survey):
    app = app_class(copy.deepcopy(survey), key=KEY)
    if app_class is PersonalApp:
        app.select("P0003")
    return app


def _shown(app, monkeypatch) -> list:
    """What displaying the app puts in a notebook or Voila page, as (kind, content) pairs."""
    import IPython.display

    shown = []

    def fake_display(obj, raw=False):
        assert raw
        home = obj.get("application/vnd.leerlib.map-home+html")
        shown.append(("bundle", obj) if home is None else ("home", home))
        assert home is None or obj["text/html"] == home

    monkeypatch.setattr(IPython.display, "display", fake_display)
    app._ipython_display_()
    return shown


@pytest.mark.parametrize("app_class", [OverviewApp, PersonalApp])
def test_served_maps_are_inert_markup_and_the_first_comes_before_the_widgets(
    survey, monkeypatch, app_class
):
    """Under leerlib.serve maps are markup the page draws (no script of their own runs); the
    first one is a plain output after the app, so it does not wait for the widgets."""
    from leerlib.dashboards import PAGE_MAPS_ENV

    monkeypatch.setenv(PAGE_MAPS_ENV, "1")
    app = _new_app(app_class, survey)
    slot = re.fullmatch(
        r'<div class="leerlib-map-slot" data-slot="(ll-slot-[0-9a-f]{12})" '
        r'style="min-height:\d+px"></div>',
        app.map.value,
    ).group(1)
    shown = _shown(app, monkeypatch)
    # the overview's first map goes out before the app waits for the page's address; the
    # personal page's map follows the address (?persoon=), so it comes after
    order = ["home", "bundle"] if app_class is OverviewApp else ["bundle", "home"]
    assert [kind for kind, _ in shown] == order
    bundle = dict(shown)["bundle"]
    assert "application/vnd.jupyter.widget-view+json" in bundle
    home = dict(shown)["home"]
    assert home.startswith(f'<div class="leerlib-map-home" data-slot="{slot}">')
    assert f'data-mount data-slot="{slot}"' in home and "<iframe" not in home
    assert _RUNNABLE_SCRIPT.search(home) is None
    assert home.count('<script type="application/json"') == 1
    if app_class is OverviewApp:  # the HR view's default still shows no name
        assert _leaked(_names(survey), home) == []
    # later maps go into the widget itself, for the same slot
    before = app.map.value
    app.topic.value = next(k for k in app.topic.options if k[1])[1]
    assert app.map.value != before and f'data-mount data-slot="{slot}"' in app.map.value
    assert _RUNNABLE_SCRIPT.search(app.map.value) is None
    # shown as a widget only (inside another container): the first map goes inside it
    other = _new_app(app_class, survey)
    other._repr_mimebundle_()
    assert "data-mount" in other.map.value and "leerlib-map-slot" not in other.map.value
    assert _shown(other, monkeypatch)[1:] == []
    # outside leerlib.serve: the sandboxed frame, and one output
    monkeypatch.delenv(PAGE_MAPS_ENV)
    framed = _new_app(app_class, survey)
    assert framed.map.value.startswith("<iframe") and 'sandbox="allow-scripts"' in framed.map.value
    assert [kind for kind, _ in _shown(framed, monkeypatch)] == ["bundle"]


def test_served_overview_in_english_replaces_its_early_dutch_map(survey, monkeypatch):
    """?lang=en is known only after the first map went out: the widget brings the English one."""
    from leerlib.dashboards import PAGE_MAPS_ENV

    monkeypatch.setenv(PAGE_MAPS_ENV, "1")
    monkeypatch.setenv("QUERY_STRING", "lang=en")
    app = OverviewApp(copy.deepcopy(survey), key=KEY)
    shown = dict(_shown(app, monkeypatch))
    slot = re.search(r'data-slot="(ll-slot-[0-9a-f]+)"', shown["home"]).group(1)
    assert "Alle thema" in shown["home"] and app.lang == "en"
    assert f'data-mount data-slot="{slot}"' in app.map.value and "All topics" in app.map.value


# lists against the raw ties ---------------------------------------------------------------
def test_goto_people_for_ict_match_a_count_of_the_raw_ties(overview, survey):
    """Expected: for the latest round, the people most often named on ICT, counted directly
    from survey.ties (distinct sources per target), not through the graph."""
    ties = _latest_ties(survey, "ict")
    counts = ties.groupby("target")["source"].nunique().sort_values(ascending=False)
    counts = counts[counts >= 2]
    fifth = counts.iloc[min(4, len(counts) - 1)]
    expected = set(counts[counts >= fifth].index)
    got = goto_people(overview.graph("ict"), n=5)
    # (rows of the pseudonymised people follow the pseudonyms, not the staff list: map by key)
    mapping = pseudonym_map(overview.survey.people["person_id"], KEY)
    assert set(got["person_id"]) == {mapping[p] for p in expected}
    assert got["named_by"].tolist() == sorted(got["named_by"], reverse=True)
    block = re.search(r'data-topic="ict">(.*?)</div>', overview.people.value, re.S).group(1)
    for pid in got["person_id"]:
        assert pid in block


def test_teams_that_never_learn_from_each_other_match_the_raw_ties(overview, survey):
    """Expected: team pairs (teams of 5+ people) with no tie in either direction in the latest
    round, from survey.ties joined to the people table."""
    team = survey.people.set_index("person_id")["team"]
    sizes = team.value_counts()
    big = sorted(sizes[sizes >= 5].index)
    ties = _latest_ties(survey)
    pairs = {
        (team.get(s), team.get(d)) for s, d in zip(ties["source"], ties["target"], strict=True)
    }
    expected = [
        (a, b)
        for i, a in enumerate(big)
        for b in big[i + 1 :]
        if (a, b) not in pairs and (b, a) not in pairs
    ]
    matrix, hidden = group_matrix(overview.graph(None), "team", threshold=5)
    assert never_pairs(matrix) == expected
    assert hidden == sorted(sizes[sizes < 5].index)
    overview.tabs.selected_index = 3
    rows = dict(re.findall(r"<tr><th>([^<]*)</th><td>(.*?)</td></tr>", overview.teams.value))
    shown = {(a, b) for a, cell in rows.items() for b in re.findall(r'll-pill">([^<]*)<', cell)}
    assert shown == {(html.escape(a), html.escape(b)) for a, b in expected}
    overview.tabs.selected_index = 0


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 14), st.integers(0, 14)), max_size=60),
    st.lists(st.sampled_from("ABC"), min_size=15, max_size=15),
    st.integers(1, 6),
)
def test_group_matrix_counts_every_tie_between_shown_groups(edges, teams, threshold):
    G = nx.DiGraph()
    G.add_nodes_from((i, {"team": teams[i]}) for i in range(15))
    G.add_edges_from((u, v) for u, v in edges if u != v)
    m, hidden = group_matrix(G, "team", threshold=threshold)
    sizes = pd.Series(teams).value_counts()
    assert set(hidden) == set(sizes[sizes < threshold].index)
    assert set(m.index) == set(sizes[sizes >= threshold].index)
    shown = set(m.index)
    assert int(m.to_numpy().sum()) == sum(
        teams[u] in shown and teams[v] in shown for u, v in G.edges
    )
    for a, b in never_pairs(m):
        assert m.loc[a, b] == 0 == m.loc[b, a]


def test_suggestions_are_two_steps_away_and_sought_on_the_topic(survey):
    G_all = nx.DiGraph(_latest_ties(survey)[["source", "target"]].itertuples(index=False))
    G_ict = nx.DiGraph(_latest_ties(survey, "ict")[["source", "target"]].itertuples(index=False))
    person = _latest_ties(survey)["source"].iloc[0]
    sug = suggest_contacts(G_all, G_ict, person, n=10)
    und = G_all.to_undirected()
    assert len(sug)
    for rec in sug.itertuples(index=False):
        assert nx.shortest_path_length(und, person, rec.person_id) == 2
        assert rec.named_by == G_ict.in_degree(rec.person_id) >= 1
        assert not G_ict.has_edge(person, rec.person_id)
        assert all(und.has_edge(person, v) and und.has_edge(v, rec.person_id) for v in rec.via)


# interaction ------------------------------------------------------------------------------
def test_changing_topic_redraws_the_map(overview):
    before = overview.map.value
    overview.topic.value = "ict"
    try:
        assert overview.map.value != before
        assert "ICT in de klas" in overview.map.value
    finally:
        overview.topic.value = ""


def test_language_switch_changes_labels(survey):
    app = OverviewApp(copy.deepcopy(survey), key=KEY)
    assert app.tabs.titles[0] == "Kaart" and app.wave.description == "Ronde"
    app.lang_toggle.value = "en"
    assert app.tabs.titles[0] == "Map" and app.wave.description == "Round"
    assert "Network overview" in app._title.value
    assert dict(app.topic.options)["All topics"] == ""


def test_unexpected_error_becomes_a_friendly_message_without_traceback(overview):
    with overview.guard():
        raise KeyError("internal detail")
    assert "internal detail" not in overview.message.value
    assert "Traceback" not in overview.message.value
    assert t("error_generic", "nl") in overview.message.value.replace("&#x27;", "'")
    overview.clear_message()


# uploads ----------------------------------------------------------------------------------
def _upload(widget, name: str, data: bytes) -> None:
    widget.value = (
        {
            "name": name,
            "type": "",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        },
    )


def _as_xlsx(csv_bytes: bytes) -> bytes:
    """The same table as an Excel workbook (every cell as text, as a staff list often is)."""
    import csv

    wb = openpyxl.Workbook()
    for row in csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"))):
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("roster_format", ["csv", "xlsx"])
def test_upload_reads_in_memory_and_gives_the_same_survey(survey, write_log, roster_format):
    paths = sample_paths()
    roster = paths["roster_2025"].read_bytes()
    if roster_format == "xlsx":
        roster = _as_xlsx(roster)
    app = OverviewApp(copy.deepcopy(survey), key=KEY)
    write_log.clear()
    _upload(app.up_roster, f"personeel.{roster_format}", roster)
    _upload(app.up_export, "enquete.csv", paths["survey_2025"].read_bytes())
    _upload(app.up_codebook, "codeboek.toml", paths["codebook_2025"].read_bytes())
    app.load_button.click()
    assert "ll-info" in app.message.value, app.message.value
    assert write_log == []
    expected = load_sample("2025")
    assert len(app.survey.ties) == len(expected.ties)
    plain = load_survey(paths["survey_2025"], paths["roster_2025"], paths["codebook_2025"])
    assert sorted(app.survey.people["person_id"]) == sorted(plain.people["person_id"])
    assert len(app.survey.ties) == len(plain.ties)
    assert set(app.survey.log["file"]) <= {
        f"personeel.{roster_format}",
        "enquete.csv",
        "codeboek.toml",
    }
    assert (app.survey.log["file"] == "enquete.csv").any()


def test_broken_upload_shows_the_readers_message_with_the_file_name(survey):
    paths = sample_paths()
    app = OverviewApp(copy.deepcopy(survey), key=KEY)
    _upload(app.up_roster, "personeel.csv", paths["roster_2025"].read_bytes())
    _upload(app.up_export, "enquete.csv", paths["survey_2025"].read_bytes())
    _upload(app.up_codebook, "kapot.toml", b"[survey\nwave = 2025\n")
    app.load_button.click()
    assert "ll-error" in app.message.value
    assert "kapot.toml" in app.message.value and "/proc" not in app.message.value
    assert app.source == "sample"  # the shown data did not change


def test_load_without_export_and_codebook_says_which_are_missing(survey):
    app = OverviewApp(copy.deepcopy(survey), key=KEY)
    app.load_button.click()
    assert "Export" in app.message.value and "Codeboek" in app.message.value


def test_huge_uploads_are_refused_by_name():
    with pytest.raises(LeerlibError, match="larger than") as info:
        upload_source("big.csv", b"x" * (MAX_UPLOAD_BYTES + 1))
    assert info.value.file == "big.csv"
    assert upload_source("ok.csv", b"x" * MAX_UPLOAD_BYTES).name == "ok.csv"


def test_an_upload_the_page_kept_back_as_too_large_says_the_limit(survey):
    """The served page sends a file over the limit as an empty one of the same name, typed
    ``application/x-leerlib-too-large;size=<bytes>`` (template static/leerlib-upload.js); until
    then such a file dropped the connection and the page said to choose an export first."""
    paths = sample_paths()
    app = OverviewApp(copy.deepcopy(survey), key=KEY)
    _upload(app.up_roster, "personeel.csv", paths["roster_2025"].read_bytes())
    app.up_export.value = (
        {
            "name": "groot.csv",
            "type": "application/x-leerlib-too-large;size=73400320",
            "size": 0,
            "content": memoryview(b""),
            "last_modified": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        },
    )
    _upload(app.up_codebook, "codeboek.toml", paths["codebook_2025"].read_bytes())
    app.load_button.click()
    assert "ll-error" in app.message.value
    assert "groot.csv" in app.message.value and "larger than 50 MB" in app.message.value
    assert app.source == "sample"


def test_upload_errors_name_the_upload_row_and_column(survey, write_log):
    """A bad cell in an uploaded roster: the message names the upload, its row and column.

    Expected: the sample roster with one person's id emptied (spreadsheet row 3, the second
    person, column ``person_id``); the roster reader refuses empty ids by row.
    """
    paths = sample_paths()
    lines = paths["roster_2025"].read_bytes().decode("utf-8-sig").splitlines()
    head = lines[0].split(",")
    assert head[0] == "person_id"
    lines[2] = "," + lines[2].split(",", 1)[1]
    app = OverviewApp(copy.deepcopy(survey), key=KEY)
    write_log.clear()
    _upload(app.up_roster, "personeel.csv", ("\n".join(lines) + "\n").encode("utf-8"))
    _upload(app.up_export, "enquete.csv", paths["survey_2025"].read_bytes())
    _upload(app.up_codebook, "codeboek.toml", paths["codebook_2025"].read_bytes())
    app.load_button.click()
    assert "ll-error" in app.message.value
    message = html.unescape(app.message.value)
    assert "personeel.csv, column 'person_id'" in message and "row(s) 3;" in message
    assert write_log == []


# downloads --------------------------------------------------------------------------------
def _links(html: str) -> dict[str, bytes]:
    return {
        m.group(1): base64.b64decode(m.group(2))
        for m in re.finditer(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', html)
    }


def test_downloads_are_pseudonymised_and_readable(overview, survey, write_log):
    write_log.clear()
    overview.dl_button.click()
    assert write_log == []  # built in memory: no file opened for writing
    links = _links(overview.dl_links.value)
    assert overview.message.value == ""
    by_suffix = {name.rsplit(".", 1)[-1]: data for name, data in links.items()}
    assert set(by_suffix) == {"xlsx", "html", "gexf", "graphml", "zip"}
    wb = openpyxl.load_workbook(io.BytesIO(by_suffix["xlsx"]))
    # the page is Dutch, so is the workbook (issue 17)
    assert {
        "uitleg",
        "kerncijfers",
        "personen",
        "relaties",
        "team-overzicht",
        "team-naar-team",
    } <= set(wb.sheetnames)
    G = nx.read_gexf(io.BytesIO(by_suffix["gexf"]))
    assert G.number_of_nodes() == overview.graph(None).number_of_nodes()
    everything = b" ".join(links.values()).decode("utf-8", "replace")
    assert _leaked(_names(survey), everything) == []
    assert not re.search(r'(src|href)="https?://', by_suffix["html"].decode("utf-8"))


def _download(app) -> dict:
    """The default (pseudonymised) download of ``app``: sheets as DataFrames, the GEXF's nodes."""
    app.dl_button.click()
    assert app.message.value == "", app.message.value
    by_suffix = {n.rsplit(".", 1)[-1]: d for n, d in _links(app.dl_links.value).items()}
    wb = openpyxl.load_workbook(io.BytesIO(by_suffix["xlsx"]))
    out = {}
    # the workbook speaks the page's language: back to the tables' own names, from the texts
    lang, group = app.lang, app.group.value or "team"
    sheets = {t(k, lang): k.removeprefix("xl_sheet_") for k in STRINGS if k.startswith("xl_sheet_")}
    sheets[t("xl_sheet_groups", lang, group=t(group, lang).lower())] = f"{group}s"
    sheets[t("xl_sheet_matrix", lang, group=t(group, lang).lower())] = f"{group}_to_{group}"
    for ws in wb:
        rows = list(ws.values)
        sheet = sheets.get(ws.title, ws.title)
        cols = {
            t(k, lang): k.split("_col_", 1)[1]
            for k in STRINGS
            if k.startswith(("xl_col_", "log_col_"))
            and (sheet == "cleaning_report") == k.startswith("log_")
        }
        out[sheet] = pd.DataFrame(rows[1:], columns=[cols.get(c, c) for c in rows[0]])
    G = nx.read_gexf(io.BytesIO(by_suffix["gexf"]))
    out["gexf"] = pd.DataFrame([d for _, d in G.nodes(data=True)])
    out["gexf_order"] = list(G.nodes)
    return out


def _below(df: pd.DataFrame, cols: list[str], k: int) -> int:
    """Rows whose combination of ``cols`` fewer than ``k`` rows share (missing is a value)."""
    if not cols:
        return 0 if len(df) >= k else len(df)
    keys = pd.Series(["|".join(map(str, row)) for row in df[cols].itertuples(index=False)])
    return int((keys.map(keys.value_counts()) < k).sum())


def test_download_per_person_rows_are_k_anonymous(overview, survey):
    """The default download's people sheet and GEXF nodes: every combination of the roster
    attributes kept is shared by at least 5 people.

    Before, counted here from the raw data of the latest round (149 people in its graph):
    34 people unique on team and role, 118 on team, role and years of service. (The old
    download, with rare roles merged per column, still had 22 and 116 unique.)
    """
    latest = set(overview.graph(None).nodes)
    mapping = pseudonym_map(survey.people["person_id"], KEY)
    raw = survey.people[survey.people["person_id"].map(mapping).isin(latest)]
    assert len(raw) == 149
    assert _below(raw, ["team", "role"], 2) == 34
    assert _below(raw, ["team", "role", "tenure_years"], 2) == 118
    d = _download(overview)
    people = d["people"]
    kept = [c for c in ("team", "school", "role", "tenure_years") if c in people.columns]
    assert "team" in kept and _below(people, kept, 5) == 0
    nodes = d["gexf"]
    kept = [c for c in ("team", "school", "role", "tenure_years") if c in nodes.columns]
    assert _below(nodes, kept, 5) == 0
    # and rows and nodes follow the pseudonyms, not the staff list
    assert people["person_id"].tolist() == sorted(people["person_id"])
    assert d["gexf_order"] == sorted(d["gexf_order"])


def test_download_hides_the_same_groups_in_every_table(survey):
    """With a minimum group size of 13, the latest round's "Regenboog middenbouw" (12 people in
    its graph) is hidden in the teams sheet and, complementarily, one more team; neither may show
    in team_to_team, in the people sheet or in the GEXF."""
    app = OverviewApp(copy.deepcopy(survey), key=KEY, threshold=13)
    d = _download(app)
    teams = d["teams"]
    hidden = set(teams.loc[teams["suppressed"].astype(bool), teams.columns[0]])
    assert "Regenboog middenbouw" in hidden and len(hidden) >= 2
    matrix = d["team_to_team"]
    assert not hidden & (set(matrix.iloc[:, 0]) | set(matrix.columns))
    assert not hidden & set(d["people"]["team"].dropna())
    assert not hidden & set(d["gexf"]["team"].dropna())
    page = html.unescape(app.teams_html())  # and the page's own teams tab hides them too
    assert not [g for g in hidden if g in page]


def test_uploaded_roster_sort_number_never_reaches_a_download(survey):
    """An uploaded staff list with a sort number 1, 2, 3 ... (unique per person, not the id):
    it would map every pseudonym back; it must not be in any pseudonymised table or graph."""
    paths = sample_paths()
    lines = paths["roster_2025"].read_bytes().decode("utf-8-sig").splitlines()
    numbered = [lines[0] + ",nr"] + [f"{line},{i}" for i, line in enumerate(lines[1:], start=1)]
    app = OverviewApp(copy.deepcopy(survey), key=KEY)
    _upload(app.up_roster, "personeel.csv", ("\n".join(numbered) + "\n").encode("utf-8"))
    _upload(app.up_export, "enquete.csv", paths["survey_2025"].read_bytes())
    _upload(app.up_codebook, "codeboek.toml", paths["codebook_2025"].read_bytes())
    app.load_button.click()
    assert "nr" in app.survey.people.columns  # read, then kept out of the pseudonymised view
    app.clear_message()
    d = _download(app)
    assert "nr" not in d["gexf"].columns and "nr" not in d["people"].columns
    kept = [c for c in ("team", "school", "role", "tenure_years") if c in d["gexf"].columns]
    assert _below(d["gexf"], kept, 5) == 0


# personal ---------------------------------------------------------------------------------
def test_personal_lists_match_the_raw_ties(personal, survey):
    """Expected: whom the person named in the latest round (all topics), from survey.ties."""
    ties = _latest_ties(survey)
    person = ties["source"].value_counts().index[0]
    personal.select(person)
    named = set(ties.loc[ties["source"] == person, "target"])
    name = survey.people.set_index("person_id")["name"]
    for pid in named:
        assert html.escape(name[pid]) in personal.lists.value
    named_me = set(ties.loc[ties["target"] == person, "source"]) - named
    assert _leaked([name[p] for p in named_me], personal.lists.value) == []
    assert f"{len(set(ties.loc[ties['target'] == person, 'source']))} " in personal.lists.value


def test_personal_suggestions_and_reflection(personal, survey):
    person = _latest_ties(survey)["source"].iloc[0]
    personal.select(person)
    personal.learn_boxes["ict"].value = True
    try:
        assert "ICT in de klas" in personal.suggest.value
        assert "Wenger" in personal.reflect.value
        assert all(
            t(f"cycle_{c}", "nl") in personal.reflect.value
            for c in ("immediate", "potential", "applied", "realized", "reframing")
        )
    finally:
        personal.learn_boxes["ict"].value = False


def test_personal_reads_person_and_language_from_the_url(survey, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "persoon=P0003&lang=en")
    app = PersonalApp(copy.deepcopy(survey), key=KEY)
    app._repr_mimebundle_()
    assert app.picker.value == "P0003" and app.lang == "en"
    assert "Whom you turn to" not in app.lists.value and "You turn to" in app.lists.value


def test_personal_unknown_person_is_a_message(survey, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "persoon=nobody-here")
    app = PersonalApp(copy.deepcopy(survey), key=KEY)
    app._repr_mimebundle_()
    assert "ll-error" in app.message.value and app.picker.value == ""


def test_overview_follows_lang_in_the_url(survey, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "lang=en")
    app = OverviewApp(copy.deepcopy(survey), key=KEY)
    assert app.tabs.titles[0] == "Kaart"
    app._repr_mimebundle_()
    assert app.tabs.titles[0] == "Map" and app.lang_toggle.value == "en"


@pytest.mark.parametrize(
    "export, codebook, roster",
    [
        (
            "balachia_class-survey/ZKC Qualtrics.csv",
            "ZKC Qualtrics.toml",
            "balachia_class-survey/zkc-qualtrics-panel.csv",
        ),
        ("marmall_networkapproaches/sampleNetworkSurvey.csv", "sampleNetworkSurvey.toml", None),
        (
            "rebekahjacob_sna-setup/Example-SNA-survey-data.csv",
            "Example-SNA-survey-data.toml",
            "rebekahjacob_sna-setup/Qualtrics-contact-list.csv",
        ),
        ("ropensci_qualtrics/sample.csv", "sample.toml", None),  # not a network survey: zero ties
    ],
)
def test_real_exports_upload_and_every_tab_renders(real_exports_dir, export, codebook, roster):
    """Real survey-tool exports (no team, school or role columns) through the upload path."""
    codebooks = Path(__file__).resolve().parent / "codebooks"
    expected = load_survey(
        real_exports_dir / export,
        None if roster is None else real_exports_dir / roster,
        codebooks / codebook,
    )
    app = OverviewApp(load_sample("2025"), key=KEY)
    _upload(app.up_export, Path(export).name, (real_exports_dir / export).read_bytes())
    _upload(app.up_codebook, codebook, (codebooks / codebook).read_bytes())
    if roster:
        _upload(app.up_roster, Path(roster).name, (real_exports_dir / roster).read_bytes())
    app.load_button.click()
    assert "ll-info" in app.message.value, app.message.value
    assert f"{len(expected.ties)} " in app.message.value
    for index in range(6):
        app.tabs.selected_index = index
    app.dl_button.click()
    assert "ll-error" not in app.message.value, app.message.value
    assert app.dl_links.value.count("ll-download") == 5


def test_every_text_is_used_by_a_dashboard():
    source = "".join(
        p.read_text(encoding="utf-8")
        for p in (Path(__file__).resolve().parents[1] / "leerlib" / "dashboards").glob("*.py")
        if p.name != "i18n.py"
    )
    # families looked up by prefix (f"log_reason_{code}") count when the prefix is in the code
    prefixes = set(re.findall(r'"((?:log|xl)_[a-z]+_)(?:"|\{)', source))
    unused = [
        k
        for k in STRINGS
        if f'"{k}"' not in source
        and f"'{k}'" not in source
        and not k.startswith("cycle_")
        and not k.startswith(tuple(prefixes) or ("\0",))
    ]
    assert unused == []


def test_personal_page_hides_who_named_you_without_consent(personal, survey):
    """Without consent, people the user did not name are 'a colleague', with a team of 5+ only."""
    ties = _latest_ties(survey)
    person = ties["target"].value_counts().index[0]  # the most named person
    personal.select(person)
    G = personal.graph(None)
    H = personal.display_graph(person, G)
    sizes = survey.people["team"].value_counts()
    name = survey.people.set_index("person_id")["name"]
    hidden = [v for v in G if v != person and not G.has_edge(person, v)]
    assert hidden
    for v in hidden:
        d = H.nodes[v]
        assert d["name"] == "Een collega" and set(d) <= {"name", "internal", "team"}
        assert "team" not in d or sizes[d["team"]] >= 5
    shown = personal.map.value + personal.lists.value + personal.suggest.value
    named_me = set(ties.loc[ties["target"] == person, "source"]) - set(G.successors(person))
    assert named_me and _leaked([name[v] for v in named_me], shown) == []


def test_pseudonymised_view_merges_rare_roles_and_teams(overview, survey):
    """Sample: 3 directors, 3 ICT coordinators, ... (roles held by fewer than 5 people)."""
    rare = survey.people["role"].value_counts()
    rare = set(rare[rare < 5].index)
    assert rare
    G = overview.graph(None)
    roles = {d.get("role") for _, d in G.nodes(data=True)}
    assert not roles & rare and "(< 5)" in roles
    for col in ("team", "school", "role"):
        counts = overview.private.people[col].value_counts()
        assert (counts >= 5).all()


# signed personal links -----------------------------------------------------------------
def _locked_page(app) -> str:
    """Everything the locked page sends to the browser: texts, map, and the picker's options."""
    parts = [
        app.message.value,
        app.map.value,
        app.map_caption.value,
        app.lists.value,
        app.suggest.value,
        app.reflect.value,
        repr(app.picker.options),
        repr(app.topic.options),
    ]
    return "\n".join(parts)


def _url_app(survey, monkeypatch, query: str, **kwargs):
    monkeypatch.setenv("QUERY_STRING", query)
    app = PersonalApp(copy.deepcopy(survey), key=KEY, locked=True, **kwargs)
    app._repr_mimebundle_()
    return app


def test_signed_link_opens_only_that_persons_page(survey, monkeypatch):
    from leerlib.privacy import personal_code

    app = _url_app(survey, monkeypatch, f"persoon=P0003&code={personal_code('P0003', KEY)}")
    name = dict(zip(survey.people["person_id"], survey.people["name"], strict=True))
    assert app.picker.value == "P0003" and app.message.value == ""
    assert app.picker.options == (("—", ""), (name["P0003"], "P0003"))
    assert _leaked([name["P0003"]], app.map.value)  # their own map
    open_app = PersonalApp(copy.deepcopy(survey), key=KEY, locked=False, person="P0003")
    assert app.lists.value == open_app.lists.value  # the same page as without signed links


@pytest.mark.parametrize(
    "query",
    [
        "persoon=P0003&code=0000000000000000",  # wrong code
        "persoon=P0003",  # no code
        "persoon=P0003&code=",  # empty code
        "persoon=nobody-here&code=0000000000000000",  # unknown person: the same answer
        "",  # no person at all
    ],
)
def test_locked_page_without_a_valid_code_shows_no_name(survey, monkeypatch, query):
    app = _url_app(survey, monkeypatch, query)
    page = _locked_page(app)
    assert app.picker.value == "" and app.picker.disabled
    assert (
        "Open de persoonlijke link die je hebt gekregen."
        in app.message.value + app.map_caption.value
    )
    assert _leaked(_names(survey), page) == []


def test_code_of_another_person_does_not_open_a_page(survey, monkeypatch):
    from leerlib.privacy import personal_code

    app = _url_app(survey, monkeypatch, f"persoon=P0003&code={personal_code('P0004', KEY)}")
    assert app.picker.value == "" and _leaked(_names(survey), _locked_page(app)) == []
    app.set_language("en")
    assert "Open the personal link you were sent." in app.map_caption.value


def test_locked_picker_is_hidden_disabled_and_offers_nobody(survey):
    app = PersonalApp(copy.deepcopy(survey), key=KEY, locked=True)
    assert app.picker.disabled and app.picker.layout.display == "none"
    assert app.picker.options == (("—", ""),)
    # choosing a person through the widget's value is impossible: it is not an option
    with pytest.raises(TraitError):
        app.picker.value = "P0003"
    assert _leaked(_names(survey), _locked_page(app)) == []


def test_locked_mode_follows_the_environment_and_unlocked_is_unchanged(survey, monkeypatch):
    monkeypatch.setenv("LEERLIB_SIGNED_LINKS", "1")
    assert PersonalApp(copy.deepcopy(survey), key=KEY).locked
    monkeypatch.setenv("LEERLIB_SIGNED_LINKS", "0")
    app = PersonalApp(copy.deepcopy(survey), key=KEY)
    internal = survey.people[survey.people["internal"].astype(bool)]
    assert not app.locked and not app.picker.disabled
    assert len(app.picker.options) == len(internal) + 1  # "—" and every colleague
    app.select("P0003")  # no code needed
    assert app.picker.value == "P0003"


def test_locked_without_a_key_is_a_friendly_message(survey, monkeypatch):
    monkeypatch.delenv("LEERLIB_KEY", raising=False)
    monkeypatch.setenv("QUERY_STRING", "persoon=P0003&code=0000000000000000")
    app = PersonalApp(copy.deepcopy(survey), locked=True)
    assert "LEERLIB_KEY" in app.message.value and "Traceback" not in app.message.value
    app._repr_mimebundle_()
    assert "LEERLIB_KEY" in app.message.value and app.picker.value == ""
    assert _leaked(_names(survey), _locked_page(app)) == []


def test_personal_links_carry_a_code_that_opens_each_page(survey, monkeypatch):
    from urllib.parse import parse_qs, urlsplit

    from leerlib.privacy import personal_links

    links = personal_links(survey, KEY, "https://leren.example/")
    internal = survey.people[survey.people["internal"].astype(bool)]
    assert list(links["person_id"]) == list(internal["person_id"].astype(str))
    assert (
        links["url"]
        .str.startswith("https://leren.example/voila/render/mijn_leernetwerk.ipynb?persoon=")
        .all()
    )
    assert links["url"].nunique() == len(links)
    row = links.iloc[2]
    app = _url_app(survey, monkeypatch, urlsplit(row["url"]).query)
    assert app.picker.value == row["person_id"]
    code = parse_qs(urlsplit(row["url"]).query)["code"][0]
    other = personal_links(survey, b"another key of sixteen bytes or more", "https://leren.example")
    assert code not in other.loc[2, "url"]  # another key gives other codes


def test_serve_refuses_signed_links_without_a_key(monkeypatch, capsys):
    from leerlib import serve

    monkeypatch.delenv("LEERLIB_KEY", raising=False)
    monkeypatch.delenv("LEERLIB_SIGNED_LINKS", raising=False)
    monkeypatch.setattr(serve, "make_app", lambda *a, **k: pytest.fail("must not start a server"))
    assert serve.main(["--signed-links"]) == 2
    err = capsys.readouterr().err
    assert "LEERLIB_KEY" in err and "Traceback" not in err
    assert "LEERLIB_SIGNED_LINKS" not in __import__("os").environ


def test_serve_signed_links_with_a_key_switches_kernels_to_locked(monkeypatch):
    from leerlib import serve

    monkeypatch.setenv("LEERLIB_KEY", KEY)
    # setenv (not delenv) so that monkeypatch restores the variable's absence afterwards: the
    # function under test sets it, and a leaked "1" would lock every later server
    monkeypatch.setenv("LEERLIB_SIGNED_LINKS", "0")
    assert serve._signed_links_problem(True) is None
    assert __import__("os").environ["LEERLIB_SIGNED_LINKS"] == "1"


@pytest.mark.parametrize("page_maps", ["1", ""], ids=["mount", "frame"])
def test_signed_personal_page_sends_only_what_it_shows(survey, monkeypatch, page_maps):
    """The sample colleague named by most others (P0054: 49 colleagues named them, they named 3):
    the page says "49 colleagues named you (names are not shown)", so its map data may hold no
    roster id, no pseudonym and no team of those 49, only anonymous page ids."""
    from leerlib.privacy import personal_code

    monkeypatch.setenv("LEERLIB_PAGE_MAPS", page_maps)
    app = PersonalApp(copy.deepcopy(survey), key=KEY, locked=True)
    G = app.graph(None)
    person = "P0054"
    named = set(G.successors(person))
    hidden = set(G.predecessors(person)) - named
    assert (len(hidden), len(named)) == (49, 3)
    app.select(person, code=personal_code(person, KEY))
    assert "49 " in app.lists.value
    map_html = html.unescape((app.first_map.held or "") + app.map.value)
    page = map_html + app.lists.value + app.suggest.value
    ids = set(survey.people["person_id"])
    assert not [i for i in ids if re.search(rf"\b{re.escape(i)}\b", map_html)]
    for key in (KEY, app._key):
        pseudonyms = pseudonym_map(ids, key)
        assert not [p for p in pseudonyms.values() if p in page]
    if page_maps:  # the mount data itself: every unnamed colleague is bare
        raw = re.search(
            r'<script type="application/json" id="[^"]*-data">(.*?)</script>',
            (app.first_map.held or "") + app.map.value,
            re.S,
        ).group(1)
        data = json.loads(raw)
        nodes = data["nodes"]
        bare = [n for n in nodes if n["label"] == t("colleague", "nl")]
        assert len(nodes) == 1 + 3 + 49 and len(bare) == 49
        team_word, role_word = t("team", "nl"), t("role", "nl")
        for n in bare:
            assert re.fullmatch(r"c\d+", n["id"])
            assert not [row for row in n["card"] if row[0] in (team_word, role_word, "Team", "Rol")]
        team = survey.people.set_index("person_id")["team"]
        only_hidden = {team[v] for v in hidden} - {team[v] for v in named | {person}}
        assert only_hidden and not [x for x in only_hidden if x in raw]


#: English words that the Dutch pages showed or downloaded (issue 17, item 1): the cleaning
#: log's codes and texts, the workbook's sheet and column names.
ENGLISH = (
    "dropped",
    "zero",
    "kept",
    "merged",
    "flagged",
    "key_figures",
    "person_id",
    "responded",
    "location",
    "role",
    "a scale answer",
    "means no tie",
    "candidates",
    "superseded",
    "self_tie",
    "ambiguous_name",
    "non_respondent",
    "blank_row",
    "cleaning_report",
    "go_to_people",
    "team_to_team",
    "in_degree",
    "betweenness",
    "Executing",
)


def _english(texts) -> list[str]:
    found = []
    for s in texts:
        for word in ENGLISH:
            if re.search(rf"(?<![A-Za-z_]){re.escape(word)}(?![A-Za-z_])", str(s)):
                found.append(f"{word!r} in {str(s)[:80]!r}")
    return found


def test_dutch_pages_and_downloads_say_nothing_in_english(survey):
    """Every tab's text and the Excel and CSV downloads of the Dutch overview hold none of the
    English words listed (by hand from the issue), and the workbook explains every column."""
    app = OverviewApp(copy.deepcopy(survey), key=KEY)
    for i in range(6):
        app._draw_tab(i)
    page = [
        app.figures.value,
        app.people.value,
        app.teams.value,
        app.report.value,
        app.map_caption.value,
        app.data_text.value,
        app.dl_text.value,
        app.message.value,
    ]
    texts = [re.sub(r"<[^>]+>", " ", html.unescape(p)) for p in page]
    app.dl_button.click()
    assert app.message.value == "", app.message.value
    files = _links(app.dl_links.value)
    by_suffix = {n.rsplit(".", 1)[-1]: d for n, d in files.items()}
    wb = openpyxl.load_workbook(io.BytesIO(by_suffix["xlsx"]))
    texts += wb.sheetnames
    for ws in wb:
        rows = list(ws.values)
        texts += [c for row in rows for c in row if isinstance(c, str)]
    import zipfile

    with zipfile.ZipFile(io.BytesIO(by_suffix["zip"])) as zf:
        for name in zf.namelist():
            texts.append(name)
            texts.append(zf.read(name).decode("utf-8-sig").splitlines()[0])
    assert _english(texts) == []
    # the explanation sheet names every column of every other sheet, with a meaning
    about = list(wb["uitleg"].values)
    listed = {(r[0], r[1]) for r in about[1:]}
    for ws in wb:
        if ws.title in ("uitleg", "team-naar-team"):
            continue
        header = next(ws.values)
        assert {(ws.title, c) for c in header} <= listed, ws.title
    assert all(r[2] for r in about[1:] if r[0] != "team-naar-team"), "every column has a meaning"


def test_a_new_overview_builds_its_first_map_once(survey, monkeypatch):
    """Opening the overview shows one map (latest round, all topics), so it builds one; the
    labels set after the data used to build the same map a second time, work that every
    kernel started for a page repeated. A language switch still redraws (the map's texts)."""
    import leerlib.viz

    built = []
    real = leerlib.viz.network_map

    def counting(*args, **kwargs):
        built.append(kwargs.get("lang"))
        return real(*args, **kwargs)

    monkeypatch.setattr(leerlib.viz, "network_map", counting)
    app = OverviewApp(copy.deepcopy(survey), key=KEY)
    assert built == ["nl"]
    app.lang_toggle.value = "en"
    assert built == ["nl", "en"]
