"""The pseudonymisation key: read it from a file or the environment, make one, check it."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from os import PathLike
from pathlib import Path

from leerlib.errors import PrivacyError

__all__ = [
    "KEY_ENV",
    "MIN_KEY_BYTES",
    "load_key",
    "generate_key",
    "session_key",
    "key_check",
    "as_key",
]

#: Environment variable that :func:`load_key` reads when no file is given.
KEY_ENV = "LEERLIB_KEY"

#: Shortest key accepted. Person ids are easy to guess (staff numbers, e-mail
#: addresses), so the key is the only secret: 16 bytes (128 bits) or more.
MIN_KEY_BYTES = 16

_SESSION_KEY: bytes | None = None


def as_key(key: bytes | str, *, source: str | None = None) -> bytes:
    """Return ``key`` as bytes after checking its length.

    Parameters
    ----------
    key : bytes or str
        The secret. A str is encoded as UTF-8.
    source : str, optional
        Where the key came from (a file name or an environment variable), used
        in the error message; never the key itself.

    Returns
    -------
    bytes

    Raises
    ------
    PrivacyError
        If the key is not bytes or str, or shorter than :data:`MIN_KEY_BYTES`.

    Examples
    --------
    >>> as_key("correct horse battery staple")[:7]
    b'correct'
    >>> as_key("short")
    Traceback (most recent call last):
    ...
    leerlib.errors.PrivacyError: the pseudonymisation key is 5 bytes long; use at least 16 random bytes (leerlib.privacy.generate_key() makes one)
    """
    if isinstance(key, str):
        key = key.encode("utf-8")
    if not isinstance(key, bytes | bytearray):
        raise PrivacyError(
            f"the pseudonymisation key must be bytes or str, not {type(key).__name__}",
            file=source,
        )
    key = bytes(key)
    if len(key) < MIN_KEY_BYTES:
        raise PrivacyError(
            f"the pseudonymisation key is {len(key)} bytes long; use at least "
            f"{MIN_KEY_BYTES} random bytes (leerlib.privacy.generate_key() makes one)",
            file=source,
        )
    return key


def load_key(path: str | PathLike | None = None, env: str = KEY_ENV) -> bytes:
    """Read the pseudonymisation key from a file, else from an environment variable.

    Parameters
    ----------
    path : str or path-like, optional
        A file holding the key. Leading and trailing white space (the newline an
        editor adds) is removed. When given, the environment is not consulted.
    env : str, default "LEERLIB_KEY"
        Environment variable holding the key itself, read when ``path`` is None.

    Returns
    -------
    bytes
        The key; keep it out of every output (leerlib never writes it anywhere).

    Raises
    ------
    PrivacyError
        If the file cannot be read, neither source holds a key, or the key is
        shorter than 16 bytes. The message never contains the key.

    Examples
    --------
    >>> import os
    >>> os.environ["LEERLIB_DOCTEST_KEY"] = "a5f1e0c9d8b7a6f5e4d3c2b1a0f9e8d7"
    >>> load_key(env="LEERLIB_DOCTEST_KEY")[:4]
    b'a5f1'
    >>> del os.environ["LEERLIB_DOCTEST_KEY"]
    >>> load_key(env="LEERLIB_DOCTEST_KEY")
    Traceback (most recent call last):
    ...
    leerlib.errors.PrivacyError: no pseudonymisation key: set the environment variable LEERLIB_DOCTEST_KEY or pass a key file (leerlib.privacy.generate_key(path) makes one)
    """
    if path is not None:
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise PrivacyError(
                f"cannot read the key file ({exc.strerror or type(exc).__name__})", file=path
            ) from None
        raw = raw.strip()
        if not raw:
            raise PrivacyError("the key file is empty", file=path)
        return as_key(raw, source=str(path))
    value = os.environ.get(env)
    if value is None or not value.strip():
        raise PrivacyError(
            f"no pseudonymisation key: set the environment variable {env} or pass a key file "
            "(leerlib.privacy.generate_key(path) makes one)"
        )
    return as_key(value.strip(), source=f"environment variable {env}")


def generate_key(path: str | PathLike | None = None) -> str:
    """Make a new random key (64 hex digits, 256 bits); optionally save it to a new file.

    Parameters
    ----------
    path : str or path-like, optional
        Where to save the key. The file is created only if it does not exist yet
        (an existing key is never overwritten: losing it breaks the link between
        survey rounds) and is readable by its owner only.

    Returns
    -------
    str
        The key. Keep it apart from the data, e.g. with the privacy officer.

    Raises
    ------
    PrivacyError
        If ``path`` exists already or cannot be written.

    Examples
    --------
    >>> k = generate_key()
    >>> len(k), k == generate_key()
    (64, False)
    """
    key = secrets.token_hex(32)
    if path is not None:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise PrivacyError(
                "a key file exists already; leerlib never overwrites a key", file=path
            ) from None
        except OSError as exc:
            raise PrivacyError(
                f"cannot create the key file ({exc.strerror or type(exc).__name__})", file=path
            ) from None
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(key + "\n")
    return key


def session_key() -> bytes:
    """Return a random key made once per Python process and never stored.

    Pseudonyms made with it are stable within one session (one dashboard run,
    one notebook kernel) and cannot be linked to any other session: use it when
    no key is configured and no link across rounds is needed.

    Examples
    --------
    >>> session_key() == session_key()
    True
    >>> len(session_key())
    32
    """
    global _SESSION_KEY
    if _SESSION_KEY is None:
        _SESSION_KEY = secrets.token_bytes(32)
    return _SESSION_KEY


def key_check(key: bytes | str) -> str:
    """Return a short fingerprint of ``key`` that tells two keys apart without revealing either.

    It is the HMAC-SHA256 of a fixed text under the key, cut to 8 hex digits:
    two exports with the same key check were pseudonymised with the same key.

    Examples
    --------
    >>> key_check("0123456789abcdef0123") == key_check(b"0123456789abcdef0123")
    True
    >>> key_check("0123456789abcdef0123") == key_check("0123456789abcdef0124")
    False
    """
    key = as_key(key)
    return hmac.new(key, b"leerlib key check", hashlib.sha256).hexdigest()[:8]
