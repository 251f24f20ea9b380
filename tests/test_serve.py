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
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 2
    assert "empty token" in done.stderr and "--token" in done.stderr
    assert "Voil" not in done.stdout + done.stderr  # no server was started


@pytest.fixture(scope="module")
def token_server(tmp_path_factory):
    """A server with a token on a loopback address other than 127.0.0.1 (no kernels)."""
    from tests.serving import start, stop

    log = tmp_path_factory.mktemp("serve") / "serve.log"
    proc, base = start(["--no-preheat", "--ip", "127.0.0.2", "--token", TOKEN], log, host="127.0.0.2")
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
    cleared = [c.split(";", 1)[0] for c in headers.get_all("Set-Cookie") if c.startswith(name + "=")]
    assert cleared in ([f"{name}="], [f'{name}=""'])  # the browser's cookie is emptied
    assert fetch(f"{token_server}/", {"Cookie": cleared[0]})[0] == 302  # back to the login
    # without a cookie, the logout page is still a page (not a 500)
    assert fetch(f"{token_server}/logout")[0] == 200
