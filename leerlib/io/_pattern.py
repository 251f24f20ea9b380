"""Codebook patterns (regular expressions over column headers), matched with a time bound."""

from __future__ import annotations

import regex

from leerlib.errors import CodebookError

__all__ = ["compile_pattern", "search_pattern", "PATTERN_TIMEOUT"]

#: Seconds one pattern may spend on one header before it counts as runaway. A header is a
#: line of text; a sound pattern matches it in microseconds. A pattern with nested
#: repetition, such as ``^(a|aa)+$``, backtracks for minutes on a header of 60 characters.
PATTERN_TIMEOUT = 0.5


def compile_pattern(pattern: str, key: str, file: str | None = None) -> regex.Pattern:
    r"""Compile a codebook pattern with Python's ``re`` syntax.

    Parameters
    ----------
    pattern : str
        The regular expression.
    key : str
        Where the codebook gives it (``"[[nominations]] #2 pattern"``), for messages.
    file : str, optional
        The codebook file, for messages.

    Raises
    ------
    CodebookError
        The pattern is not a valid regular expression.

    Examples
    --------
    >>> compile_pattern(r"^Q3_\d+$", "[[nominations]] #1 pattern").search("Q3_2") is not None
    True
    """
    try:
        return regex.compile(pattern, flags=regex.VERSION0)
    except (regex.error, ValueError, OverflowError, RecursionError) as exc:
        raise CodebookError(
            f"{key}: pattern {pattern!r} is not a valid regular expression ({exc})", file=file
        ) from None


def search_pattern(rx: regex.Pattern, text: str, key: str, file: str | None = None):
    """``rx.search(text)`` with a time bound of :data:`PATTERN_TIMEOUT` seconds.

    Raises
    ------
    CodebookError
        The search ran out of time (the pattern backtracks without end on this header);
        the message names the codebook key and the header.

    Examples
    --------
    >>> rx = compile_pattern(r"^(a|aa)+$", "[[nominations]] #1 pattern")
    >>> search_pattern(rx, "a" * 60 + "b", "[[nominations]] #1 pattern")
    Traceback (most recent call last):
    ...
    leerlib.errors.CodebookError: [[nominations]] #1 pattern: pattern '^(a|aa)+$' takes too long ...
    """
    try:
        return rx.search(text, timeout=PATTERN_TIMEOUT)
    except TimeoutError:
        shown = text if len(text) <= 80 else text[:77] + "..."
        raise CodebookError(
            f"{key}: pattern {rx.pattern!r} takes too long on the header {shown!r} (more than "
            f"{PATTERN_TIMEOUT} s; nested repetition such as (a|aa)+ backtracks without end); "
            "write a simpler pattern, or list the columns",
            file=file,
        ) from None
