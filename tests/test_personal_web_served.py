"""``python -m leerlib.serve --workspace PATH``: a colleague's page through their link, and
nothing without one; in a real Chromium the map is drawn with no outside request."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

import leerlib
from leerlib.workspace import Workspace
from tests.serving import REPO, fetch, start, stop

PAGE = "/voila/render/mijn_leernetwerk.ipynb"
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A sample workspace with links, served on all addresses (so a token guards Voila's
    pages), reached through loopback."""
    folder = tmp_path_factory.mktemp("served-personal")
    path = folder / "ws.leerlib"
    ws = Workspace.create(path, org="Stichting Samen Leren")
    ws.add_round(leerlib.load_sample("2025"), name="2025")
    ws.add_round(leerlib.load_sample("2026"), name="2026")
    links = ws.personal_links("https://leren.example")
    # a round asked inside leerlib is open: the same links open its survey page
    ws.open_collection("2027", leerlib.sample_paths()["codebook_2025"])
    ws.close()
    proc, base = start(
        ["--workspace", str(path), "--no-preheat", "--ip", "0.0.0.0"], folder / "serve.log"
    )
    try:
        yield (
            base,
            {
                pid: parse_qs(urlparse(u).query)["code"][0]
                for pid, u in zip(links["person_id"], links["url"], strict=True)
            },
        )
    finally:
        stop(proc)


def test_a_link_opens_its_page_without_the_server_token_and_nothing_opens_without_one(served):
    base, codes = served
    status, headers, page = fetch(
        f"{base}{PAGE}?" + urlencode({"persoon": "P0003", "code": codes["P0003"]})
    )
    assert status == 200, page[:500]
    assert "Deze pagina toont ronde 2026" in page
    assert "/leerlib/assets/vis-network.min.js" in page
    # no Voila page: none of its configuration, scripts or kernel ids (the map's own texts may
    # mention a notebook's "Kernel" menu, so the plain word is no sign)
    assert "jupyter-config-data" not in page and "kernelid" not in page.lower()
    scripts = re.findall(r'<script[^>]*\bsrc="([^"]+)"', page)
    assert scripts and all(src.startswith("/leerlib/assets/") for src in scripts), scripts
    for query in (
        {},
        {"persoon": "P0003"},
        {"persoon": "P0003", "code": codes["P0004"]},
        {"persoon": "P0004", "code": codes["P0003"]},
    ):
        status, _, page = fetch(f"{base}{PAGE}?" + urlencode(query))
        assert status == 403 and "This link does not work" in page
    assert fetch(f"{base}/mijn")[0] == 403
    # the survey page of the open round answers to the same link, and to nothing else
    survey = f"{base}/vragenlijst?" + urlencode({"persoon": "P0003", "code": codes["P0003"]})
    status, _, page = fetch(survey)
    assert status == 200 and 'id="lc-data"' in page, page[:300]
    assert fetch(survey.replace("P0003", "P0004"))[0] == 403
    # the rest of the server still asks for its token
    assert fetch(f"{base}/voila/render/netwerk_overzicht.ipynb")[0] in (302, 403)


@pytest.mark.browser
def test_a_link_draws_the_map_in_chromium_with_no_outside_request(served, chromium):
    base, codes = served
    url = f"{base}{PAGE}?" + urlencode({"persoon": "P0003", "code": codes["P0003"], "lang": "en"})
    with chromium() as br:
        br.get(url)
        br.wait_for("document.querySelector('.leerlib-map[data-drawn=\"1\"]') !== null", timeout=60)
        assert (
            br.js("return document.querySelectorAll('.leerlib-map .lm-canvas canvas').length") >= 1
        )
        assert "This page shows round 2026" in br.js("return document.body.innerText")
        assert br.outside_requests() == []
        assert br.console_errors() == []


@pytest.mark.browser
def test_the_page_in_both_languages_accessible_with_the_keyboard_and_in_dutch(served, chromium):
    """Issue 17, item 9 for the kernel-free personal page: Tab reaches the language link, the
    topics, the map's text version, its search box and the questions' "why", each with a
    focus outline of 2 px or more; the map is an image described by the lists, and Enter on
    "text version" takes the keyboard there. axe-core (WCAG 2.1 A/AA) finds no serious or
    critical violation in Dutch, in English (opened with Enter on the language link) and on
    the page for a link that does not work; the Dutch page has no English word of item 1.
    """
    from tests.browser import english_in

    ARTIFACTS.mkdir(exist_ok=True)
    base, codes = served
    url = f"{base}{PAGE}?" + urlencode({"persoon": "P0003", "code": codes["P0003"]})
    drawn = "document.querySelector('.leerlib-map[data-drawn=\"1\"]') !== null"
    with chromium() as br:
        br.get(url)
        br.wait_for(drawn, timeout=60)
        seen = br.tab_through()
        places = [(f["tag"], f["mark"], f["text"]) for f in seen]
        assert ("A", "", "English") in places, places
        for mark in ("ll-topics", "ll-text-version", "lm-search", "ll-why"):
            assert mark in {f["mark"] for f in seen}, (mark, places)
        assert [f for f in seen if f["outline"] < 2] == [], seen
        described = br.js(
            "const c = document.querySelector('.leerlib-map .lm-canvas');"
            "return [c.getAttribute('role'), c.getAttribute('aria-describedby').split(' ')"
            ".map(i => document.getElementById(i).innerText).join(' ')];"
        )
        assert described[0] == "img" and "Jij gaat te rade bij" in described[1], described
        br.js("document.querySelector('.ll-text-version').focus()")
        br.press("\ue007")  # Enter
        br.wait_for("document.activeElement.id === 'll-lists'", timeout=10)
        assert br.axe() == []
        assert english_in(br.page_texts()) == [] and br.raw_filter_names() == []
        br.screenshot(ARTIFACTS / "a11y_personal_web_nl.png")
        br.js("[...document.querySelectorAll('header nav a')][0].focus()")
        br.press("\ue007")
        br.wait_for("document.documentElement.lang === 'en'", timeout=30)
        br.wait_for(drawn, timeout=60)
        assert "This page shows round 2026" in br.js("return document.body.innerText")
        assert br.axe() == []
        br.screenshot(ARTIFACTS / "a11y_personal_web_en.png")
        br.get(f"{base}{PAGE}")  # no link: the page that says so, in both languages
        br.wait_for("document.body.innerText.includes('This link does not work')", timeout=30)
        assert br.axe() == []
