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
