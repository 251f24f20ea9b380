"""``python -m leerlib.serve --workspace PATH``: a colleague's page through their link, and
nothing without one; in a real Chromium the map is drawn with no outside request."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

import leerlib
from leerlib.workspace import Workspace
from tests.serving import fetch, start, stop

PAGE = "/voila/render/mijn_leernetwerk.ipynb"


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
