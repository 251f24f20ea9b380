"""The overview's key figures, lists and small parts say what they count (issue 17, items 2, 3, 6).

Widget level, no browser. Expected counts come from pandas on the survey's own ties (the
tables the dashboards start from), from hand-built graphs, or from the map drawn beside them.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import html
import re
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from leerlib.clean import load_survey
from leerlib.dashboards import OverviewApp, t
from leerlib.dashboards._figures import key_figures, people_html
from leerlib.privacy import pseudonymize
from leerlib.sample import load_sample, sample_paths
from tests.conftest import KEY


@pytest.fixture(scope="module")
def survey():
    return load_sample()


@pytest.fixture(scope="module")
def overview(survey):
    return OverviewApp(copy.deepcopy(survey), key=KEY)


@pytest.fixture(scope="module")
def teamless(survey):
    """The sample's 2026 round without team, school and role columns (as many real exports)."""
    s = load_sample("2026")
    people = s.people.drop(columns=[c for c in ("team", "school", "role") if c in s.people])
    return OverviewApp(dataclasses.replace(s, people=people), key=KEY)


def _figures(app, topic=None) -> dict:
    """Label -> (value, sentence) of the app's key figures for ``topic``, in its language."""
    return {
        label: (value, sentence)
        for label, value, sentence in key_figures(app.graph(topic), lang=app.lang)
    }


def _plain(markup: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(markup)))


def _latest(survey) -> pd.DataFrame:
    return survey.ties[survey.ties["wave"].astype(str) == survey.waves[-1]]


def _legend(app, topic=None) -> list[str]:
    app.topic.value = topic or ""
    try:
        return [item["label"] for item in app.current_map().data["legend"]]
    finally:
        app.topic.value = ""


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


# item 2: key figures ------------------------------------------------------------------------
def test_ties_figure_counts_pairs_and_says_how_many_nominations(overview, survey):
    """pandas on the survey's 2026 ties: 1,019 rows (a nomination per topic) are 817 distinct
    source -> target pairs; the card shows the pairs and names the nominations."""
    ties = _latest(survey)
    pairs = len(ties[["source", "target"]].drop_duplicates())
    assert (pairs, len(ties)) == (817, 1019)
    value, sentence = _figures(overview)[t("fig_ties", "nl")]
    assert value == str(pairs)
    assert str(len(ties)) in sentence and "Paren" in sentence
    # one topic: every pair is one nomination, and the sentence does not talk of topics
    ict = ties[ties["topic"] == "ict"]
    value, sentence = _figures(overview, "ict")[t("fig_ties", "nl")]
    assert value == str(len(ict[["source", "target"]].drop_duplicates())) == str(len(ict))
    assert "thema" not in sentence


def test_upload_notice_counts_ties_as_the_cards_and_the_map_do(survey):
    """After loading the sample's 2025 files the notice, the ties card and the map caption say
    the same number: the 2025 source -> target pairs (pandas); the notice adds the nominations."""
    paths = sample_paths()
    app = OverviewApp(copy.deepcopy(survey), key=KEY)
    _upload(app.up_roster, "personeel.csv", paths["roster_2025"].read_bytes())
    _upload(app.up_export, "enquete.csv", paths["survey_2025"].read_bytes())
    _upload(app.up_codebook, "codeboek.toml", paths["codebook_2025"].read_bytes())
    app.load_button.click()
    ties = load_survey(paths["survey_2025"], paths["roster_2025"], paths["codebook_2025"]).ties
    pairs = len(ties[["source", "target"]].drop_duplicates())
    assert pairs < len(ties)
    notice = _plain(app.message.value)
    assert f"{pairs} relaties" in notice and f"{len(ties)} noemingen" in notice, notice
    assert _figures(app)[t("fig_ties", "nl")][0] == str(pairs)
    assert f"{pairs} relaties" in _plain(app.map_caption.value)


def test_without_a_team_column_the_cross_team_figure_says_why(teamless):
    value, sentence = _figures(teamless)[t("fig_cross", "nl")]
    assert "n.v.t." not in value + sentence
    assert "geen kolom team" in sentence


def _circulant(n: int, k: int) -> nx.DiGraph:
    """n people, each turning to the next k: n*k ties, density k / (n - 1)."""
    return nx.DiGraph([(i, (i + j) % n) for i in range(n) for j in range(1, k + 1)])


def test_density_sentence_follows_the_value_and_the_size():
    """26 people who each turn to 8 others: 208 ties, density 208 / (26 * 25) = 32 %, a dense
    network; 149 people who each turn to 5: 3.4 %, low as in any large organisation; 30 who
    each turn to 2: 6.9 %, loose for a small group."""
    dense = dict((lbl, s) for lbl, _, s in key_figures(_circulant(26, 8)))[t("fig_density", "nl")]
    assert "altijd laag" not in dense and "grote organisaties" not in dense
    assert "32%" in dense and "8,0 van de 25" in dense and "dicht netwerk" in dense
    large = dict((lbl, s) for lbl, _, s in key_figures(_circulant(149, 5)))[t("fig_density", "nl")]
    assert "3,4%" in large and "Bij 149 mensen" in large and "dicht" not in large
    small = dict((lbl, s) for lbl, _, s in key_figures(_circulant(30, 2), lang="en"))["Density"]
    assert "6.9%" in small and "group of 30 people" in small and "loose" in small


def test_people_figure_leaves_out_zero_outside_contacts():
    G = _circulant(6, 1)
    sentence = dict((lbl, s) for lbl, _, s in key_figures(G))[t("fig_people", "nl")]
    assert "plus" not in sentence and "0 contacten" not in sentence
    G.add_node("x", internal=False)
    G.add_edge(0, "x")
    sentence = dict((lbl, s) for lbl, _, s in key_figures(G))[t("fig_people", "nl")]
    assert "plus 1 contacten van buiten" in sentence


@pytest.mark.parametrize("topic", [None, "ict"])
def test_cluster_figure_counts_the_clusters_the_map_shows(overview, topic):
    """The card's number is the number of coloured clusters in the map's legend, and the
    people it puts outside them are the legend's "overig"."""
    legend = _legend(overview, topic)
    shown = [label for label in legend if not label.startswith("overig")]
    other = [
        int(re.search(r"\((\d+)\)$", label).group(1))
        for label in legend
        if label.startswith("overig")
    ]
    value, sentence = _figures(overview, topic)[t("fig_clusters", "nl")]
    assert value == str(len(shown)), (value, legend)
    assert other and f"Daarbuiten {other[0]} mensen" in sentence


@pytest.mark.parametrize("topic", [None, "ict"])
def test_cluster_labels_say_what_a_cluster_is(overview, survey, topic):
    """No cluster is named like a team or numbered ("Regenboog bovenbouw 2"); every name says
    "vooral" (mostly) or "gemengd" (mixed) and no two are the same."""
    names = [
        re.sub(r" \(\d+\)$", "", label)
        for label in _legend(overview, topic)
        if not label.startswith("overig")
    ]
    teams = set(survey.people["team"].dropna().astype(str))
    assert not teams & set(names)
    assert all(n.startswith(("vooral ", "gemengd: ")) for n in names), names
    assert not [n for n in names if re.search(r" \d+$", n)]
    assert len(set(names)) == len(names)


def test_all_of_one_school_is_named_after_the_school(overview, survey):
    """A cluster of the map whose members are at least 60 % of one school and less than 60 %
    of one team is "vooral <school>" (shares counted with pandas on the staff list)."""
    from leerlib.viz import map_clusters

    G = overview.graph(None)
    membership, shown = map_clusters(G)
    people = overview.private.people.set_index("person_id")
    legend = _legend(overview)
    checked = 0
    for c, label in zip(shown, legend, strict=False):
        members = people.loc[[v for v, k in membership.items() if k == c]]
        school = members["school"].value_counts(normalize=True)
        team = members["team"].value_counts(normalize=True)
        if school.iloc[0] >= 0.6 and team.iloc[0] < 0.6:
            assert label == f"vooral {school.index[0]} ({len(members)})", label
            checked += 1
    assert checked >= 1


def test_uploaded_data_without_groups_names_clusters_by_their_most_sought_person(teamless):
    names = [label for label in _legend(teamless) if not label.startswith("overig")]
    assert names and all(n.startswith("rond ") for n in names), names
    assert not [n for n in names if n.startswith("cluster")]


# item 3: empty or unexplained parts ---------------------------------------------------------
def test_teams_tab_without_group_columns_explains_itself(teamless):
    page = _plain(teamless.teams_html())
    assert t("groups_none", "nl") in page
    assert teamless.group.layout.display == "none"
    assert "Wie leert van welk team" not in page


def test_teams_tab_grouped_by_role_speaks_of_roles(survey):
    app = OverviewApp(copy.deepcopy(survey), key=KEY)
    app.group.value = "role"
    page = app.teams_html()
    headings = " ".join(re.findall(r"<h[34]>(.*?)</h[34]>", page)) + " ".join(
        re.findall(r"<p>(.*?)</p>", page)
    )
    assert "functie" in headings and not re.search(r"\bteam", headings, re.I), headings
    app.set_language("en")
    page = app.teams_html()
    assert "Who learns from whom, by role?" in page and "team" not in page.split("</p>")[0].lower()


def test_brokers_say_why_nobody_is_listed(teamless):
    G = teamless.graph(None)
    page = _plain(people_html(G, {}, topic_labels={}, lang="nl"))
    assert t("brokers_no_team", "nl") in page


def test_brokerage_has_a_unit_and_an_explanation(overview):
    G = overview.graph(None)
    page = _plain(people_html(G, {}, topic_labels={}, lang="nl"))
    assert "Brugfunctie (paren)" in page and "Brugfunctie telt paren" in page


def test_map_caption_says_what_the_dots_apart_are(overview):
    """ICT in 2026: the people with no ICT tie lie apart below the network (count by networkx)."""
    overview.topic.value = "ict"
    try:
        alone = len(list(nx.isolates(overview.graph("ict"))))
        assert alone > 0
        assert f"{alone} mensen zonder relaties" in _plain(overview.map_caption.value)
    finally:
        overview.topic.value = ""


# item 6: small things -----------------------------------------------------------------------
def test_file_buttons_show_the_file_name_and_load_has_its_own_icon(survey):
    app = OverviewApp(copy.deepcopy(survey), key=KEY)
    assert app.up_export.description == "Export"
    _upload(app.up_export, "enquete.csv", b"x")
    assert app.up_export.description == "Export: enquete.csv"
    app.set_language("en")
    assert app.up_export.description == "Export: enquete.csv"
    assert app.up_roster.description == "Staff list"
    assert app.load_button.icon not in ("upload", "")


def test_data_text_points_nowhere_it_cannot_go(overview):
    for lang in ("nl", "en"):
        assert "handleiding" not in t("data_text", lang) and "manual" not in t("data_text", lang)
    assert "TOML" in overview.data_text.value


def test_a_skipped_status_is_shown_not_redacted(real_exports_dir):
    """A response the codebook skips by its status ("Spam", a word of the survey tool) keeps
    that word through pseudonymisation, and the Dutch report says it in Dutch."""
    from leerlib.dashboards._figures import log_table

    codebooks = Path(__file__).resolve().parent / "codebooks"
    base = real_exports_dir / "balachia_class-survey"
    s = load_survey(
        base / "ZKC Qualtrics.csv",
        base / "zkc-qualtrics-panel.csv",
        codebooks / "ZKC Qualtrics.toml",
    )
    raw = s.log[s.log["reason"] == "status_skipped"]
    assert len(raw) and set(raw["raw_value"]) == {"Spam"}
    log = pseudonymize(s, KEY).log
    skipped = log[log["reason"] == "status_skipped"]
    assert set(skipped["raw_value"]) == {"Spam"}
    assert not skipped["detail"].str.contains("redacted").any()
    assert not skipped["detail"].str.contains("@").any()  # the respondent's e-mail is still gone
    shown = log_table(skipped, lang="nl", rename=False)
    assert shown["detail"].str.startswith("inzending met status 'Spam' overgeslagen").all()


def test_map_card_names_the_broker_measure_in_words(survey):
    """Sized by "Brugfunctie", a person's card says what the number is, not "betweenness"."""
    app = OverviewApp(copy.deepcopy(survey), key=KEY)
    app.size.value = "betweenness"
    rows = [row[0] for n in app.current_map().data["nodes"] for row in n["card"]]
    assert "betweenness" not in rows
    assert "Brugfunctie (kortste wegen tussen anderen via deze persoon)" in rows
