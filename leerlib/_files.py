"""Writing files safely: a file appears complete or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from os import PathLike
from pathlib import Path
from typing import IO

from leerlib.errors import LeerlibError

__all__ = ["atomic_write"]


@contextmanager
def atomic_write(
    path: str | PathLike, *, text: bool = False, encoding: str = "utf-8", newline: str | None = ""
) -> Iterator[IO]:
    """Open a temporary file beside ``path`` and move it onto ``path`` only if the block succeeds.

    Readers never see a half-written file: after an error the old file (if any)
    is untouched and the temporary file is removed. A new file is readable by
    its owner only; a replaced file keeps its permissions. A read-only target
    is refused rather than replaced (raw survey exports should be read-only).

    Parameters
    ----------
    path : str or path-like
        The final file.
    text : bool, default False
        Open in text mode (else binary).
    encoding, newline : str
        Text mode settings.

    Yields
    ------
    file object

    Raises
    ------
    LeerlibError
        If the folder is missing, the target is read-only or a directory, or
        the disk refuses the write; the message names the file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_write(target, text=True) as fh:
    ...     _ = fh.write("klaar")
    >>> target.read_text()
    'klaar'
    """
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise LeerlibError("the folder to write into does not exist", file=path)
    if path.is_dir():
        raise LeerlibError("is a folder, not a file", file=path)
    if path.exists() and (not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222):
        raise LeerlibError("the file is read-only; leerlib does not replace it", file=path)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise LeerlibError(f"cannot write here ({exc.strerror})", file=path) from None
    try:
        mode = "w" if text else "wb"
        kwargs = {"encoding": encoding, "newline": newline} if text else {}
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except OSError as exc:
        with suppress(OSError):
            os.unlink(tmp)
        raise LeerlibError(f"cannot write ({exc.strerror or exc})", file=path) from None
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
