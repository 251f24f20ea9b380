"""Data for the dashboards: the bundled sample, or uploaded files read from memory only."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

from leerlib.errors import LeerlibError, ReadError

__all__ = ["memory_path", "load_uploads", "sample_survey", "dashboard_key"]

#: Largest upload accepted (bytes): a school board's export is far smaller.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


@contextlib.contextmanager
def memory_path(name: str, data: bytes) -> Iterator[Path]:
    """Give bytes a file path that lives in memory only, for readers that take a path.

    On Linux the bytes go into an anonymous memory file (``memfd_create``): it has no
    directory entry, only this process can open it (through ``/proc/self/fd``), and it is gone
    when the block ends. Nothing touches the disk.

    Parameters
    ----------
    name : str
        The upload's file name (used only to label the memory file).
    data : bytes
        The content.

    Yields
    ------
    pathlib.Path

    Raises
    ------
    ReadError
        If the platform has no memory files (then uploads are refused rather than written to
        disk) or the upload is too large.

    Examples
    --------
    >>> with memory_path("roster.csv", b"person_id,name\\n1,An\\n") as p:
    ...     p.read_bytes()
    b'person_id,name\\n1,An\\n'
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise ReadError(f"is larger than {MAX_UPLOAD_BYTES // 2**20} MB", file=name)
    if not hasattr(os, "memfd_create") or not os.path.isdir("/proc/self/fd"):
        raise ReadError(
            "uploads are read in memory only, which needs Linux; load the files in a notebook "
            "instead (leerlib.load_survey)",
            file=name,
        )
    label = re.sub(r"[^A-Za-z0-9._-]", "_", name)[:200] or "upload"
    fd = os.memfd_create(f"leerlib-{label}", os.MFD_CLOEXEC)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.lseek(fd, 0, os.SEEK_SET)
        yield Path(f"/proc/self/fd/{fd}")
    finally:
        os.close(fd)


def _rename(exc: LeerlibError, names: dict[str, str]) -> LeerlibError:
    file = names.get(exc.file or "", exc.file)
    message = exc.message
    for tmp, real in names.items():
        message = re.sub(rf"(?<![\w/]){re.escape(tmp)}(?![\w.])", real, message)
    new = type(exc)(message, file=file, row=exc.row, column=exc.column)
    return new


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

    with contextlib.ExitStack() as stack:
        e = stack.enter_context(memory_path(*export))
        c = stack.enter_context(memory_path(*codebook))
        r = stack.enter_context(memory_path(*roster)) if roster is not None else None
        names = {e.name: export[0], c.name: codebook[0]}
        if r is not None:
            names[r.name] = roster[0]
        try:
            survey = load_survey(e, r, c)
        except LeerlibError as exc:
            raise _rename(exc, names) from None
    if "file" in survey.log.columns:
        survey.log = survey.log.assign(
            file=survey.log["file"].map(lambda f: names.get(str(f), f)).astype(object)
        )
    survey.meta.update(
        {"survey_path": export[0], "roster_path": roster[0] if roster else None,
         "codebook_path": codebook[0]}
    )
    return survey


def sample_survey():
    """The bundled sample (both rounds), as :func:`leerlib.sample.load_sample` gives it."""
    from leerlib.sample import load_sample

    return load_sample()


def dashboard_key() -> bytes:
    """The pseudonymisation key: ``LEERLIB_KEY`` if set, else a key for this session only.

    Examples
    --------
    >>> len(dashboard_key()) >= 16
    True
    """
    from leerlib.privacy import KEY_ENV, load_key, session_key

    if os.environ.get(KEY_ENV):
        return load_key()
    return session_key()
