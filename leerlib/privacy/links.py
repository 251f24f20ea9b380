"""Signed personal links: a keyed code per person, so a personal page opens only from its own link."""

from __future__ import annotations

import hashlib
import hmac
import os
from urllib.parse import quote

import pandas as pd

from leerlib.errors import PrivacyError
from leerlib.privacy.keys import as_key

__all__ = [
    "SIGNED_LINKS_ENV",
    "CODE_LENGTH",
    "personal_code",
    "check_code",
    "personal_links",
    "signed_links_enabled",
]

#: Environment variable that switches the personal dashboard to signed links ("1": on).
SIGNED_LINKS_ENV = "LEERLIB_SIGNED_LINKS"

#: Hex digits in a code: 16 digits are 64 bits, far beyond guessing through a web page.
CODE_LENGTH = 16

_DOMAIN = b"leerlib-personal-link:"


def personal_code(person_id: str, key: bytes | str) -> str:
    """Return the code that unlocks ``person_id``'s personal page.

    The code is HMAC-SHA256 under ``key`` over ``b"leerlib-personal-link:" + person_id``
    (the prefix keeps it distinct from the pseudonyms made with the same key), as the first
    :data:`CODE_LENGTH` hex digits.

    Parameters
    ----------
    person_id : str
        The person's id as in the survey's people table.
    key : bytes or str
        The secret key (``LEERLIB_KEY``; see :func:`leerlib.privacy.load_key`).

    Returns
    -------
    str
        16 lower-case hex digits.

    Raises
    ------
    PrivacyError
        If the key is shorter than 16 bytes.

    Examples
    --------
    >>> key = b"a key of at least sixteen bytes"
    >>> code = personal_code("P0003", key)
    >>> len(code), code == personal_code("P0003", key), code == personal_code("P0004", key)
    (16, True, False)
    """
    key = as_key(key)
    mac = hmac.new(key, _DOMAIN + str(person_id).encode("utf-8"), hashlib.sha256)
    return mac.hexdigest()[:CODE_LENGTH]


def check_code(person_id: str, code: str | None, key: bytes | str) -> bool:
    """Return True if ``code`` is ``person_id``'s code (compared in constant time).

    Examples
    --------
    >>> key = b"a key of at least sixteen bytes"
    >>> check_code("P0003", personal_code("P0003", key), key)
    True
    >>> check_code("P0004", personal_code("P0003", key), key), check_code("P0003", None, key)
    (False, False)
    """
    if not code or not isinstance(code, str):
        return False
    expected = personal_code(person_id, key)
    return hmac.compare_digest(expected.encode("ascii"), code.strip().lower().encode("utf-8"))


def personal_links(survey, key: bytes | str, base_url: str) -> pd.DataFrame:
    """One signed link per colleague to the personal dashboard, for HR to send out.

    The table is personal data (names, e-mail addresses, and links that open each person's
    page): keep it with the survey data and delete it once the links are sent.

    Parameters
    ----------
    survey : Survey
        Cleaned survey data; one row per internal person (everyone if there is no
        ``internal`` column).
    key : bytes or str
        The key the server runs with (``LEERLIB_KEY``).
    base_url : str
        The server's address as colleagues reach it, e.g. ``"https://leren.school.nl"``.

    Returns
    -------
    DataFrame
        Columns person_id, name, email (if the people table has it) and url
        (``<base_url>/voila/render/mijn_leernetwerk.ipynb?persoon=<id>&code=<code>``).

    Raises
    ------
    PrivacyError
        If the key is too short or ``base_url`` is empty.

    Examples
    --------
    >>> from leerlib.sample import load_sample
    >>> links = personal_links(load_sample(), b"a key of at least sixteen bytes", "https://leren.example/")
    >>> list(links.columns)
    ['person_id', 'name', 'email', 'url']
    >>> links.loc[0, "url"].split("?")[0]
    'https://leren.example/voila/render/mijn_leernetwerk.ipynb'
    """
    key = as_key(key)
    base = str(base_url or "").strip().rstrip("/")
    if not base:
        raise PrivacyError(
            "personal_links needs the server's address as base_url, e.g. 'https://leren.school.nl'"
        )
    people = survey.people
    if "internal" in people.columns:
        people = people[people["internal"].fillna(False).astype(bool)]
    cols = [c for c in ("person_id", "name", "email") if c in people.columns]
    out = people[cols].reset_index(drop=True).copy()
    out["person_id"] = out["person_id"].astype(str)
    out["url"] = [
        f"{base}/voila/render/mijn_leernetwerk.ipynb?persoon={quote(pid, safe='')}"
        f"&code={personal_code(pid, key)}"
        for pid in out["person_id"]
    ]
    return out


def signed_links_enabled() -> bool:
    """Return True if ``LEERLIB_SIGNED_LINKS`` is ``"1"`` (set by ``python -m leerlib.serve --signed-links``).

    Examples
    --------
    >>> import os
    >>> saved = os.environ.pop("LEERLIB_SIGNED_LINKS", None)
    >>> signed_links_enabled()
    False
    >>> os.environ["LEERLIB_SIGNED_LINKS"] = "1"
    >>> signed_links_enabled()
    True
    >>> _ = os.environ.pop("LEERLIB_SIGNED_LINKS") if saved is None else os.environ.update(
    ...     LEERLIB_SIGNED_LINKS=saved)
    """
    return os.environ.get(SIGNED_LINKS_ENV, "") == "1"
