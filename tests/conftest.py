"""Shared fixtures: the real data beside the project, the sample data, the test key, a write
recorder and a headless Chromium."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parents[1]

# the throw-away PostgreSQL cluster and the backend fixtures of the workspace tests
pytest_plugins = ["tests.pg_cluster"]


# In CI the property tests draw the same examples every run (a red main must mean a change broke
# something, not that a new random draw came up); locally they explore fresh examples each run.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


# `python -m leerlib.serve` without --workspace makes a demonstration workspace once in the user's
# data folder; the servers the suite starts (they inherit this environment) make theirs in a
# folder of this run instead, removed at the end.
_DATA_DIR = None
if not os.environ.get("LEERLIB_DATA_DIR"):
    _DATA_DIR = tempfile.mkdtemp(prefix="leerlib-test-data-")
    os.environ["LEERLIB_DATA_DIR"] = _DATA_DIR


def pytest_sessionfinish(session, exitstatus):
    if _DATA_DIR is not None:
        shutil.rmtree(_DATA_DIR, ignore_errors=True)


#: The suite's one pseudonymisation key (keys need 16 bytes or more); never a real organisation's.
KEY = "a key of at least 16 bytes"

# Paths opened for writing, recorded while a test uses ``write_log`` (see there). One audit hook
# for the whole run: Python cannot remove a hook, so fixtures only switch the recording on and off.
_WRITES: list[str] = []
_RECORDING = [False]


def _record_writes(event: str, args: tuple) -> None:
    if not _RECORDING[0] or event != "open" or not isinstance(args[0], str | bytes | os.PathLike):
        return
    mode, flags = args[1] or "", args[2] if len(args) > 2 else 0
    if any(c in str(mode) for c in "wax+") or (isinstance(flags, int) and flags & 0o3):
        _WRITES.append(os.path.abspath(os.fsdecode(args[0])))


sys.addaudithook(_record_writes)


@pytest.fixture
def key() -> str:
    """The suite's test key (:data:`KEY`)."""
    return KEY


@pytest.fixture
def write_log():
    """Every path (absolute) opened for writing while the test runs: ``open()``, ``os.open()``
    and opens inside libraries alike (Python's ``open`` audit event). Clear it to start over."""
    _WRITES.clear()
    _RECORDING[0] = True
    try:
        yield _WRITES
    finally:
        _RECORDING[0] = False
        _WRITES.clear()


@pytest.fixture
def sample_survey():
    """Both rounds of the bundled sample, a fresh copy per test (the cleaning itself is cached)."""
    import leerlib

    return leerlib.load_sample()


def _shared_data_dir() -> Path:
    env = os.environ.get("LEERLIB_SHARED_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The read-only folder of real data sets (krackhardt/, lazega/, real_exports/).

    It sits beside the clone (``../shared/data``) or where LEERLIB_SHARED_DATA points. In CI its
    absence is a failure, elsewhere the tests that need it are skipped.
    """
    path = _shared_data_dir()
    if not path.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"real data folder {path} is missing in CI")
        pytest.skip(f"real data folder {path} not present")
    return path


@pytest.fixture(scope="session")
def krackhardt_dir(shared_data: Path) -> Path:
    return shared_data / "krackhardt"


@pytest.fixture(scope="session")
def real_exports_dir(shared_data: Path) -> Path:
    return shared_data / "real_exports"


@pytest.fixture(scope="session")
def chromium():
    """A factory of headless Chromium drivers that record every network request.

    Use ``with chromium() as br: br.get(url); br.requests()``; see tests/browser.py.
    """
    from tests.browser import Browser

    return Browser
