"""build_graph (waves, topics, roster, responded, weights) and the igraph round trip."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leerlib.errors import LeerlibError, SchemaError
from leerlib.graph import build_graph, from_igraph, response_summary, to_igraph
from leerlib.schema import LOG_COLUMNS, VALUE_COLUMNS, Survey, empty_table


def _ties(rows):
    df = pd.DataFrame(rows, columns=["source", "target", "topic", "wave", "weight"])
    df["raw_name"] = df["target"]
    df["match"] = "id"
    df["match_score"] = 100.0
    return df


@pytest.fixture
def survey():
    people = pd.DataFrame(
        {
            "person_id": ["p1", "p2", "p3", "p4", "x1"],
            "name": ["An", "Bo", "Cas", "Dirk", "Extern"],
            "internal": [True, True, True, True, False],
            "team": ["A", "A", "B", "B", None],
        }
    )
    ties = _ties(
        [
            ("p1", "p2", "ict", "2025", 1.0),
            ("p1", "p2", "didactiek", "2025", 2.0),
            ("p2", "p3", "ict", "2025", 1.0),
            ("p1", "x1", "ict", "2025", 1.0),
            ("p3", "p1", "ict", "2026", 3.0),
            ("p4", "p3", "didactiek", "2026", 1.0),
        ]
    )
    responses = pd.DataFrame(
        {
            "person_id": ["p1", "p2", "p3", "p1", "p3", "p4"],
            "wave": ["2025", "2025", "2025", "2026", "2026", "2026"],
            "responded": [True, True, False, False, True, True],
        }
    )
    return Survey(
        people=people,
        ties=ties,
        responses=responses,
        value=empty_table(VALUE_COLUMNS),
        log=empty_table(LOG_COLUMNS),
        topics={"ict": {"nl": "ICT", "en": "ICT"}},
        waves=["2025", "2026"],
    )


def test_topics_combine_by_summing_weights(survey):
    """Hand count: p1 -> p2 is named on ict (1.0) and didactiek (2.0) in 2025."""
    G = build_graph(survey, wave="2025")
    assert G.edges["p1", "p2"] == {"weight": 3.0, "topics": ["didactiek", "ict"], "n_topics": 2}
    assert G.edges["p2", "p3"]["n_topics"] == 1
    assert G.graph["weight_rule"] == "sum over topics"


def test_topic_filter_keeps_only_that_topic(survey):
    G = build_graph(survey, wave="2025", topic="didactiek")
    assert list(G.edges(data="weight")) == [("p1", "p2", 2.0)]
    assert G.graph["topics"] == ["didactiek"]


def test_default_wave_is_the_latest(survey):
    G = build_graph(survey)
    assert G.graph["wave"] == "2026"
    assert set(G.edges) == {("p3", "p1"), ("p4", "p3")}


def test_wave_roster_responded_and_externals(survey):
    """2025 roster: p1, p2, p3 (rows in responses); p3 did not respond; x1 is named."""
    G = build_graph(survey, wave="2025")
    assert list(G) == ["p1", "p2", "p3", "x1"]
    assert dict(G.nodes(data="responded")) == {"p1": True, "p2": True, "p3": False, "x1": False}
    assert G.nodes["p1"]["team"] == "A" and G.nodes["x1"]["internal"] is False
    assert G.graph["n_internal"] == 3
    assert G.graph["n_responded"] == 2
    assert G.graph["response_rate"] == pytest.approx(2 / 3)
    assert response_summary(G)["response_rate"] == pytest.approx(2 / 3)


def test_internal_only_drops_externals(survey):
    G = build_graph(survey, wave="2025", internal_only=True)
    assert "x1" not in G and not G.has_edge("p1", "x1")


def test_ties_dataframe_with_people(survey):
    G = build_graph(survey.ties, survey.people, wave="2026")
    # without responses: the roster is every internal person; "named someone" is a response
    assert list(G) == ["p1", "p2", "p3", "p4"]
    assert dict(G.nodes(data="responded")) == {"p1": False, "p2": False, "p3": True, "p4": True}


def test_weight_none_counts_ties(survey):
    G = build_graph(survey, wave="2025", weight=None)
    assert G.edges["p1", "p2"]["weight"] == 2.0


@pytest.mark.parametrize(
    "bad, message",
    [
        ("not a table", "expected a Survey or a ties DataFrame"),
        (pd.DataFrame({"source": ["a"]}), "missing column"),
    ],
)
def test_bad_input_raises_schema_error(bad, message):
    with pytest.raises(SchemaError, match=message):
        build_graph(bad)


def test_unknown_person_is_a_schema_error(survey):
    ties = _ties([("p1", "ghost", "ict", "2025", 1.0)])
    with pytest.raises(LeerlibError, match="ghost"):
        build_graph(ties, survey.people)


def test_igraph_round_trip_keeps_order_and_attributes(survey):
    G = build_graph(survey, wave="2025")
    g = to_igraph(G)
    assert g.vs["name"] == list(G)
    assert g.vs["team"] == [G.nodes[v]["team"] for v in G]
    H = from_igraph(g)
    assert list(H) == list(G)
    assert sorted(H.edges(data="weight")) == sorted(G.edges(data="weight"))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 7), st.integers(0, 7), st.floats(0.5, 5.0)),
        max_size=30,
    )
)
def test_round_trip_property(edges):
    G = nx.DiGraph()
    G.add_nodes_from(f"n{i}" for i in (7, 3, 0, 5, 1, 6, 2, 4))
    for u, v, w in edges:
        G.add_edge(f"n{u}", f"n{v}", weight=w)
    H = from_igraph(to_igraph(G))
    assert list(H) == list(G)
    assert dict(H.edges).keys() == dict(G.edges).keys()
    assert all(H.edges[e]["weight"] == G.edges[e]["weight"] for e in G.edges)


def test_sample_survey_builds():
    """The bundled sample: every tie of the wave becomes part of an edge, weights add up."""
    from leerlib.sample import load_sample

    s = load_sample()
    wave = s.waves[-1]
    G = build_graph(s, wave=wave)
    t = s.ties[s.ties["wave"] == wave]
    assert G.number_of_edges() == len(t.drop_duplicates(["source", "target"]))
    assert sum(w for _, _, w in G.edges(data="weight")) == pytest.approx(t["weight"].sum())
    assert sum(n for _, _, n in G.edges(data="n_topics")) == len(t)
    assert 0 < G.graph["response_rate"] <= 1
