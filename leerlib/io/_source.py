"""Where a reader's input comes from: a path, or bytes in memory with a display name (Source)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePath

from leerlib.errors import ReadError

__all__ = ["Source", "load_source", "source_name", "is_source", "MEMORY_NAME"]

#: Display name of in-memory input given without one (bare bytes, an unnamed file object).
MEMORY_NAME = "(in memory)"


@dataclass(frozen=True)
class Source:
    r"""A file held in memory, with the name shown in messages and in the log's ``file`` column.

    Every reader of :mod:`leerlib.io` (and :func:`leerlib.load_survey`) takes a ``Source``
    where it takes a path, so an upload (a web form, a dashboard's file picker, an e-mail
    attachment) is read without being written to disk. Bare ``bytes`` or a binary file object
    are accepted too; they are shown as ``"(in memory)"`` (a file object with a ``name``, as
    :func:`open` gives, is shown by that name).

    Parameters
    ----------
    data : bytes, bytearray, memoryview or binary file object
        The content; a file object is read from its current position to the end at once.
    name : str, default "(in memory)"
        The file name to show, e.g. the uploaded file's own name. Its extension also tells
        a CSV from an XLSX workbook when the content alone does not (a damaged ``.xlsx``),
        just as a path's does; the content decides otherwise.

    Raises
    ------
    ReadError
        If ``data`` is not bytes-like or a binary file object, or the name is not a string.

    Examples
    --------
    >>> import io
    >>> src = Source(b"person_id,name\nT001,An de Wit\n", "personeel.csv")
    >>> src
    Source('personeel.csv', 30 bytes)
    >>> Source(io.BytesIO(b"abc")).data, Source(io.BytesIO(b"abc")).name
    (b'abc', '(in memory)')
    """

    data: bytes
    name: str = MEMORY_NAME

    def __post_init__(self) -> None:
        name = self.name
        if isinstance(name, PurePath):
            name = name.name
        if not isinstance(name, str) or not name.strip():
            raise ReadError(f"a Source needs a file name (a non-empty str), got {name!r}")
        data = self.data
        if isinstance(data, bytearray | memoryview):
            data = bytes(data)
        elif not isinstance(data, bytes):
            if not callable(getattr(data, "read", None)):
                raise ReadError(
                    f"expected a path, bytes or a binary file object, got {type(data).__name__}",
                    file=name,
                )
            try:
                data = data.read()
            except OSError as exc:
                raise ReadError(f"cannot be read: {exc}", file=name) from None
            if isinstance(data, str):
                raise ReadError(
                    'was opened as text; open it in binary mode ("rb") or pass its bytes',
                    file=name,
                )
            if isinstance(data, bytearray | memoryview):
                data = bytes(data)
            if not isinstance(data, bytes):
                raise ReadError(f"read() gave {type(data).__name__}, expected bytes", file=name)
        object.__setattr__(self, "data", data)
        object.__setattr__(self, "name", name)

    def __repr__(self) -> str:  # never the content: it may hold names and e-mail addresses
        return f"Source({self.name!r}, {len(self.data)} bytes)"

    @property
    def suffix(self) -> str:
        """The display name's extension, lower case (``".csv"``, ``".xlsx"``, or ``""``)."""
        return PurePath(self.name).suffix.lower()


def is_source(obj) -> bool:
    """Return True if ``obj`` is something the readers take: a path, bytes, a file object or a Source.

    Examples
    --------
    >>> import io
    >>> [is_source(x) for x in ("a.csv", b"x", io.BytesIO(), Source(b"x", "a.csv"), 3)]
    [True, True, True, True, False]
    """
    return isinstance(obj, str | os.PathLike | bytes | bytearray | memoryview | Source) or callable(
        getattr(obj, "read", None)
    )


def _file_object_name(obj) -> str:
    name = getattr(obj, "name", None)
    if isinstance(name, str | os.PathLike) and str(name).strip():
        return Path(name).name or MEMORY_NAME
    return MEMORY_NAME


def as_source(obj) -> Source | Path:
    """Return a path as a Path; anything in memory as a Source (bytes and file objects get a name)."""
    if isinstance(obj, Source):
        return obj
    if isinstance(obj, str | os.PathLike):
        return Path(obj)
    if isinstance(obj, bytes | bytearray | memoryview):
        return Source(obj)
    if callable(getattr(obj, "read", None)):
        return Source(obj, _file_object_name(obj))
    raise ReadError(f"expected a path, bytes or a binary file object, got {type(obj).__name__}")


def source_name(obj) -> str:
    """Return the name a reader shows for its input: a path's file name, or a Source's name.

    Examples
    --------
    >>> source_name("data/enquete.csv"), source_name(Source(b"", "upload.xlsx")), source_name(b"")
    ('enquete.csv', 'upload.xlsx', '(in memory)')
    """
    if isinstance(obj, Source):
        return obj.name
    if isinstance(obj, str | os.PathLike):
        return Path(obj).name
    if isinstance(obj, bytes | bytearray | memoryview):
        return MEMORY_NAME
    return _file_object_name(obj)


def load_source(
    obj,
    *,
    error: type[ReadError] = ReadError,
    missing: str = "file not found",
    expected: str = "a file",
) -> tuple[bytes, str, str]:
    r"""Read a reader's input once: ``(content, display name, lower-case extension)``.

    The one place where :mod:`leerlib.io` touches files: a path is read whole (and only read);
    in-memory input is used as it is.

    Parameters
    ----------
    obj : str, path-like, bytes, binary file object or Source
    error : ReadError subclass
        The error raised (a codebook raises CodebookError).
    missing : str
        Message for a path that does not exist.
    expected : str
        What the file should be, for the message about a folder.

    Returns
    -------
    tuple of (bytes, str, str)

    Raises
    ------
    ReadError
        A missing path, a folder, an unreadable file, or input of another type.

    Examples
    --------
    >>> load_source(Source(b"a;b\n1;2\n", "lijst.CSV"))
    (b'a;b\n1;2\n', 'lijst.CSV', '.csv')
    """
    try:
        src = as_source(obj)
    except ReadError as exc:
        raise error(exc.message, file=exc.file) from None
    if isinstance(src, Source):
        return src.data, src.name, src.suffix
    file = src.name
    if not src.exists():
        raise error(missing, file=file)
    if src.is_dir():
        raise error(f"is a folder, expected {expected}", file=file)
    try:
        data = src.read_bytes()
    except OSError as exc:
        raise error(f"cannot be read: {exc.strerror}", file=file) from None
    return data, file, src.suffix.lower()
