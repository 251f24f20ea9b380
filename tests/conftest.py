"""Shared fixtures: the real data beside the project, the sample data, a headless Chromium."""

from __future__ import annotations

import os
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
