"""``python -m leerlib.serve``: refusals at start-up and the server's own settings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from leerlib import serve
from leerlib.errors import LeerlibError

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("token", ["", "   "])
@pytest.mark.parametrize("ip", ["0.0.0.0", "192.168.1.20", "::"])
def test_an_empty_token_off_loopback_is_refused(ip, token):
    with pytest.raises(LeerlibError, match="empty token"):
        serve.voila_config(ip=ip, token=token)


@pytest.mark.parametrize("ip", ["127.0.0.1", "localhost", "::1"])
def test_an_empty_token_on_loopback_means_no_token(ip):
    _, token = serve.voila_config(ip=ip, token="")
    assert token == ""


def test_serve_with_an_empty_token_off_loopback_exits_with_a_message():
    """``--token "$VAR"`` with VAR unset: the real command stops before serving anything."""
    done = subprocess.run(
        [sys.executable, "-m", "leerlib.serve", "--ip", "0.0.0.0", "--token", "", "--no-preheat"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "empty token" in done.stderr and "--token" in done.stderr
    assert "Voil" not in done.stdout + done.stderr  # no server was started


@pytest.fixture(scope="module")
def token_server(tmp_path_factory):
    """A server with a token on a loopback address other than 127.0.0.1 (no kernels)."""
    from tests.serving import start, stop

    log = tmp_path_factory.mktemp("serve") / "serve.log"
    proc, base = start(
        ["--no-preheat", "--ip", "127.0.0.2", "--token", TOKEN], log, host="127.0.0.2"
    )
    yield base
    stop(proc)


TOKEN = "a-test-token-of-some-length"


def test_logout_forgets_the_login_and_says_so(token_server):
    from tests.serving import fetch

    status, headers, _ = fetch(f"{token_server}/?token={TOKEN}")
    assert status == 200
    cookie = headers["Set-Cookie"].split(";", 1)[0]
    assert fetch(f"{token_server}/", {"Cookie": cookie})[0] == 200  # logged in by the cookie
    status, headers, body = fetch(f"{token_server}/logout", {"Cookie": cookie})
    assert status == 200
    assert "Afgemeld" in body and "Signed out" in body and "Traceback" not in body
    name = cookie.split("=", 1)[0]
    cleared = [
        c.split(";", 1)[0] for c in headers.get_all("Set-Cookie") if c.startswith(name + "=")
    ]
    assert cleared in ([f"{name}="], [f'{name}=""'])  # the browser's cookie is emptied
    assert fetch(f"{token_server}/", {"Cookie": cleared[0]})[0] == 302  # back to the login
    # without a cookie, the logout page is still a page (not a 500)
    assert fetch(f"{token_server}/logout")[0] == 200


def _kernels(pid: int) -> set[int]:
    """Process ids of the kernels the server started (its ipykernel children)."""
    import psutil

    out = set()
    for p in psutil.Process(pid).children(recursive=True):
        try:
            if any("ipykernel" in part for part in p.cmdline()):
                out.add(p.pid)
        except psutil.NoSuchProcess:
            pass
    return out


def _wait(condition, timeout: float, what: str):
    import time

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout}s: {what}")


@pytest.fixture
def tiny_notebooks(tmp_path):
    """A folder with one small notebook (a kernel starts, runs one cell, and stays)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    nb.cells = [nbformat.v4.new_code_cell("print('klein')")]
    nbformat.write(nb, tmp_path / "klein.ipynb")
    return tmp_path


def test_the_overview_keeps_a_kernel_ready_for_each_of_five_hr_users(tiny_notebooks, tmp_path):
    """By default five kernels wait for the HR overview (five HR users opening it at once each
    find one ready) and one for every other dashboard. Hand count: 5 + 1 idle; a page of the
    overview takes one (4 + 1 + the page's own = 6) and 10 s later the pool is refilled (7)."""
    import time

    from tests.serving import fetch, start, stop

    (tiny_notebooks / "klein.ipynb").rename(tiny_notebooks / "netwerk_overzicht.ipynb")
    (tiny_notebooks / "mijn_leernetwerk.ipynb").write_bytes(
        (tiny_notebooks / "netwerk_overzicht.ipynb").read_bytes()
    )
    log = tmp_path / "serve.log"
    proc, base = start(["--notebooks", str(tiny_notebooks)], log)
    try:
        _wait(lambda: len(_kernels(proc.pid)) >= 6, 90, "six preheated kernels")
        status, _, page = fetch(f"{base}/voila/render/netwerk_overzicht.ipynb")
        assert status == 200 and "klein" in page
        assert "Using pre-heated kernel" in log.read_text()
        # the pool is refilled only 10 s later, after the pages opened at the same time
        time.sleep(3)
        assert len(_kernels(proc.pid)) == 6
        _wait(lambda: len(_kernels(proc.pid)) == 7, 60, "the overview's pool refilled")
        assert len(_kernels(proc.pid)) == 7
    finally:
        stop(proc)


@pytest.mark.parametrize("preheat", [True, False], ids=["preheated", "on-request"])
def test_kernels_are_capped_with_a_busy_page_and_idle_ones_culled(
    tiny_notebooks, tmp_path, preheat
):
    """Cap 2: two plain GETs get pages, the third the busy page (503, Retry-After); with no
    page connected, both kernels are shut down after the 10 s idle time, and a page opens again."""
    from tests.serving import fetch, start, stop

    args = [
        "--notebooks",
        str(tiny_notebooks),
        "--allow",
        "klein.ipynb",
        "--max-kernels",
        "2",
        "--cull-after",
        "10",
    ]
    proc, base = start(args + ([] if preheat else ["--no-preheat"]), tmp_path / "serve.log")
    try:
        url = f"{base}/voila/render/klein.ipynb"
        pool = _wait(lambda: _kernels(proc.pid) or not preheat, 60, "the preheated kernel")
        idle = _kernels(proc.pid) if preheat else set()
        assert len(idle) == (1 if preheat else 0)
        for _ in range(2):
            status, _, page = fetch(url)
            assert status == 200 and "klein" in page
        status, headers, page = fetch(url)
        assert status == 503
        assert int(headers["Retry-After"]) > 0
        assert "Probeer het" in page and "try again" in page and "Traceback" not in page
        # (a page takes the preheated kernel and another is started for the next page; the
        # pool's refill starts in the background, so wait for it, well within the idle time)
        _wait(lambda: len(_kernels(proc.pid)) == len(idle) + 2, 9, "two page kernels")
        # nobody connected to those pages: culled within the idle time and a check or two,
        # the preheated kernel stays
        _wait(lambda: len(_kernels(proc.pid)) == len(idle), 40, "the idle page kernels culled")
        assert fetch(url)[0] == 200
        assert pool
    finally:
        stop(proc)


@pytest.mark.browser
def test_an_open_page_keeps_its_kernel_and_a_closed_one_loses_it(
    tiny_notebooks, tmp_path, chromium
):
    """Culling spares a page that is open in a browser (connected), however idle."""
    import time

    import nbformat

    from tests.serving import start, stop

    # a widget draws only once the page is connected to its kernel: the sign to wait for (the
    # printed text arrives with the page, before the connection; a loaded machine once took
    # longer than the 3 s idle time to connect, and the culler took the kernel meanwhile)
    path = tiny_notebooks / "klein.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import ipywidgets\nipywidgets.Label('verbonden')"))
    nbformat.write(nb, path)
    proc, base = start(
        [
            "--notebooks",
            str(tiny_notebooks),
            "--allow",
            "klein.ipynb",
            "--no-preheat",
            "--cull-after",
            "3",
        ],
        tmp_path / "serve.log",
    )
    try:
        with chromium() as br:
            br.get(f"{base}/voila/render/klein.ipynb")
            br.wait_for("document.body.innerText.includes('klein')", timeout=60)
            br.wait_for(
                "[...document.querySelectorAll('.widget-label')]"
                ".some(e => e.innerText.includes('verbonden'))",
                timeout=60,
            )
            _wait(lambda: len(_kernels(proc.pid)) == 1, 30, "the page's kernel")
            time.sleep(10)  # three idle times and more
            assert len(_kernels(proc.pid)) == 1
            br.get("about:blank")
            _wait(lambda: not _kernels(proc.pid), 30, "the closed page's kernel shut down")
    finally:
        stop(proc)


def test_the_server_takes_an_upload_at_the_limit_and_the_page_keeps_larger_ones_back():
    """Tornado's default websocket limit (10 MiB) dropped every upload over 10 MB."""
    import re

    from leerlib.dashboards._data import MAX_UPLOAD_BYTES

    config, _ = serve.voila_config()
    size = config.Voila.tornado_settings["websocket_max_message_size"]
    assert MAX_UPLOAD_BYTES + 2**20 <= size <= 2 * MAX_UPLOAD_BYTES
    script = (
        serve.template_root() / "voila" / "templates" / "leerlib" / "static" / "leerlib-upload.js"
    ).read_text(encoding="utf-8")
    assert int(re.search(r"var LIMIT = (\d+);", script).group(1)) == MAX_UPLOAD_BYTES
    assert "leerlib-upload.js" in (
        serve.template_root() / "voila" / "templates" / "leerlib" / "index.html.j2"
    ).read_text(encoding="utf-8")


def test_the_course_start_page_lists_the_sessions_by_their_headings():
    """``--course``: every notebook of notebooks/teaching may be rendered; the start page links
    each by its first heading and no dashboard that is not in the folder."""
    root = serve.course_dir()
    names = sorted(p.name for p in root.glob("*.ipynb"))
    assert len([n for n in names if n.startswith("sessie_")]) == 5
    page = serve._start_page("/", list(serve.DASHBOARDS) + names, root=root)
    assert "Sessie 1 · Wat is een leernetwerk?" in page
    assert all(f'href="/voila/render/{n}"' in page for n in names)
    assert "netwerk_overzicht" not in page and "Kies een pagina" in page
    dashboards = serve._start_page("/", list(serve.DASHBOARDS), root=serve.dashboards_dir())
    assert "netwerk_overzicht.ipynb?lang=nl" in dashboards and "Kies een dashboard" in dashboards


@pytest.mark.parametrize("workspace", [False, True])
def test_with_a_workspace_the_personal_notebook_gets_no_preheated_kernel(workspace):
    """With --workspace the personal address is answered by leerlib's own handler; a kernel
    kept ready for the personal notebook held about 200 MB for nothing. Voila's own kernel
    manager, given the server's configuration, is asked which notebooks it fills a pool for."""
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
    from traitlets.config import Configurable
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    class App(Configurable):  # what the manager reads of Voila's application
        root_dir = str(serve.dashboards_dir())
        notebook_path = None

    filled = []

    class Recording(voila_kernel_manager_factory(AsyncMappingKernelManager, True, 1)):
        def fill_if_needed(self, delay=None, notebook_name=None, **kwargs):
            filled.append(notebook_name)

    not_preheated = ("mijn_leernetwerk.ipynb",) if workspace else ()
    config, _ = serve.voila_config(not_preheated=not_preheated)
    Recording(config=config, parent=App(config=config))
    expected = {"netwerk_overzicht.ipynb"} | (set() if workspace else {"mijn_leernetwerk.ipynb"})
    assert set(filled) == expected
