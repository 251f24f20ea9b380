"""A stored workspace: an organisation's rounds, people, decisions and links in one database."""

from __future__ import annotations

from leerlib.workspace._db import WorkspaceBusyError, WorkspaceError, WorkspaceUpgradeError
from leerlib.workspace.core import (
    DEFAULT_BUSY_TIMEOUT,
    DEFAULT_LINK_DAYS,
    KEY_SUFFIX,
    PERSONAL_PAGE,
    Organisation,
    Workspace,
)
from leerlib.workspace.demo import data_dir, demo_path, demo_workspace

__all__ = [
    "DEFAULT_BUSY_TIMEOUT",
    "DEFAULT_LINK_DAYS",
    "KEY_SUFFIX",
    "PERSONAL_PAGE",
    "Organisation",
    "Workspace",
    "WorkspaceBusyError",
    "WorkspaceError",
    "WorkspaceUpgradeError",
    "data_dir",
    "demo_path",
    "demo_workspace",
]
