"""Data for the dashboards: the bundled sample, or uploaded files read from memory only."""

from __future__ import annotations

import os

from leerlib.errors import ReadError
from leerlib.io import Source

__all__ = [
    "upload_source",
    "load_uploads",
    "sample_survey",
    "dashboard_key",
    "MAX_UPLOAD_BYTES",
    "WORKSPACE_ENV",
    "DEMO_ENV",
    "served_workspace",
    "served_demo",
    "open_workspace",
]

#: Set by ``python -m leerlib.serve`` for its kernels: the workspace (file or database URL) the
#: dashboards read. Only its location: each kernel reads the key itself (the file beside an
#: SQLite workspace, or ``LEERLIB_KEY``), so the key never travels in an address or a page.
WORKSPACE_ENV = "LEERLIB_WORKSPACE"

#: Set to "1" by ``python -m leerlib.serve`` when it serves leerlib's demonstration workspace
#: (no ``--workspace``): the open personal page then says it is a demonstration.
DEMO_ENV = "LEERLIB_DEMO"

#: Largest upload accepted (bytes): a school board's export is far smaller.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def upload_source(name: str, data: bytes) -> Source:
    r"""Return an uploaded file as the readers take it: its bytes in memory, shown by its own name.

    Nothing is written anywhere (no temporary or memory file), so uploads work the same on
    Windows, macOS and Linux.

    Parameters
    ----------
    name : str
        The upload's file name: it names the file in every message and in the log, and its
        extension helps tell CSV from XLSX.
    data : bytes
        The content (a ``memoryview`` from the upload widget is fine).

    Returns
    -------
    leerlib.io.Source

    Raises
    ------
    ReadError
        If the upload is larger than ``MAX_UPLOAD_BYTES``.

    Examples
    --------
    >>> src = upload_source("personeel.csv", b"person_id,name\n1,An\n")
    >>> src.name, src.data[:9]
    ('personeel.csv', b'person_id')
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise ReadError(f"is larger than {MAX_UPLOAD_BYTES // 2**20} MB", file=name)
    return Source(data, name or "upload")


def load_uploads(
    roster: tuple[str, bytes] | None, export: tuple[str, bytes], codebook: tuple[str, bytes]
):
    """Read and clean an uploaded staff list, export and codebook, in memory only.

    Parameters
    ----------
    roster, export, codebook : (str, bytes)
        File name and content of each upload; ``roster`` may be None (people then come from
        the export, as :func:`leerlib.load_survey` does without a roster).

    Returns
    -------
    Survey
        As :func:`leerlib.load_survey` returns it; file names in the log and in errors are the
        uploads' own names.

    Raises
    ------
    LeerlibError
        Any unreadable or inconsistent file, naming the uploaded file, row and column.
    """
    from leerlib.clean import load_survey

    return load_survey(
        upload_source(*export),
        upload_source(*roster) if roster is not None else None,
        upload_source(*codebook),
    )


def sample_survey():
    """Return the bundled sample (both rounds), as :func:`leerlib.sample.load_sample` gives it."""
    from leerlib.sample import load_sample

    return load_sample()


def dashboard_key() -> bytes:
    """Return the pseudonymisation key: ``LEERLIB_KEY`` if set, else a key for this session only.

    Examples
    --------
    >>> len(dashboard_key()) >= 16
    True
    """
    from leerlib.privacy import KEY_ENV, load_key, session_key

    if os.environ.get(KEY_ENV):
        return load_key()
    return session_key()


def served_workspace() -> str | None:
    """Return the workspace the server serves (:data:`WORKSPACE_ENV`), or None.

    None outside ``python -m leerlib.serve``.

    Examples
    --------
    >>> saved = os.environ.pop(WORKSPACE_ENV, None)
    >>> served_workspace() is None
    True
    >>> os.environ[WORKSPACE_ENV] = "school.leerlib"
    >>> served_workspace()
    'school.leerlib'
    >>> _ = os.environ.pop(WORKSPACE_ENV) if saved is None else os.environ.update({WORKSPACE_ENV: saved})
    """
    return os.environ.get(WORKSPACE_ENV, "").strip() or None


def served_demo() -> bool:
    """Tell whether the server serves leerlib's demonstration workspace (:data:`DEMO_ENV`).

    Examples
    --------
    >>> saved = os.environ.pop(DEMO_ENV, None)
    >>> served_demo()
    False
    >>> os.environ[DEMO_ENV] = "1"
    >>> served_demo()
    True
    >>> _ = os.environ.pop(DEMO_ENV) if saved is None else os.environ.update({DEMO_ENV: saved})
    """
    return os.environ.get(DEMO_ENV, "").strip() == "1"


def open_workspace(workspace):
    """Return a :class:`leerlib.Workspace` from a workspace, its file or its database URL (None: None).

    Raises
    ------
    WorkspaceError
        If there is no workspace there (naming it).
    """
    if workspace is None:
        return None
    from leerlib.workspace import Workspace

    return workspace if isinstance(workspace, Workspace) else Workspace.open(workspace)
