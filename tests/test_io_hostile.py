"""Hostile input to the readers: every case loads or raises a LeerlibError that says where.

Runaway codebook patterns, codebooks that break the TOML parser, numbers and date formats out of
range, time stamps at the edges of the calendar, repeated headers, formula cells without a value
and decompression bombs. Each input is built here, in memory.
"""

from __future__ import annotations

import pytest

from leerlib.errors import CodebookError, LeerlibError, ReadError
from leerlib.io import Source, read_codebook, read_export

BASE = """[survey]
wave = "2025"
{survey}
[respondent]
column = "email"
{respondent}
[[topics]]
key = "ict"

[[nominations]]
shape = "slots"
topic = "ict"
{nomination}
{tail}"""


def cb(survey: str = "", respondent: str = "", nomination: str = 'columns = ["Q3_1", "Q3_2"]',
       tail: str = "", name: str = "codebook.toml") -> Source:
    """A codebook in memory, with extra lines in its tables."""
    text = BASE.format(survey=survey, respondent=respondent, nomination=nomination, tail=tail)
    return Source(text.encode("utf-8"), name)


def csv(text: str, name: str = "export.csv") -> Source:
    return Source(text.encode("utf-8"), name)


# --------------------------------------------------------------------------- patterns (item 11)


def test_runaway_pattern_is_a_codebook_error_naming_the_key():
    """``^(a|aa)+$`` on a 61-character header backtracks about 2**45 times with ``re`` (over a
    minute); the bounded search gives up and names the codebook key."""
    header = "a" * 60 + "b"
    book = cb(nomination='pattern = "^(a|aa)+$"')
    with pytest.raises(CodebookError) as info:
        read_export(csv(f"email;{header}\nan@x.nl;Bo\n"), book)
    err = info.value
    assert err.file == "codebook.toml"
    assert "[[nominations]] #1" in err.message and "pattern" in err.message
    assert "^(a|aa)+$" in err.message


def test_a_sound_pattern_still_selects_its_columns():
    """Q3_1 and Q3_2 match ``^Q3_\\d+$``, Q30 does not: 3 names typed, 2 nominations."""
    book = cb(nomination='pattern = "^Q3_\\\\d+$"')
    raw = read_export(csv("email;Q3_1;Q3_2;Q30\nan@x.nl;Bo;Cor;Dirk\n"), book)
    assert raw.nominations["column"].tolist() == ["Q3_1", "Q3_2"]


def test_matrix_target_pattern_is_bounded_too():
    """A matrix block matches its pattern against header cells: bounded as well."""
    text = BASE.replace('[[nominations]]\nshape = "slots"\ntopic = "ict"\n{nomination}\n', "")
    book = Source(text.format(survey="", respondent="", tail='[[nominations]]\nshape = "matrix"\n'
                              'topic = "ict"\npattern = "^(a|aa)+$"\n').encode(), "codebook.toml")
    with pytest.raises(CodebookError, match=r"\[\[nominations\]\] #1.*pattern"):
        read_export(csv("email;" + "a" * 60 + "b\nan@x.nl;1\n"), book)
