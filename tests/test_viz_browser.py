"""leerlib.viz in a real headless Chromium: drawing, no outside request, escaping, two maps per page."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from leerlib.graph import build_graph
from leerlib.sample import synthetic_graph
from leerlib.viz import ego_map, group_map, network_map, topic_map

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
XSS_NAME = "<img src=x onerror=window.__pwned=1>"
XSS_TEAM = "</script><script>window.__pwned=2</script>"
DRAWN = "document.querySelectorAll('.leerlib-map[data-drawn=\"1\"]').length"


@pytest.fixture(scope="module")
def br(chromium):
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def school() -> nx.DiGraph:
    people, ties = synthetic_graph(150, avg_ties=5, seed=3)
    return build_graph(ties, people)


def open_page(br, tmp_path, name: str, page: str, maps: int = 1) -> None:
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    br.open_file(path)
    br.wait_for(f"{DRAWN} >= {maps}", timeout=60)


def state(root_index: int = 0) -> str:
    return f"window.leerlibMaps[document.querySelectorAll('.leerlib-map')[{root_index}].id]"


def test_map_draws_without_any_outside_request(br, tmp_path, school):
    m = network_map(school, title="Leernetwerk")
    open_page(br, tmp_path, "network.html", m.html)
    drawn = br.js(
        f"var s = {state()}; var c = s.root.querySelector('canvas');"
        "var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, k = 0;"
        "for (var i = 0; i < d.length; i += 4) { if (d[i + 3] > 0 && d[i] + d[i + 1] + d[i + 2] < 600) k++; }"
        "return [Object.keys(s.network.body.nodes).length, k];"
    )
    assert drawn[0] == school.number_of_nodes()
    assert drawn[1] > 1000, "the canvas should hold coloured nodes and ties"
    br.screenshot(ARTIFACTS / "viz_network.png")
    assert br.outside_requests() == []
    assert br.console_errors() == []


def test_search_highlight_card_and_filter(br, tmp_path, school):
    m = network_map(school)
    open_page(br, tmp_path, "interact.html", m.html)
    person = max(school.nodes, key=school.in_degree)
    name = school.nodes[person]["name"]
    assert br.js(f"return {state()}.search(arguments[0]);", name) == person
    card = br.js("return document.querySelector('.lm-card').textContent;")
    assert name in card and f"Asked by{school.in_degree(person)}" in card
    shown = br.js(
        f"return {state()}.edges.get({{filter: function (e) {{ return !e.hidden; }}}}).length;"
    )
    assert shown == school.in_degree(person) + school.out_degree(person)
    br.js(f"{state()}.reset();")
    # a real mouse over the person: the hover card appears with their name
    from selenium.webdriver.common.action_chains import ActionChains

    canvas = br.driver.find_element("css selector", ".lm-canvas canvas")
    x, y, w, h = br.js(
        f"var s = {state()}; var p = s.network.canvasToDOM(s.network.getPositions([arguments[0]])"
        "[arguments[0]]); var c = s.root.querySelector('.lm-canvas canvas');"
        "return [p.x, p.y, c.clientWidth, c.clientHeight];",
        person,
    )
    ActionChains(br.driver).move_to_element_with_offset(
        canvas, int(x - w / 2), int(y - h / 2)
    ).perform()
    br.wait_for("!document.querySelector('.lm-card').hidden", timeout=10)
    assert name in br.js("return document.querySelector('.lm-card').textContent;")
    team = school.nodes[person]["team"]
    br.js(f"{state()}.filter('team', arguments[0]);", team)
    visible = br.js(
        f"return {state()}.nodes.get({{filter: function (n) {{ return !n.hidden; }}}}).length;"
    )
    assert visible == sum(1 for _, t in school.nodes(data="team") if t == team)
    br.screenshot(ARTIFACTS / "viz_filtered.png")
    br.js(f"{state()}.filter('', '');")
    first = m.data["legend"][0]
    members = sum(1 for n in m.data["nodes"] if n["color"] == first["color"])
    br.driver.find_element("css selector", ".lm-legend-row").click()
    bright = br.js(
        f"var s = {state()}; return s.nodes.get().filter("
        "function (n) { return n.color.background !== 'rgba(200,200,200,0.35)'; }).length;"
    )
    assert bright == members and m.data["legend_pick"] is True
    br.screenshot(ARTIFACTS / "viz_legend_pick.png")


def _hostile(school: nx.DiGraph) -> tuple[nx.DiGraph, str]:
    """A copy of the school whose most named person is called XSS_NAME, in a team called XSS_TEAM."""
    G = school.copy()
    person = max(G.nodes, key=G.in_degree)
    team = G.nodes[person]["team"]
    G.nodes[person]["name"] = XSS_NAME
    for v in G.nodes:
        if G.nodes[v]["team"] == team:
            G.nodes[v]["team"] = XSS_TEAM
    return G, person


def test_hostile_names_render_as_text_and_run_nothing(br, tmp_path, school):
    G, _ = _hostile(school)
    m = network_map(G, color_by="team", title=XSS_NAME)
    open_page(br, tmp_path, "xss.html", m.html)
    br.js(f"{state()}.search(arguments[0]);", XSS_NAME)
    assert br.js("return window.__pwned === undefined && document.images.length === 0;")
    card = br.js("return document.querySelector('.lm-card').textContent;")
    assert XSS_NAME in card and XSS_TEAM in card
    assert XSS_TEAM in br.js("return document.querySelector('.lm-legend').textContent;")
    assert br.js("return document.title;") == XSS_NAME
    # the same page inside a notebook cell's iframe
    open_page(br, tmp_path, "xss_frame.html", f"<html><body>{m._repr_html_()}</body></html>", 0)
    br.driver.switch_to.frame(br.driver.find_element("css selector", "iframe"))
    try:
        br.wait_for(f"{DRAWN} === 1", timeout=60)
        assert br.js("return window.__pwned === undefined && document.images.length === 0;")
    finally:
        br.driver.switch_to.default_content()
    assert br.js("return window.__pwned === undefined;")
    assert br.outside_requests() == []


def test_mounted_maps_draw_from_inert_markup_release_and_run_nothing(br, tmp_path, school):
    """The dashboards' way: the page loads the assets once, a widget puts inert markup in."""
    from leerlib.viz._page import PAGE_ASSETS, page_asset

    for name in PAGE_ASSETS:
        (tmp_path / name).write_text(page_asset(name), encoding="utf-8")
    head = "".join(
        f'<link rel="stylesheet" href="{n}">'
        if n.endswith(".css")
        else f'<script defer src="{n}"></script>'
        for n in PAGE_ASSETS
    )
    G, person = _hostile(school)
    hostile = network_map(G, color_by="team", title=XSS_NAME).mount_html()
    assert "<script>" not in hostile and hostile.count("<script") == 1
    open_page(
        br,
        tmp_path,
        "mount.html",
        f"<html><head>{head}</head><body><div id='host'></div></body></html>",
        0,
    )
    # what ipywidgets' HTML widget does with its value
    br.js("document.getElementById('host').innerHTML = arguments[0];", hostile)
    br.wait_for(f"{DRAWN} === 1", timeout=60)
    first = br.js("return document.querySelector('.leerlib-map').id;")
    assert br.js(f"return Object.keys({state()}.network.body.nodes).length;") == G.number_of_nodes()
    br.js(f"{state()}.search(arguments[0]);", XSS_NAME)
    card = br.js("return document.querySelector('.lm-card').textContent;")
    assert XSS_NAME in card and XSS_TEAM in card
    assert XSS_NAME in br.js("return document.querySelector('.lm-title').textContent;")
    assert br.js("return window.__pwned === undefined && document.images.length === 0;")
    # a redraw replaces the markup: the new map is drawn, the old one released
    br.js(
        "document.getElementById('host').innerHTML = arguments[0];",
        ego_map(school, person).mount_html(),
    )
    br.wait_for(
        f"{DRAWN} === 1 && document.querySelector('.leerlib-map').id !== '{first}'", timeout=60
    )
    assert br.js("return Object.keys(window.leerlibMaps);") == [
        br.js("return document.querySelector('.leerlib-map').id;")
    ]
    assert br.js("return window.__pwned === undefined;")
    # built while hidden (a page still loading): not "drawn" until shown, then the same view
    scale = br.js(f"return {state()}.network.getScale();")
    br.js(
        "const h = document.getElementById('host'); h.style.display = 'none';"
        "h.innerHTML = arguments[0];",
        ego_map(school, person).mount_html(),
    )
    br.wait_for(f"{state()} !== undefined && {state()}.network !== undefined", timeout=30)
    import time

    time.sleep(0.3)
    assert (
        br.js("return document.querySelector('.leerlib-map').getAttribute('data-drawn');") is None
    )
    br.js("document.getElementById('host').style.display = '';")
    br.wait_for(f"{DRAWN} === 1", timeout=30)
    assert br.js(f"return {state()}.network.getScale();") == pytest.approx(scale)
    assert br.outside_requests() == []
    assert br.console_errors() == []


def test_two_maps_on_one_page_do_not_collide(br, tmp_path, school):
    a = network_map(school, title="A")
    person = max(school.nodes, key=school.in_degree)
    b = ego_map(school, person, radius=2)
    page = f"<html><body>{a.fragment()}{b.fragment()}{a.fragment()}</body></html>"
    open_page(br, tmp_path, "two.html", page, maps=3)
    ids = br.js("return Array.from(document.querySelectorAll('.leerlib-map')).map(e => e.id);")
    assert len(set(ids)) == 3
    counts = br.js(
        "return Array.from(document.querySelectorAll('.leerlib-map'))"
        ".map(e => Object.keys(window.leerlibMaps[e.id].network.body.nodes).length);"
    )
    assert counts == [len(a.node_ids), len(b.node_ids), len(a.node_ids)]
    br.js(f"{state(0)}.search(arguments[0]);", school.nodes[person]["name"])
    selected = br.js(
        "return Array.from(document.querySelectorAll('.leerlib-map'))"
        ".map(e => window.leerlibMaps[e.id].selected);"
    )
    assert selected == [person, None, None]
    br.screenshot(ARTIFACTS / "viz_two_maps.png")
    frames = f"<html><body>{a._repr_html_()}{b._repr_html_()}</body></html>"
    open_page(br, tmp_path, "frames.html", frames, maps=0)
    for frame in br.driver.find_elements("css selector", "iframe"):
        br.driver.switch_to.frame(frame)
        try:
            br.wait_for(f"{DRAWN} === 1", timeout=60)
        finally:
            br.driver.switch_to.default_content()
    assert br.outside_requests() == []
    assert br.console_errors() == []


@pytest.mark.parametrize("kind", ["ego", "group", "topic", "drill"])
def test_other_maps_draw(br, tmp_path, school, kind):
    person = max(school.nodes, key=school.in_degree)
    m = {
        "ego": lambda: ego_map(school, person),
        "group": lambda: group_map(school, "team"),
        "topic": lambda: topic_map(school, min_nominations=2),
        "drill": lambda: group_map(school, "team").drill(school.nodes[person]["team"]),
    }[kind]()
    open_page(br, tmp_path, f"{kind}.html", m.html)
    n = br.js(f"return Object.keys({state()}.network.body.nodes).length;")
    assert n == len(m.node_ids) > 1
    br.screenshot(ARTIFACTS / f"viz_{kind}.png")
    assert br.outside_requests() == []
    assert br.console_errors() == []


def test_two_thousand_people_draw(br, tmp_path):
    people, ties = synthetic_graph(2000, avg_ties=6, seed=1)
    m = network_map(build_graph(ties, people))
    assert m.kind == "network"
    open_page(br, tmp_path, "big.html", m.html)
    assert br.js(f"return Object.keys({state()}.network.body.nodes).length;") == 2000
    br.screenshot(ARTIFACTS / "viz_2000.png")
    assert br.outside_requests() == []


def test_filter_choices_speak_dutch(br, tmp_path, school):
    """The filter's attributes and yes/no values are words of the page's language, not the
    data's column names: by hand, the Dutch attribute words are Team, School, Functie,
    Vragenlijst ingevuld (docs/maps.md) and a boolean shows as ja/nee."""
    G = school.copy()
    for i, v in enumerate(G.nodes):
        G.nodes[v]["responded"] = i % 3 != 0
        G.nodes[v]["location"] = "Noord" if i % 2 else "Zuid"
    open_page(br, tmp_path, "filter_nl.html", network_map(G, lang="nl").html)
    attrs = br.js(
        "return Array.from(document.querySelectorAll('.lm-filter-attr option'))"
        ".map(function (o) { return o.textContent; });"
    )
    assert not {"team", "school", "role", "responded", "location"} & set(attrs), attrs
    assert {"Functie", "Locatie", "Vragenlijst ingevuld"} <= set(attrs)
    # issue 17: the two filters say what they are, not a bare "(alle)" each
    assert attrs[0] == "Filteren op \u2026", attrs
    labels = br.js(
        "return Array.from(document.querySelectorAll('.lm-filter-attr, .lm-filter-value'))"
        ".map(function (s) { return s.getAttribute('aria-label'); });"
    )
    assert labels == ["Filter: op welk kenmerk", "Filter: welke waarde"], labels
    br.js(f"{state()}.filter('responded', 'False');")
    values = br.js(
        "return Array.from(document.querySelectorAll('.lm-filter-value option'))"
        ".map(function (o) { return o.textContent; });"
    )
    assert values == ["(alle waarden)", "nee", "ja"], values
    hidden = br.js(
        f"return {state()}.nodes.get({{filter: function (n) {{ return !n.hidden; }}}}).length;"
    )
    assert hidden == sum(1 for _, r in G.nodes(data="responded") if r is False)
