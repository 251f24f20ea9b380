"""A wheel built from the repository works without the checkout: it loads the sample and serves
both dashboards from a fresh virtual environment."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
from importlib import metadata
from pathlib import Path

import pytest

import leerlib
from leerlib.serve import DASHBOARDS

REPO = Path(__file__).resolve().parents[1]
PERSON = "P0003"  # a colleague of the bundled sample who answered both rounds

pytestmark = pytest.mark.slow


def _run(args: list, **kwargs) -> str:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def _build_wheel(out: Path) -> Path:
    """Build from a copy of the sources, so that the build leaves nothing in the checkout."""
    src = out / "src"
    src.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    shutil.copytree(
        REPO / "leerlib", src / "leerlib", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    # Offline with the setuptools of this environment when it is recent enough (the test
    # extra asks for it), else in pip's isolated build environment.
    recent = int(metadata.version("setuptools").split(".")[0]) >= 77
    offline = ["--no-build-isolation"] if recent else []
    _run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", *offline, "-w", out / "dist", src]
    )
    (wheel,) = (out / "dist").glob("leerlib-*.whl")
    return wheel


def _fresh_venv(root: Path, wheel: Path) -> tuple[Path, dict]:
    """A new virtual environment with the wheel installed; its other packages come from this
    environment's site-packages through a .pth line, which Python adds to the path *after* the
    new environment's own site-packages and without running the .pth files found there (so
    this environment's editable leerlib is not seen). Returns its python and the environment
    variables to run it with."""
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / "bin" / "python"
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            wheel,
        ]
    )
    site = Path(
        _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).strip()
    )
    (site / "_deps_of_the_test_environment.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "PYTHONHOME", "JUPYTER_PATH", "VIRTUAL_ENV")
    }
    # Voila's and nbconvert's templates are data files of those packages, in this
    # environment's share/jupyter; a pip install would put them in the new one's.
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    env["JUPYTER_DATA_DIR"] = str(root / "jupyter-data")  # no kernels or templates from ~
    env["JUPYTER_CONFIG_DIR"] = str(root / "jupyter-config")
    env["JUPYTER_RUNTIME_DIR"] = str(root / "jupyter-runtime")
    return python, env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, ""


def test_a_wheel_loads_the_sample_and_serves_both_dashboards(tmp_path):
    """Expected: the installed package is the wheel's (not this checkout), its sample has as many
    ties as the checkout's, and each dashboard page comes back (200) with its notebook executed:
    the app's widget view and the first map that the notebook's app writes into the page."""
    wheel = _build_wheel(tmp_path / "build")
    python, env = _fresh_venv(tmp_path, wheel)
    run = tmp_path / "run"  # the working folder: nothing of the checkout in it
    run.mkdir()

    out = _run(
        [
            python,
            "-c",
            "import leerlib; s = leerlib.load_sample(); "
            "print(leerlib.__file__); print(len(s.ties))",
        ],
        cwd=run,
        env=env,
    )
    where, ties = out.split()
    assert Path(where).is_relative_to(tmp_path / "venv")
    assert not Path(where).is_relative_to(REPO)
    assert int(ties) == len(leerlib.load_sample().ties) > 0
    kernel = _run(
        [
            python,
            "-c",
            "from jupyter_client.manager import KernelManager; "
            "print(KernelManager(kernel_name='python3').format_kernel_cmd()[0])",
        ],
        cwd=run,
        env=env,
    ).strip()
    assert Path(kernel) == python  # the dashboards' kernels run in the new environment too

    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [str(python), "-m", "leerlib.serve", "--port", str(port)],
        cwd=run,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        end = time.monotonic() + 60
        while _get_or_none(base + "/") is None:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            assert time.monotonic() < end, "leerlib.serve did not answer"
            time.sleep(0.3)
        # the personal dashboard draws its first map for a person named in the address
        pages = {"netwerk_overzicht.ipynb": "", "mijn_leernetwerk.ipynb": f"?persoon={PERSON}"}
        assert set(pages) == set(DASHBOARDS)
        for name, query in pages.items():
            status, page = _get(f"{base}/voila/render/{name}{query}", timeout=110)
            assert status == 200, name
            assert "application/vnd.jupyter.widget-view+json" in page, name
            assert 'class="leerlib-map' in page and "data-mount" in page, name
            assert "Dit dashboard kon niet worden geladen" not in page, name
            assert "Traceback" not in page, name
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
        log.close()


def _get_or_none(url: str) -> int | None:
    try:
        return _get(url, timeout=5)[0]
    except OSError:
        return None
