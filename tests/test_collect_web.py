"""The survey page of a round asked inside leerlib (leerlib.dashboards.collect_web), over HTTP
against the real handlers: links, saves, whose answers a link reaches, hostile text, a bounded
load; and one session in a real headless Chromium."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

import leerlib
from leerlib.workspace import Workspace
from tests.collect_serving import CollectServer, link_codes, survey_path

HOSTILE = [
    '</script><script>alert("x")</script>',
    "<img src=x onerror=alert(1)>",
    "Robert'); DROP TABLE collect_answer;--",
    "&lt;b&gt; \u202e gnirts",
]


def _page_data(page: str) -> dict:
    """The JSON the page's script builds the page from."""
    m = re.search(r'<script type="application/json" id="lc-data">(.*?)</script>', page, re.S)
    assert m, page[:300]
    return json.loads(m.group(1))


@pytest.fixture
def site(ws_target):
    target, key_file = ws_target
    ws = Workspace.create(target, org="Stichting Samen Leren", key_file=key_file)
    ws.add_round(leerlib.load_sample("2025"), name="2025")
    codes = link_codes(ws)
    ws.open_collection("2027", leerlib.sample_paths()["codebook_2025"])
    srv = CollectServer(ws)
    yield ws, srv, codes
    srv.close()
    ws.close()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_link_opens_the_survey_and_only_its_owners_answers(site):
    """P0001 saves two ties; P0001's code reaches P0001's answers only: P0002's page with
    P0001's code, a save for P0002 with P0001's code and a revoked link get nothing."""
    ws, srv, codes = site
    me, other = ("P0001", codes["P0001"]), ("P0002", codes["P0002"])
    status, page = srv.get(survey_path(*me))
    assert status == 200 and _page_data(page)["state"]["ties"] == []
    assert "Bij wie ga je te rade over" in json.dumps(_page_data(page)["texts"], ensure_ascii=False)
    body = {"persoon": me[0], "code": me[1], "action": "tie", "topic": "ict", "target": "P0003"}
    assert srv.post(body)[1]["result"] == "stored"
    assert srv.post(body)[1]["result"] == "unchanged"  # a retry is stored once
    body.update(frequency="Wekelijks")
    assert srv.post(body)[1]["result"] == "changed"
    # a reload shows what was answered
    ties = _page_data(srv.get(survey_path(*me))[1])["state"]["ties"]
    assert [(x["target"], x["name"], x["frequency"]) for x in ties] == [
        ("P0003", "Zoë Vermeulen", "Wekelijks")
    ]
    # the other colleague's page shows none of it
    assert _page_data(srv.get(survey_path(*other))[1])["state"]["ties"] == []
    # crossed codes, a save for someone else, a search with a wrong code
    assert srv.get(survey_path(other[0], me[1]))[0] == 403
    assert srv.post({**body, "persoon": other[0]})[0] == 403
    assert srv.get(f"vragenlijst/zoek?persoon={other[0]}&code={me[1]}&q=zoe")[0] == 403
    assert len(ws.answers("2027", history=True)) == 2  # P0001's first and changed answer only
    ws.revoke(me[0])
    status, page = srv.get(survey_path(*me))
    assert status == 410 and "ingetrokken" in page
    assert srv.post(body)[0] == 410
    # the search forgives spelling and never offers yourself
    hits = json.loads(srv.get(f"vragenlijst/zoek?persoon={other[0]}&code={other[1]}&q=groot")[1])
    assert other[0] not in [h["person_id"] for h in hits["hits"]]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_hostile_text_is_text_in_every_view(site):
    """Outsiders named with markup and SQL are stored as given, and come back as text: in the
    survey page's JSON (no tag can close the script element), in the tables, in the stored
    round's personal page (escaped HTML)."""
    ws, srv, codes = site
    me = {"persoon": "P0001", "code": codes["P0001"]}
    for text in HOSTILE:
        status, answer = srv.post({**me, "action": "tie", "topic": "ict", "external": text})
        assert status == 200, answer
    page = srv.get(survey_path("P0001", codes["P0001"]))[1]
    data_block = re.search(r'id="lc-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in data_block and ">" not in data_block
    names = [x["name"] for x in _page_data(page)["state"]["ties"]]
    # stored as given, except the right-to-left override (a control character) that is dropped
    assert names == HOSTILE[:3] + ["&lt;b&gt; gnirts"]
    assert page.count("<script") == 2  # the page's own script and its data, nothing else
    # an outsider's name longer than the bound is refused, nothing stored
    status, answer = srv.post({**me, "action": "tie", "topic": "ict", "external": "x" * 500})
    assert status == 400 and not answer["ok"]
    survey = ws.collected_survey("2027")
    assert set(survey.people.loc[~survey.people["internal"], "name"]) == set(names)
    ws.close_collection("2027")
    personal = srv.get(f"voila/render/mijn_leernetwerk.ipynb?persoon=P0001&code={codes['P0001']}")
    assert personal[0] == 200
    assert "&lt;img src=x onerror=alert(1)&gt;" in personal[1]  # shown, as text
    assert "<img src=x" not in personal[1] and "<script>alert" not in personal[1]


def test_bounded_load_nothing_lost_nothing_twice(site):
    """The issue's load as a correctness check (its timing is benchmarks/bench_collect.py):
    50 colleagues save 20 answers each at once (4 topics x 5 colleagues), every fifth save
    sent twice (a retry): 1,000 ties stored, each once, on both backends."""
    ws, srv, codes = site
    people = [f"P{n:04d}" for n in range(1, 51)]
    targets = [f"P{n:04d}" for n in range(60, 65)]
    topics = ["didactiek", "ict", "zorg", "toetsing"]

    def answer(pid):
        out = []
        for k, (topic, tgt) in enumerate(((t, g) for t in topics for g in targets), start=1):
            body = {"persoon": pid, "code": codes[pid], "action": "tie"}
            body.update(topic=topic, target=tgt, frequency="Wekelijks")
            out.append(srv.post(body))
            if k % 5 == 0:
                out.append(srv.post(body))
        return out

    with ThreadPoolExecutor(50) as pool:
        results = [r for rs in pool.map(answer, people) for r in rs]
    assert all(status == 200 for status, _ in results)
    assert sorted(r["result"] for _, r in results) == ["stored"] * 1000 + ["unchanged"] * 200
    history = ws.answers("2027", history=True)
    assert len(history) == 1000 and history["ended_at"].isna().all()
    assert not history.duplicated(["respondent", "topic", "target"]).any()
    assert (history.groupby("respondent").size() == 20).all()
    assert len(ws.collected_survey("2027").ties) == 1000


def test_no_round_open_gets_a_clear_page(tmp_path):
    ws = Workspace.create(tmp_path / "w.leerlib", org="School")
    ws.add_round(leerlib.load_sample("2025"), name="2025")
    codes = link_codes(ws)
    srv = CollectServer(ws)
    try:
        status, page = srv.get(survey_path("P0001", codes["P0001"]))
        assert status == 404 and "Er staat geen vragenlijst open" in page
        assert "No survey is open" in page
        personal = f"voila/render/mijn_leernetwerk.ipynb?persoon=P0001&code={codes['P0001']}"
        assert "vragenlijst?" not in srv.get(personal)[1]
        ws.open_collection("2027", leerlib.sample_paths()["codebook_2025"])
        ws.close_collection("2027", now=None)
        assert srv.get(survey_path("P0001", codes["P0001"]))[0] == 404
        ws.open_collection("2028", leerlib.sample_paths()["codebook_2025"])
        assert srv.get(survey_path("P0001", codes["P0001"]))[0] == 200
        # the personal page points to the open survey, with the same code
        page = srv.get(personal)[1]
        assert "Er staat een vragenlijst voor je open" in page
        assert f'href="/vragenlijst?persoon=P0001&amp;code={codes["P0001"]}&amp;lang=nl"' in page
    finally:
        srv.close()
        ws.close()


@pytest.mark.browser
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_one_session_in_chromium_fill_reload_change_phone_keyboard(site, chromium):
    """At 375 px and by keyboard alone: find a colleague by surname, pick with Enter, choose a
    frequency, reload (the answer is there), continue with an outsider, change the frequency,
    say klaar; no outside request, no console error, no serious WCAG AA violation."""
    ws, srv, codes = site
    url = srv.base + survey_path("P0001", codes["P0001"])
    with chromium() as br:
        # a phone's viewport (a headless window cannot be narrower than 500 px)
        br.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 375, "height": 800, "deviceScaleFactor": 2, "mobile": True},
        )
        br.get(url)
        br.wait_for("document.querySelector('#lc-q-0-s') !== null")
        assert br.js("return [innerWidth, document.documentElement.scrollWidth]") == [375, 375]
        from selenium.webdriver.common.keys import Keys

        d = br.driver
        box = d.find_element("id", "lc-q-0-s")
        box.click()
        box.send_keys("vermeulen zoe")  # surname first, no diaeresis
        br.wait_for("document.querySelectorAll('#lc-q-0-hits li[role=option]').length > 0")
        box.send_keys(Keys.ENTER)
        br.wait_for("document.querySelectorAll('#lc-main .lc-tie').length === 1")
        assert "Zoë Vermeulen" in br.js("return document.querySelector('.lc-tie').innerText")
        # keyboard only: Tab from the search field back is not needed; the select has focus
        # order after the tie's name, reach it with the keyboard from the search field
        d.switch_to.active_element.send_keys(Keys.SHIFT + Keys.TAB)  # the remove button
        d.switch_to.active_element.send_keys(Keys.SHIFT + Keys.TAB)  # usefulness
        d.switch_to.active_element.send_keys(Keys.SHIFT + Keys.TAB)  # frequency
        assert br.js("return document.activeElement.getAttribute('data-k')").endswith("|frequency")
        d.switch_to.active_element.send_keys(Keys.DOWN)  # Dagelijks
        br.wait_for("document.querySelector('.lc-status').textContent === 'Opgeslagen'")
        # reload: the answer is there
        br.get(url)
        br.wait_for("document.querySelectorAll('#lc-main .lc-tie').length === 1")
        assert br.js("return document.querySelector('.lc-tie select').value") == "Dagelijks"
        # continue: an outsider with a hostile name, typed and saved with Enter
        ext = d.find_element("id", "lc-q-0-x")
        ext.send_keys(HOSTILE[1] + Keys.ENTER)
        br.wait_for("document.querySelectorAll('#lc-main .lc-tie').length === 2")
        assert br.js("return document.querySelectorAll('#lc-main img').length") == 0
        # change the tie: frequency to Wekelijks
        br.js(
            "var s = document.querySelector('.lc-tie select'); s.focus();"
            "s.value = 'Wekelijks'; s.dispatchEvent(new Event('change'));"
        )
        br.wait_for(
            "document.querySelector('.lc-status').textContent === 'Opgeslagen' && "
            "document.querySelector('.lc-tie select').value === 'Wekelijks'"
        )
        done = d.find_element("id", "lc-done")
        done.send_keys(Keys.ENTER)
        br.wait_for("!document.querySelector('.lc-thanks').hidden")
        assert br.js("return document.documentElement.scrollWidth") <= 375
        assert br.outside_requests() == []
        assert br.console_errors() == []
        assert br.axe() == []
    h = ws.answers("2027", "P0001", history=True)
    tie = h[(h["kind"] == "tie") & (h["target"] == "P0003")]
    assert tie["frequency"].fillna("").tolist() == ["", "Dagelijks", "Wekelijks"]
    assert tie["ended_at"].notna().sum() == len(tie) - 1
    assert set(h["kind"]) == {"tie", "done"}


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_next_round_page_starts_from_last_rounds_relations(site):
    """P0001 named P0003 and an outsider in 2027; the 2028 page asks "klopt dit nog?" for
    both; confirming one and dropping the other leaves no question and one tie."""
    ws, srv, codes = site
    me = {"persoon": "P0001", "code": codes["P0001"]}
    srv.post({**me, "action": "tie", "topic": "zorg", "target": "P0003", "frequency": "Wekelijks"})
    srv.post({**me, "action": "tie", "topic": "zorg", "external": "Schoolarts"})
    ws.close_collection("2027")
    ws.open_collection("2028", leerlib.sample_paths()["codebook_2025"])
    data = _page_data(srv.get(survey_path("P0001", codes["P0001"]))[1])
    assert "Klopt dit nog?" in data["texts"]["collect_last_time"]
    assert [(p["name"], p["frequency"]) for p in data["state"]["proposals"]] == [
        ("Zoë Vermeulen", "Wekelijks"),
        ("Schoolarts", ""),
    ]
    assert data["state"]["ties"] == []
    confirm = {**me, "action": "tie", "topic": "zorg", "target": "P0003", "frequency": "Wekelijks"}
    assert srv.post(confirm)[1]["result"] == "stored"
    state = srv.post({**me, "action": "drop", "topic": "zorg", "external": "Schoolarts"})[1][
        "state"
    ]
    assert state["proposals"] == []
    assert [(x["target"], x["frequency"]) for x in state["ties"]] == [("P0003", "Wekelijks")]


def test_a_hostile_name_on_the_staff_list_is_text_in_search_and_page(tmp_path):
    """A colleague whose name on the staff list is markup: found by the search as given,
    picked, and in the page's data with no tag."""
    survey = leerlib.load_sample("2025")
    people = survey.people.copy()
    people.loc[people["person_id"] == "P0010", "name"] = HOSTILE[1]
    survey.people = people
    ws = Workspace.create(tmp_path / "w.leerlib", org="School")
    ws.add_round(survey, name="2025")
    codes = link_codes(ws)
    ws.open_collection("2027", leerlib.sample_paths()["codebook_2025"])
    srv = CollectServer(ws)
    try:
        found = srv.get(f"vragenlijst/zoek?persoon=P0001&code={codes['P0001']}&q=img%20onerror")
        assert [h["name"] for h in json.loads(found[1])["hits"]] == [HOSTILE[1]]
        body = {"persoon": "P0001", "code": codes["P0001"], "action": "tie", "topic": "ict"}
        assert srv.post({**body, "target": "P0010"})[1]["state"]["ties"][0]["name"] == HOSTILE[1]
        page = srv.get(survey_path("P0001", codes["P0001"]))[1]
        block = re.search(r'id="lc-data">(.*?)</script>', page, re.S).group(1)
        assert "<" not in block and _page_data(page)["state"]["ties"][0]["name"] == HOSTILE[1]
    finally:
        srv.close()
        ws.close()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_survey_page_sends_the_security_headers(site):
    """No caching, no referrer (the address holds the code), no framing, and a CSP that lets
    the page's own script talk to this server only."""
    import urllib.request

    ws, srv, codes = site
    with urllib.request.urlopen(srv.base + survey_path("P0001", codes["P0001"])) as r:
        headers = r.headers
    assert headers["Cache-Control"] == "no-store"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY"
    csp = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
    assert csp["default-src"] == "'none'" and csp["connect-src"] == "'self'"
    assert csp["script-src"] == "'self'" and csp["frame-ancestors"] == "'none'"
