"""Start and stop ``python -m leerlib.serve`` on a free loopback port (test helper)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, headers: dict | None = None, timeout: float = 120.0):
    """(status, headers, body text) of a GET, without following redirects."""
    opener = urllib.request.build_opener(_NoRedirect)
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(req, timeout=timeout) as r:
            return r.status, r.headers, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8", "replace")


def start(
    args: list[str], log: Path, timeout: float = 90.0, host: str = "127.0.0.1"
) -> tuple[subprocess.Popen, str]:
    """Start the server with ``args`` (a free ``--port`` is added); return it and its base URL."""
    port = free_port()
    base = f"http://{host}:{port}"
    fh = log.open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "leerlib.serve", *args, "--port", str(port)],
        stdout=fh,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        cwd=REPO,
    )
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"leerlib.serve stopped: {log.read_text()[-2000:]}")
        try:
            fetch(base + "/", timeout=5)
            return proc, base
        except OSError:
            time.sleep(0.3)
    stop(proc)
    raise AssertionError(f"leerlib.serve did not answer within {timeout}s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
