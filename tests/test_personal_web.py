"""Personal pages served from a workspace without a kernel (leerlib.dashboards.personal_web):
links checked against the workspace, what a page sends to the browser, the per-round cache."""

from __future__ import annotations

import asyncio
import dataclasses
import html
import json
import re
import urllib.error
import urllib.request
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

import leerlib
from leerlib.dashboards import personal_web
from leerlib.dashboards._server import MapAssetHandler
from leerlib.dashboards.personal_web import (
    AttemptLimiter,
    PersonalPages,
    RoundView,
    personal_handlers,
    render_page,
)
from leerlib.privacy import pseudonym_map
from leerlib.workspace import Workspace
from tests.collect_serving import ThreadServer, free_port

PAGE = "voila/render/mijn_leernetwerk.ipynb"


# ---------------------------------------------------------------------------- helpers
class _Server(ThreadServer):
    """A tornado server with the personal pages and the map assets, in a thread of its own."""

    def __init__(self, pages, limiter):
        handlers = personal_handlers(pages, "/", limiter=limiter, fail_delay=0)
        handlers.append((r"/leerlib/assets/([A-Za-z0-9.-]+)", MapAssetHandler))
        super().__init__(handlers)

    def get(self, path_and_query: str):
        try:
            with urllib.request.urlopen(self.base + path_and_query, timeout=60) as r:
                return r.status, dict(r.headers), r.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read().decode("utf-8")


def _split(url: str) -> tuple[str, str]:
    q = parse_qs(urlparse(url).query)
    return q["persoon"][0], q["code"][0]


def _query(pid: str, code: str, **extra) -> str:
    return PAGE + "?" + urlencode({"persoon": pid, "code": code, **extra})


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A workspace with the sample's two rounds; every colleague of 2026 got a link in 2020
    that expired a day later (serial 1) and a valid one now (serial 2)."""
    folder = tmp_path_factory.mktemp("personal-web")
    ws = Workspace.create(folder / "ws.leerlib", org="Stichting Samen Leren")
    ws.add_round(leerlib.load_sample("2025"), name="2025")
    ws.add_round(leerlib.load_sample("2026"), name="2026")
    old = ws.personal_links("https://leren.example", expires=1, now=datetime(2020, 1, 1))
    new = ws.personal_links("https://leren.example")
    pages = PersonalPages(ws)
    server = _Server(pages, AttemptLimiter(limit=10_000))
    yield {
        "ws": ws,
        "pages": pages,
        "server": server,
        "old": dict(zip(old["person_id"], old["url"], strict=True)),
        "new": dict(zip(new["person_id"], new["url"], strict=True)),
    }
    server.close()
    ws.close()


def _map_data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="ll-my-map-data">(.*?)</script>', page, re.S)
    assert m, "the page holds its map's data"
    return json.loads(m.group(1))


class _Text(HTMLParser):
    """The text of a page as a browser shows it, and whether any element other than ours
    appeared (a name that became markup)."""

    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)

    def handle_data(self, data):
        self.text.append(data)


# ---------------------------------------------------------------------------- links
def test_a_valid_link_opens_the_page_of_its_person_and_says_which_round(site):
    pid, code = _split(site["new"]["P0003"])
    status, headers, page = site["server"].get(_query(pid, code))
    assert status == 200
    name = leerlib.load_sample("2026").people.set_index("person_id").loc[pid, "name"]
    assert html.escape(name) in page
    assert "Deze pagina toont ronde 2026 van Stichting Samen Leren." in page
    assert "Demonstratie" not in page
    assert headers["Cache-Control"] == "no-store"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    status, _, page = site["server"].get(_query(pid, code, lang="en"))
    assert status == 200 and "This page shows round 2026 of Stichting Samen Leren." in page


@pytest.mark.parametrize(
    "case",
    [
        "wrong code",
        "other person's code",
        "unknown person",
        "no code",
        "nothing",
        "code of another person's id",
    ],
)
def test_unknown_and_tampered_links_get_403_and_a_bilingual_page(site, case):
    pid, code = _split(site["new"]["P0003"])
    other_pid, other_code = _split(site["new"]["P0004"])
    flipped = code[:-1] + ("0" if code[-1] != "0" else "1")
    path = {
        "wrong code": _query(pid, flipped),
        "other person's code": _query(pid, other_code),
        "unknown person": _query("P9999", code),
        "no code": PAGE + "?" + urlencode({"persoon": pid}),
        "nothing": "mijn",
        "code of another person's id": _query(other_pid, code),
    }[case]
    status, headers, page = site["server"].get(path)
    assert status == 403
    assert "Deze link werkt niet" in page and "This link does not work" in page
    assert pid not in page and other_pid not in page
    assert headers["Cache-Control"] == "no-store"


def test_an_expired_link_gets_410(site):
    pid, code = _split(site["old"]["P0005"])  # issued 2020-01-01, valid one day
    status, _, page = site["server"].get(_query(pid, code))
    assert status == 410
    assert "verlopen" in page and "expired" in page


def test_a_revoked_link_gets_410_and_a_new_one_works(site):
    ws = site["ws"]
    pid, code = _split(site["new"]["P0006"])
    assert site["server"].get(_query(pid, code))[0] == 200
    ws.revoke(pid)
    status, _, page = site["server"].get(_query(pid, code))
    assert status == 410 and "ingetrokken" in page and "revoked" in page
    fresh = ws.personal_links("https://leren.example")
    pid2, code2 = _split(fresh.set_index("person_id").loc[pid, "url"])
    assert code2 != code and site["server"].get(_query(pid2, code2))[0] == 200


def test_too_many_failures_from_one_address_are_refused_valid_links_too(site):
    server = _Server(site["pages"], AttemptLimiter(limit=3, window=900))
    try:
        pid, code = _split(site["new"]["P0007"])
        for _ in range(3):
            assert server.get(_query(pid, "0" * 16))[0] == 403
        status, headers, page = server.get(_query(pid, code))
        assert status == 429 and headers["Retry-After"] == "900"
        assert "Te veel pogingen" in page and "Too many attempts" in page
    finally:
        server.close()


def test_only_a_demo_workspace_is_open_and_it_says_so(site):
    """The README's demonstration (made-up people): every name to pick, no code needed, and
    a banner on every page; the same workspace served normally stays closed (tests above)."""
    server = _Server(PersonalPages(site["ws"], demo=True), AttemptLimiter())
    try:
        people = leerlib.load_sample("2026").people
        internal = people[people["internal"].astype(bool)]
        status, _, page = server.get("mijn")
        assert status == 200 and "Demonstratie met verzonnen collega's" in html.unescape(page)
        assert page.count("<li><a href=") == len(internal)
        status, _, page = server.get(PAGE + "?" + urlencode({"persoon": "P0003", "lang": "en"}))
        assert status == 200 and "A demonstration with made-up colleagues" in page
        assert _map_data(page)["nodes"]
    finally:
        server.close()


def test_a_workspace_made_with_init_sample_is_closed_when_served(tmp_path):
    """`leerlib workspace init --sample` holds the demonstration's made-up people, yet served
    (``register_personal_pages``, as ``serve --workspace`` calls it) it has no open page: no
    list at /mijn, no page without a code, no demonstration banner; its own link works."""
    import types

    from leerlib.__main__ import main
    from leerlib.serve import register_personal_pages

    path = tmp_path / "mine.leerlib"
    assert main(["workspace", "init", str(path), "--sample"]) == 0
    app = types.SimpleNamespace(base_url="/", handler_makers=())
    pages = register_personal_pages(app, path)
    assert pages.demo is False and len(app.handler_makers) == 1
    with Workspace.open(path) as ws:
        links = ws.personal_links("https://leren.example")
    server = _Server(pages, AttemptLimiter(limit=10_000))
    try:
        assert server.get("mijn")[0] == 403
        for query in ({"persoon": "P0003"}, {"persoon": "P0003", "lang": "en"}):
            status, _, page = server.get(PAGE + "?" + urlencode(query))
            assert status == 403 and "made-up colleagues" not in page
        url = dict(zip(links["person_id"], links["url"], strict=True))["P0003"]
        status, _, page = server.get(_query(*_split(url)))
        assert status == 200 and "verzonnen collega" not in html.unescape(page)
    finally:
        server.close()


# ---------------------------------------------------------------------------- privacy
def _viewers():
    """Three people of 2026, chosen from the ties table: the most colleagues who named them
    without being named back, the most people named, and one who named nobody (if any)."""
    ties = leerlib.load_sample("2026").ties
    people = leerlib.load_sample("2026").people
    internal = people.loc[people["internal"].astype(bool), "person_id"]
    out = ties.groupby("source")["target"].agg(set)
    inn = ties.groupby("target")["source"].agg(set)
    hidden = {p: len(inn.get(p, set()) - out.get(p, set())) for p in internal}
    named = {p: len(out.get(p, set())) for p in internal}
    chosen = [max(hidden, key=lambda p: (hidden[p], p)), max(named, key=lambda p: (named[p], p))]
    chosen += [p for p in internal if named[p] == 0][:1]
    return chosen


@pytest.mark.parametrize("viewer", _viewers())
def test_a_page_sends_nothing_about_people_the_viewer_did_not_name(site, viewer):
    """An attacker with the staff list (ids, names, teams, e-mail, the pseudonyms) reads
    everything the page sends, in both languages and on every topic.

    Expected from the ties table of 2026 (pandas, not the graph code): the map holds the
    viewer, whom they named, and one "colleague" per person who named them without being
    named back; the page says how many named them.
    """
    ws = site["ws"]
    survey = leerlib.load_sample("2026")
    people = ws.survey().people.drop_duplicates("person_id")  # both rounds' staff lists
    ties = survey.ties
    out = set(ties.loc[ties["source"] == viewer, "target"])
    inn = set(ties.loc[ties["target"] == viewer, "source"])
    info = survey.people.set_index("person_id")  # what the page may show: round 2026's
    allowed_names = {str(info.loc[p, "name"]) for p in out | {viewer}}
    allowed_teams = {
        str(info.loc[p, "team"]) for p in out | {viewer} if isinstance(info.loc[p, "team"], str)
    }
    pseudonyms = pseudonym_map(list(people["person_id"]), ws.key)
    pid, code = _split(site["new"][viewer])
    sent = []
    for lang in ("nl", "en"):
        for topic in (None, *survey.topics):
            extra = {"lang": lang} | ({"topic": topic} if topic else {})
            status, _, page = site["server"].get(_query(pid, code, **extra))
            assert status == 200
            data = _map_data(page)
            sent += [page, html.unescape(page), json.dumps(data, ensure_ascii=False)]
            if topic is None:
                ids = sorted(n["id"] for n in data["nodes"])
                assert len(ids) == 1 + len(out) + len(inn - out)
                assert all(re.fullmatch(r"ik|n\d+|c\d+", i) for i in ids)
                assert sum(i.startswith("c") for i in ids) == len(inn - out)
                hidden = [n for n in data["nodes"] if n["id"].startswith("c")]
                assert {n["label"] for n in hidden} <= {"Een collega", "A colleague"}
                count = {
                    "nl": f"{len(inn)} collega's noemden jou",
                    "en": f"{len(inn)} colleagues named you",
                }[lang]
                assert (count in html.unescape(page)) == bool(inn)
    text = "\n".join(sent)
    for row in people.itertuples(index=False):
        p = str(row.person_id)
        if p != viewer:
            assert not re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", text), p
        assert pseudonyms[p] not in text, p
        if isinstance(row.email, str) and row.email:
            assert row.email not in text, p
        if str(row.name) not in allowed_names and not any(
            str(row.name) in a for a in allowed_names
        ):
            assert not re.search(rf"(?<!\w){re.escape(str(row.name))}(?!\w)", text), p
        team = row.team if isinstance(row.team, str) else ""
        if team and team not in allowed_teams:
            assert team not in text, (p, team)


def test_hostile_names_are_text():
    """Names, a team and topic labels that are markup come out as text, in the lists and in
    the map's data (which a browser reads with JSON.parse)."""
    survey = leerlib.load_sample("2026")
    ties = survey.ties
    viewer = ties["source"].value_counts().index[0]
    named = sorted(set(ties.loc[ties["source"] == viewer, "target"]))[0]
    evil_name = '<img src=x onerror="alert(1)">Eva</script>'
    evil_team = "</script><script>alert(2)</script>"
    evil_me = "Ik &amp; <b>ik</b>"
    people = survey.people.copy()
    people.loc[people["person_id"] == named, ["name", "team"]] = [evil_name, evil_team]
    people.loc[people["person_id"] == viewer, "name"] = evil_me
    topics = {k: dict(v) for k, v in survey.topics.items()}
    first = next(iter(topics))
    topics[first]["nl"] = "<svg onload=alert(3)>"
    hostile = dataclasses.replace(survey, people=people, topics=topics)
    view = RoundView.build(hostile, "2026", label="<i>label</i>")
    page = render_page(
        view, viewer, code="0123456789abcdef", lang="nl", org="<script>alert(4)</script>"
    )
    for raw in ("<img", "<script>alert", "<svg", "<b>ik", "<i>label"):
        assert raw not in page
    parser = _Text()
    parser.feed(page)
    text = "".join(parser.text)
    assert evil_name + " (" + evil_team + ")" in text
    assert evil_me in text and "<svg onload=alert(3)>" in text
    assert parser.tags <= {
        "html",
        "head",
        "meta",
        "title",
        "link",
        "script",
        "style",
        "body",
        "header",
        "nav",
        "a",
        "h1",
        "p",
        "main",
        "section",
        "strong",
        "div",
        "span",
        "input",
        "datalist",
        "select",
        "h3",
        "ul",
        "li",
        "br",
        "b",
        "details",
        "summary",
    }  # the reflection's "why these questions?"
    labels = {n["label"] for n in _map_data(page)["nodes"]}
    assert evil_name in labels and evil_me in labels


# ---------------------------------------------------------------------------- cache
def test_networks_are_built_once_per_round_and_a_new_round_is_picked_up(tmp_path, monkeypatch):
    ws = Workspace.create(tmp_path / "ws.leerlib", org="School")
    ws.add_round(leerlib.load_sample("2025"), name="2025")
    links = ws.personal_links("https://leren.example")
    pages = PersonalPages(ws)

    async def open_all(n):
        out = []
        for url in list(links["url"])[:n]:
            pid, code = _split(url)
            out.append(await pages.page(pid, code))
        return out

    shown = asyncio.run(open_all(20))
    assert all("ronde 2025" in p for p in shown)
    assert pages.stats["round_builds"] == 1 and pages.stats["pages_rendered"] == 20
    asyncio.run(open_all(5))
    assert pages.stats["page_cache_hits"] == 5
    ws.add_round(leerlib.load_sample("2026"), name="2026")
    monkeypatch.setattr(personal_web, "ROUND_CHECK_SECONDS", 0.0)
    again = asyncio.run(open_all(3))
    assert all("ronde 2026" in p for p in again)
    assert pages.stats["round_builds"] == 2
    ws.close()


# ---------------------------------------------------------------------------- serve
@pytest.mark.parametrize("problem", ["no workspace", "no key"])
def test_serve_refuses_a_workspace_it_cannot_check_links_of(tmp_path, monkeypatch, capsys, problem):
    from leerlib import serve

    monkeypatch.delenv("LEERLIB_KEY", raising=False)
    path = tmp_path / "ws.leerlib"
    if problem == "no key":
        ws = Workspace.create(path, org="School")
        ws.add_round(leerlib.load_sample("2025"), name="2025")
        ws.close()
        (tmp_path / "ws.leerlib.key").unlink()
    assert serve.main(["--workspace", str(path), "--no-preheat", "--port", str(free_port())]) == 2
    err = capsys.readouterr().err
    assert err.startswith("leerlib.serve: ") and "ws.leerlib" in err
    assert len(err.strip().splitlines()) == 1


# ---------------------------------------------------------------------------- both backends
def test_link_status_and_a_page_on_both_backends(ws_target):
    """valid / expired / revoked / unknown, told apart only for a code the workspace issued,
    and a page rendered from the workspace, on SQLite and on PostgreSQL."""
    where, key_file = ws_target
    ws = Workspace.create(where, org="School", key_file=key_file)
    try:
        ws.add_round(leerlib.load_sample("2025"), name="2025")
        old = ws.personal_links("https://leren.example", expires=1, now=datetime(2020, 1, 1))
        new = ws.personal_links("https://leren.example")
        pid, code_old = _split(old.loc[0, "url"])
        _, code_new = _split(new.loc[0, "url"])
        other, code_other = _split(new.loc[1, "url"])
        assert ws.link_status(pid, code_new) == "valid"
        assert ws.link_status(pid, code_old) == "expired"
        assert ws.link_status(pid, code_other) == "unknown"
        assert ws.link_status("P9999", code_new) == "unknown"
        assert ws.link_status(pid, "") == "unknown"
        page = asyncio.run(PersonalPages(ws).page(pid, code_new))
        assert "ronde 2025" in page and 'id="ll-my-map-data"' in page
        ws.revoke(pid)
        assert ws.link_status(pid, code_new) == "revoked"
        assert ws.link_status(other, code_other) == "valid"
        assert list(ws.round_versions()) == ["2025"]
    finally:
        ws.close()
