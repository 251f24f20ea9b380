"""Text-level helpers for the readers: decoding, mojibake repair, header and number clean-up."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from leerlib.errors import ReadError

__all__ = [
    "decode_bytes",
    "repair_mojibake",
    "repair_series",
    "may_need_repair",
    "normalize_header",
    "to_number",
    "column_letter",
    "ENCODINGS",
]

#: Encodings a codebook may name; "auto" detects among them.
ENCODINGS = ("auto", "utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16")

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)

# Characters that only show up in text when UTF-8 bytes were decoded with a
# single-byte code page: Latin-1/cp1252 lead bytes (Ã Â â) and the box-drawing
# characters of the DOS code pages cp437/cp850 (├ ┬ ...).
_SUSPECT = re.compile("[\u00c2\u00c3\u00c5\u00e2\u2500-\u257f]")
_BOX = re.compile("[\u2500-\u257f]")


def _line_of(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def decode_bytes(data: bytes, encoding: str, file: str) -> tuple[str, str]:
    r"""Decode a file's bytes and return ``(text, encoding_used)``.

    A byte-order mark (UTF-8 or UTF-16) decides, also over a declared
    encoding (a file re-saved as "CSV UTF-8" keeps its old codebook). Without
    one, ``encoding="auto"`` tries strict UTF-8 and, if the bytes are not
    valid UTF-8, Windows-1252 ("Dutch Excel"), then Latin-1 (which accepts
    any byte).

    Raises
    ------
    ReadError
        If the bytes are not valid in the encoding the codebook names.

    Examples
    --------
    >>> decode_bytes("geïnteresseerd".encode("cp1252"), "auto", "x.csv")
    ('geïnteresseerd', 'cp1252')
    >>> decode_bytes(b"\xef\xbb\xbfnaam", "auto", "x.csv")
    ('naam', 'utf-8-sig')
    >>> decode_bytes("\ufeffZoë".encode("utf-8"), "cp1252", "x.csv")
    ('Zoë', 'utf-8-sig')
    """
    if encoding not in ENCODINGS:
        raise ReadError(f"unknown encoding {encoding!r}; expected one of {ENCODINGS}", file=file)
    bom_enc = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding == "auto" or (
        bom_enc not in (None, encoding) and (encoding, bom_enc) != ("utf-8", "utf-8-sig")
    ):
        # A byte-order mark says how the file was saved ("CSV UTF-8" in Excel) and wins over
        # a declared encoding: the codebook may describe the file before it was re-saved.
        for bom, enc in _BOMS:
            if data.startswith(bom):
                try:
                    return data.decode(enc), enc
                except UnicodeDecodeError as exc:
                    raise ReadError(
                        f"starts with a {enc} byte-order mark but is not valid {enc} "
                        f"(line {_line_of(data, exc.start)})",
                        file=file,
                    ) from None
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return data.decode("latin-1"), "latin-1"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReadError(
            f"not valid {encoding}: byte {data[exc.start]:#04x} on line {_line_of(data, exc.start)}; "
            'set encoding = "auto" (or "cp1252" for a Dutch Excel CSV) in the codebook',
            file=file,
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, encoding


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded with a single-byte code page, when unambiguous.

    Uses ftfy's ``fix_encoding``, which only changes text whose repaired form is
    clearly better; correct text is returned unchanged.

    Examples
    --------
    >>> repair_mojibake("ge├»nteresseerd")   # UTF-8 read as cp437/cp850
    'geïnteresseerd'
    >>> repair_mojibake("geÃ¯nteresseerd")   # UTF-8 read as cp1252
    'geïnteresseerd'
    >>> repair_mojibake("Zoë van Dijk")
    'Zoë van Dijk'
    """
    if not text or text.isascii() or not _SUSPECT.search(text):
        return text
    import ftfy

    fixed = ftfy.fix_encoding(text)
    # Accept only a complete repair: no box-drawing characters left, no new no-break spaces.
    if _BOX.search(fixed) or fixed.count("\xa0") > text.count("\xa0"):
        return text
    return fixed


def may_need_repair(text: str) -> bool:
    """Return True if a text holds a character that mojibake produces (cheap whole-file test).

    Examples
    --------
    >>> may_need_repair("Zoë;Jan"), may_need_repair("geÃ¯nteresseerd")
    (False, True)
    """
    return bool(_SUSPECT.search(text))


def repair_series(values: pd.Series) -> pd.Series:
    """Apply :func:`repair_mojibake` to a string Series, once per distinct suspect value."""
    arr = values.to_numpy(dtype=object)
    uniq = pd.unique(arr)
    suspects = [u for u in uniq if isinstance(u, str) and not u.isascii() and _SUSPECT.search(u)]
    if not suspects:
        return values
    fixes = {u: repair_mojibake(u) for u in suspects}
    fixes = {k: v for k, v in fixes.items() if k != v}
    if not fixes:
        return values
    return values.replace(fixes)


_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def normalize_header(text: object) -> str:
    r"""Trim a header cell and fold its line breaks to one space.

    Examples
    --------
    >>> normalize_header("  Do you agree\r\nto this? ")
    'Do you agree to this?'
    """
    if text is None:
        return ""
    s = str(text).replace("\ufeff", "")
    return _BREAKS.sub(" ", s).strip()


_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def to_number(values: pd.Series, decimal: str = "auto") -> tuple[pd.Series, np.ndarray]:
    """Parse a string Series as numbers, with a decimal point or comma.

    Returns
    -------
    numbers : Series of float
        NaN for empty cells and for cells that are not numbers.
    bad : ndarray of bool
        True where a cell is non-empty but not a number in the given convention.

    Examples
    --------
    >>> nums, bad = to_number(pd.Series(["3,5", "4", "", "veel"]))
    >>> nums.tolist()[:2], bad.tolist()
    ([3.5, 4.0], [False, False, False, True])
    """
    s = values.astype(object).fillna("").astype(str).str.strip()
    empty = (s == "").to_numpy()
    if decimal == ",":
        s2 = s.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
        ok = s.str.match(r"^[+-]?\d+(,\d*)?$").to_numpy()
    elif decimal == ".":
        s2 = s
        ok = s.str.match(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$").to_numpy()
    else:
        s2 = s.str.replace(",", ".", regex=False)
        ok = s.str.match(_NUMBER).to_numpy()
    nums = pd.to_numeric(s2.where(ok & ~empty, None), errors="coerce").astype(float)
    bad = ~empty & (~ok | nums.isna().to_numpy())
    return nums, bad


def column_letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based column index.

    Examples
    --------
    >>> column_letter(0), column_letter(25), column_letter(26)
    ('A', 'Z', 'AA')
    """
    out = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out
