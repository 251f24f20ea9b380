"""A round asked inside leerlib on the demonstration workspace, end to end: ``python -m
leerlib.serve`` without --workspace, the researcher's commands on the demonstration file, two
colleagues in two headless Chromium sessions, the close, and the HR overview's rounds and
comparison."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlparse

import pytest

import leerlib
from leerlib.__main__ import main
from leerlib.privacy import pseudonym
from leerlib.workspace import Workspace


def _cli(capsys, *args) -> str:
    status = main(["workspace", *map(str, args)])
    out, err = capsys.readouterr()
    assert status == 0, err
    return out


def _pick(br, name: str) -> None:
    """Type ``name`` in the first topic's search, pick the first hit, wait for the save."""
    from selenium.webdriver.common.keys import Keys

    box = br.driver.find_element("id", "lc-q-0-s")
    box.click()
    box.send_keys(name)
    br.wait_for("document.querySelectorAll('#lc-q-0-hits li[role=option]').length > 0")
    box.send_keys(Keys.ENTER)
    br.wait_for(
        "document.querySelectorAll('#lc-main .lc-tie').length === 1 && "
        "document.querySelector('.lc-status').textContent === 'Opgeslagen'"
    )


@pytest.mark.slow
@pytest.mark.browser
def test_the_demo_serves_a_round_answered_in_two_browsers(tmp_path, monkeypatch, capsys, chromium):
    """On the served demonstration (the sample's rounds 2025 and 2026): collect-open 2027 and
    invitations on its file; without a link's code nothing opens (403, no names offered); the
    first colleague on the invitations picks the third, the second picks the first, each in a
    browser of their own with both pages open at once, each page saying it is a demonstration;
    the HR overview's monitor counts them; after collect-close the HR overview offers 2027 (the latest), and its comparison with
    2026 has these two ties (and only these) as 2027's ties of that topic, pseudonymised as
    the overview shows them."""
    from leerlib.dashboards import OverviewApp
    from tests.serving import fetch, start, stop

    monkeypatch.setenv("LEERLIB_DATA_DIR", str(tmp_path / "data"))
    for name in ("LEERLIB_KEY", "LEERLIB_WORKSPACE", "LEERLIB_DEMO"):
        monkeypatch.delenv(name, raising=False)
    proc, base = start(["--no-preheat"], tmp_path / "serve.log")
    path = tmp_path / "data" / "demo.leerlib"
    try:
        codebook = leerlib.sample_paths()["codebook_2025"]
        _cli(capsys, "collect-open", path, "--round", "2027", "--codebook", codebook)
        rows = list(
            csv.DictReader(io.StringIO(_cli(capsys, "invitations", path, "--base-url", base)))
        )
        a, b, c = rows[0], rows[1], rows[2]
        assert urlparse(a["url"]).path == "/vragenlijst"
        # a link without its code, or with another's, opens nothing and offers no names
        for url in (
            f"{base}/vragenlijst?persoon={a['person_id']}",
            f"{base}/vragenlijst?persoon={a['person_id']}&code="
            + parse_qs(urlparse(b["url"]).query)["code"][0],
            f"{base}/vragenlijst/zoek?persoon={a['person_id']}&code=x&q=a",
        ):
            status, _, page = fetch(url)
            assert status == 403 and c["name"] not in page, (url, status)
        with chromium() as br_a, chromium() as br_b:
            for br, row in ((br_a, a), (br_b, b)):
                br.get(row["url"])
                br.wait_for("document.querySelector('#lc-q-0-s') !== null")
                assert "verzonnen collega's" in br.js(
                    "return document.querySelector('.ll-demo').textContent"
                )
            _pick(br_a, c["name"])
            _pick(br_b, a["name"])
            shown = [
                br.js("return document.querySelector('.lc-tie .lc-who').firstChild.textContent")
                for br in (br_a, br_b)
            ]
            assert br_a.console_errors() == [] and br_b.console_errors() == []
        assert shown == [c["name"], a["name"]]
        # the HR overview's response monitor while the round is open: P0001 and P0002 share a
        # team of 6 on the 2026 staff list (as tests/test_collect_cli.py counts)
        assert (a["person_id"], b["person_id"]) == ("P0001", "P0002")
        with Workspace.open(path) as ws:
            team = ws.collect_form("2027").staff.set_index("person_id")["team"]["P0001"]
        assert f"<td>{team}</td><td>2 van 6</td>" in OverviewApp(workspace=path).monitor.value
        assert "round 2027:" in _cli(capsys, "collect-close", path)
    finally:
        stop(proc)
    with Workspace.open(path) as ws:
        topic = ws.collect_form("2027").topics[0]["key"]
        key = ws.key
    app = OverviewApp(workspace=path)
    assert app.message.value == ""
    assert [v for _, v in app.wave.options] == ["2025", "2026", "2027"]
    assert app.wave.value == "2027"
    cmp = app.comparison()
    assert (cmp.before, cmp.after) == ("2026", "2027")
    now = cmp.ties[(cmp.ties["topic"] == topic) & cmp.ties["in_after"].astype(bool)]
    p = {r["person_id"]: pseudonym(r["person_id"], key) for r in (a, b, c)}  # as shown
    assert sorted(zip(now["source"], now["target"], strict=True)) == sorted(
        [(p[a["person_id"]], p[c["person_id"]]), (p[b["person_id"]], p[a["person_id"]])]
    )
    app.draw_change()
    assert "2026" in app.change.value and "2027" in app.change.value
