"""The dashboards' parts on their own: the first map's state, the figures from explicit inputs,
the topic dropdown both apps share."""

from __future__ import annotations

import copy
import re

import networkx as nx
import pytest

from leerlib.dashboards import OverviewApp, PersonalApp
from leerlib.dashboards._base import ALL, App, FirstMap
from leerlib.dashboards._figures import key_figures, person_label, tables
from leerlib.dashboards._report import report_html
from leerlib.sample import load_sample
from tests.conftest import KEY


# the first map ----------------------------------------------------------------------------
def test_a_map_shown_before_anything_is_held_and_sent_once():
    first = FirstMap()
    assert first.waiting
    first.hold("<a>")
    first.hold("<b>")  # a later map replaces the one held
    assert first.held == "<b>"
    assert first.take() == "<b>"
    assert (first.take(), first.sent, first.waiting) == (None, True, False)


def test_once_the_app_is_shown_maps_go_into_the_widget():
    first = FirstMap()
    first.hold("<a>")
    assert first.release() == "<a>" and first.release() is None
    assert not first.sent  # released to the widget: no output of its own was sent
    first.displayed = True
    assert not first.waiting


@pytest.mark.parametrize(
    ("follows_url", "url_read", "expected"),
    [
        (False, False, True),  # the overview before the address is known: its map goes first
        (False, True, False),  # the address was read already (the app was shown before)
        (True, False, False),  # the personal page: whose map depends on ?persoon=
        (True, True, False),
    ],
)
def test_the_first_map_goes_before_the_app_only_if_it_does_not_wait_for_the_address(
    follows_url, url_read, expected
):
    assert FirstMap(url_read=url_read).goes_first(follows_url=follows_url) is expected


def test_the_address_is_read_once_and_the_slot_keeps_its_id():
    first = FirstMap()
    assert [first.read_url_once() for _ in range(3)] == [True, False, False]
    slot = first.slot_id()
    assert slot.startswith("ll-slot-") and first.slot_id() == slot == first.slot
    assert FirstMap().slot_id() != slot


def test_served_app_sends_its_first_map_once_and_then_draws_into_the_widget(monkeypatch):
    """The App's flow through :class:`FirstMap`: held while nothing is shown, the output of
    its own, then maps in the widget."""
    from leerlib.dashboards import PAGE_MAPS_ENV

    monkeypatch.setenv(PAGE_MAPS_ENV, "1")
    app = OverviewApp(load_sample("2025"), key=KEY)
    assert app.first_map.held and app.first_map.waiting
    assert 'class="leerlib-map-slot"' in app.map.value
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append(obj))
    app._ipython_display_()
    assert len(shown) == 2 and "leerlib-map-home" in str(shown[0])  # the map, then the app
    assert app.first_map.sent and app.first_map.displayed and app.first_map.held is None
    app.draw_map()
    assert "leerlib-map-home" not in app.map.value and app.first_map.slot in app.map.value


# figures from explicit inputs -------------------------------------------------------------
@pytest.fixture
def small_graph():
    """Four colleagues of two teams and one outsider; ties a->b, b->a, c->a, a->x."""
    G = nx.DiGraph()
    for v, team in (("a", "T1"), ("b", "T1"), ("c", "T2"), ("d", "T2")):
        G.add_node(v, name=v.upper(), team=team, internal=True, responded=True)
    G.add_node("x", name="X", internal=False)
    G.add_edges_from([("a", "b"), ("b", "a"), ("c", "a"), ("a", "x")], weight=1.0, topics=("ict",))
    return G


def test_key_figures_count_from_the_graph_given(small_graph):
    """Hand count: 4 colleagues and 1 outsider, 4 ties, 1 isolate (d), 2 of 4 ties reciprocated."""
    figures = {label: value for label, value, _ in key_figures(small_graph, lang="en")}
    values = list(figures.values())
    assert values[0] == "4"  # people on the staff list
    assert values[2] == "4"  # ties
    assert values[5] == "1"  # isolates
    assert values[4] == "50%"  # reciprocity: a->b and b->a of the 4 ties
    assert list(figures) != [label for label, _, _ in key_figures(small_graph, lang="nl")]


def test_person_label_and_report_take_only_what_they_show(small_graph):
    import pandas as pd

    from leerlib.dashboards import t

    assert person_label(small_graph, "c") == "C (T2)"
    assert person_label(small_graph, "x") == "X"
    for lang in ("nl", "en"):
        assert report_html(None, lang=lang) == f"<p>{t('report_empty', lang)}</p>"
    log = pd.DataFrame(
        {
            "action": ["dropped", "dropped", "kept"],
            "reason": ["self_tie", "self_tie", "fuzzy"],
            "row": [2, 5, 7],
        }
    )
    page = report_html(log, lang="en")
    assert t("report_summary", "en", n=3) in page
    # counts by action and reason (hand count: dropped/self_tie twice, kept/fuzzy once); the
    # reason in words (a code without words, "fuzzy", stays as it is)
    assert re.search(r"dropped</td><td>namedthemselves</td><td>2<", page.replace(" ", ""))
    assert re.search(r"kept</td><td>fuzzy</td><td>1<", page.replace(" ", ""))


def test_tables_hide_groups_under_the_threshold_given(small_graph):
    out = tables(small_graph, {"ict": small_graph}, log=None, group="team", threshold=3, lang="nl")
    assert set(out["go_to_people"]["topic"]) == {"ict"}
    assert len(out["ties"]) == 4
    assert out["team_to_team"].empty  # both teams have 2 members, fewer than 3
    shown = tables(small_graph, {}, log=None, group="team", threshold=2, lang="nl")
    assert len(shown["team_to_team"]) == 2


# one topic dropdown for both apps ---------------------------------------------------------
@pytest.mark.parametrize(
    "make",
    [
        lambda s: OverviewApp(s, key=KEY),
        lambda s: PersonalApp(s, key=KEY),
    ],
    ids=["overview", "personal"],
)
def test_topic_dropdown_relabels_and_keeps_the_choice(make):
    survey = copy.deepcopy(load_sample("2025"))
    app = make(survey)
    assert type(app).set_topic_options is App.set_topic_options
    keys = list(survey.topics)
    assert [v for _, v in app.topic.options] == [ALL, *keys]
    app.topic.value = keys[1]
    app.set_language("en")
    assert app.topic.value == keys[1]
    assert app.topic.options[0][0] == "All topics"
    assert dict(app.topic.options)[survey.topics[keys[1]]["en"]] == keys[1]
