"""The browser harness itself records requests: otherwise 'no outside request' proves nothing."""

import time

import pytest

pytestmark = pytest.mark.browser


def test_harness_records_outside_request(tmp_path, chromium):
    page = tmp_path / "p.html"
    page.write_text(
        '<html><head><link rel="stylesheet" href="https://cdn.example.invalid/x.css"></head>'
        "<body><p id=ok>hi</p></body></html>",
        encoding="utf-8",
    )
    with chromium() as br:
        br.open_file(page)
        br.wait_for("document.getElementById('ok') !== null")
        assert any("cdn.example.invalid" in u for u in br.outside_requests())


def test_harness_local_page_has_no_outside_request(tmp_path, chromium):
    page = tmp_path / "p.html"
    page.write_text("<html><body><p id=ok>hi</p></body></html>", encoding="utf-8")
    with chromium() as br:
        br.open_file(page)
        br.wait_for("document.getElementById('ok') !== null")
        assert br.outside_requests() == []


def test_harness_records_requests_of_a_sandboxed_frame(tmp_path, chromium):
    """A sandboxed srcdoc frame runs in its own process, out of the DevTools log's sight: the
    recording proxy must still see what it asks for (maps are such frames)."""
    page = tmp_path / "p.html"
    page.write_text(
        "<html><body><p id=ok>hi</p>"
        '<iframe sandbox="allow-scripts" '
        "srcdoc=\"<img src='https://frame.example.invalid/pixel.png'>\"></iframe>"
        "</body></html>",
        encoding="utf-8",
    )
    with chromium() as br:
        br.open_file(page)
        br.wait_for("document.getElementById('ok') !== null")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not br.outside_requests():
            time.sleep(0.1)
        assert any("frame.example.invalid" in u for u in br.outside_requests())


def test_harness_axe_finds_a_serious_violation_and_passes_a_clean_part(tmp_path, chromium):
    """axe-core's check is not vacuous: an image without a text alternative and a button without
    a name are critical violations; a labelled part of the same page has none."""
    page = tmp_path / "p.html"
    page.write_text(
        '<html lang="en"><head><title>t</title></head><body><main>'
        '<div id="bad"><img src="data:image/png;base64,iVBORw0KGgo="><button></button></div>'
        '<div id="good"><img src="data:image/png;base64,iVBORw0KGgo=" alt="a chart">'
        "<button>Go</button></div></main></body></html>",
        encoding="utf-8",
    )
    with chromium() as br:
        br.open_file(page)
        br.wait_for("document.getElementById('good') !== null")
        found = {v["id"] for v in br.axe("#bad")}
        assert {"image-alt", "button-name"} <= found
        assert br.axe("#good") == []


def test_harness_keyboard_walk_and_word_scan_find_what_they_look_for(tmp_path, chromium):
    """The keyboard walk sees each control and a focus with no outline; the word scan finds
    English in a closed panel and a dropdown's choice, and not inside a Dutch word."""
    from tests.browser import english_in

    page = tmp_path / "p.html"
    page.write_text(
        '<html lang="nl"><head><style>.bare:focus { outline: none; }</style></head><body>'
        '<button class="ll-a">A</button><button class="ll-b bare">B</button>'
        "<details><summary>Verslag</summary>reden: dropped</details>"
        "<select><option>Kies</option><option>person_id</option></select>"
        "<p>De teamrol van de vraagbaak</p></body></html>",
        encoding="utf-8",
    )
    with chromium() as br:
        br.open_file(page)
        br.wait_for("document.querySelector('.ll-b') !== null")
        walk = br.tab_through()
        assert [(f["mark"], f["outline"] > 0) for f in walk][:2] == [
            ("ll-a", True),
            ("ll-b", False),
        ]
        assert [f["tag"] for f in walk] == ["BUTTON", "BUTTON", "SUMMARY", "SELECT"]
        found = english_in(br.page_texts())
        assert [f.split(" in ")[0] for f in found] == ["'dropped'", "'person_id'"], found
