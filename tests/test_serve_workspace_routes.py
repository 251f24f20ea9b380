"""The real server on a workspace never hands out the workspace's database or key.

``python -m leerlib.serve --workspace`` on an SQLite workspace that lies *inside* the served
folder of notebooks (the worst place a user could put it), with its -wal and -shm files present
(another connection holds it open). Every route the server has (read from the application
itself, so a route added later is tried too), and a few a Jupyter server would have, is asked
for the database, its -wal and -shm, and the key file: by name, through ``..``, by absolute
path, URL-encoded and double-encoded. Every answer must be a refusal (403 or 404) that carries
none of the files' bytes, while the dashboards still serve the workspace.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import urllib.parse
from pathlib import Path

import pytest

import leerlib
from leerlib.privacy import pseudonymize
from leerlib.privacy.keys import load_key
from leerlib.workspace import Workspace
from tests.serving import fetch, start, stop

pytestmark = pytest.mark.slow

DB = "school.leerlib"
FILES = (DB, DB + "-wal", DB + "-shm", DB + ".key")

#: Routes a Jupyter server (not Voila) has: they must not exist here either.
JUPYTER_ROUTES = (
    "/files/{}",
    "/tree/{}",
    "/view/{}",
    "/edit/{}",
    "/api/contents/{}",
    "/nbconvert/html/{}",
    "/nbconvert/script/{}",
    "/static/{}",
    "/{}",
    "/voila/nbconvert/{}",
    "/notebooks/{}",
    "/lab/tree/{}",
)


def _routes(notebooks: Path) -> dict[str, bool]:
    """The URL pattern of every handler the served application has, as leerlib.serve makes
    it (:func:`leerlib.serve.make_app`; Voila adds its handlers when it starts), and whether
    the handler answers GET at all (a POST-only one answers GET with 405)."""
    import tornado.web

    from leerlib import serve

    app, _ = serve.make_app(notebooks, preheat=True)
    settings = app.init_settings()
    routes = {
        spec[0]: spec[1].get is not tornado.web.RequestHandler.get for spec in app.init_handlers()
    }
    if settings.get("static_path"):  # tornado's own /static/ route
        routes[settings.get("static_url_prefix", "/static/") + "(.*)"] = True
    return routes


def _post(url: str) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, data=b"", method="POST"), timeout=60
        ) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def _encodings(path: str) -> set[str]:
    """``path`` as given, URL-encoded (every dot and slash), and encoded twice."""
    once = path.replace(".", "%2E").replace("/", "%2F")
    return {path, once, once.replace("%", "%25"), urllib.parse.quote(path, safe="")}


def _attacks(folder: Path, name: str) -> set[str]:
    """Ways to name file ``name`` of ``folder`` (the served folder) in a URL path."""
    absolute = str(folder / name).lstrip("/")
    ups = "../" * 12
    plain = {
        name,
        f"./{name}",
        f"../{folder.name}/{name}",
        f"{ups}{absolute}",
        f"/{absolute}",
        absolute,
        f"x/../{name}",
        f"static/../../{name}",
        f"leerlib/static/../../../{name}",
        f"{name}?download=1",
    }
    return {enc for p in plain for enc in _encodings(p)} | plain


def _fill(pattern: str, value: str) -> str | None:
    """A path for ``pattern`` with ``value`` in its (first) free group; None if it has none."""
    if "(" not in pattern:
        return None
    path = re.sub(r"\((?:\?P<\w+>)?[^()]*\)", lambda _m: value, pattern, count=1)
    return path.replace("$", "").replace("\\", "")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The server on a workspace inside the served folder, with -wal and -shm present."""
    root = tmp_path_factory.mktemp("routes")
    notebooks = root / "dashboards"
    from leerlib.serve import dashboards_dir

    shutil.copytree(dashboards_dir(), notebooks)
    path = notebooks / DB
    with Workspace.create(path, org="Stichting Samen Leren") as ws:
        for wave in ("2025", "2026"):
            ws.add_round(leerlib.load_sample(wave), name=wave)
    holder = sqlite3.connect(path)  # keeps -wal and -shm beside it while the test runs
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("SELECT count(*) FROM round").fetchall()
    assert all((notebooks / f).exists() for f in FILES), sorted(p.name for p in notebooks.iterdir())
    contents = {f: (notebooks / f).read_bytes() for f in FILES}
    proc, base = start(
        [
            "--workspace",
            str(path),
            "--notebooks",
            str(notebooks),
            "--pool-size",
            "1",
            "--overview-pool",
            "1",
        ],
        root / "serve.log",
    )
    try:
        yield base, notebooks, contents
    finally:
        stop(proc)
        holder.close()


def _leaks(body: str, contents: dict[str, bytes]) -> list[str]:
    """Which files' bytes appear in a response body."""
    found = []
    if "SQLite format 3" in body:
        found.append(DB)
    key = contents[DB + ".key"].decode("utf-8", "replace").strip()
    if key and key in body:
        found.append(DB + ".key")
    return found


def test_no_route_hands_out_the_workspace_or_its_key(served):
    base, notebooks, contents = served
    routes = _routes(notebooks)
    assert "/voila/files/(.*)" in routes and "/voila/render/(.*)" in routes
    urls = {}  # path -> whether its handler answers GET
    for name in FILES:
        for attack in _attacks(notebooks, name):
            for pattern, has_get in routes.items():
                path = _fill(pattern, attack)
                if path is not None:
                    urls[path] = has_get
            for route in JUPYTER_ROUTES:
                urls.setdefault(route.format(attack), True)
    assert len(urls) > 1000
    bad = {}
    for path, has_get in sorted(urls.items()):
        url = base + ("" if path.startswith("/") else "/") + path
        status, _, body = fetch(url, timeout=60)
        leaked = _leaks(body, contents)
        if has_get and status not in (403, 404) or leaked:
            bad[path] = (status, leaked)
        if not has_get:  # a handler without GET may say 405; the methods it takes refuse too
            if status not in (403, 404, 405):
                bad[path] = (status, leaked)
            status, body = _post(url)
            if status not in (403, 404) or _leaks(body, contents):
                bad["POST " + path] = (status, _leaks(body, contents))
    summary = sorted({("/".join(p.split("/")[:3]), s, tuple(k)) for p, (s, k) in bad.items()})
    assert bad == {}, summary


def test_the_dashboards_still_serve_the_workspace_with_its_key(served):
    """The overview's page carries the pseudonyms that the workspace's key gives (computed here
    with leerlib.privacy.pseudonymize and the key read from the key file)."""
    base, notebooks, _ = served
    status, _, start_page = fetch(base + "/")
    assert status == 200 and "netwerk_overzicht.ipynb" in start_page
    status, _, page = fetch(base + "/voila/render/netwerk_overzicht.ipynb")
    assert status == 200
    with Workspace.open(notebooks / DB) as ws:
        survey = ws.survey()
    key = load_key(notebooks / (DB + ".key"))
    ours = set(pseudonymize(survey, key).people["person_id"])
    shown = set(re.findall(r"p-[0-9a-f]{8}", page))
    assert shown and shown <= ours
    other = set(pseudonymize(survey, b"another key of 16+ bytes").people["person_id"])
    assert not shown & other
