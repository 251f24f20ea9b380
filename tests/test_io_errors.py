"""Malformed input: every failure of leerlib.io is a LeerlibError naming file, row and column.

Each case builds its broken input in tmp_path and states which LeerlibError subclass it expects,
which file the message must name and, where it applies, the row and column.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import leerlib.io as lio
from leerlib.errors import CodebookError, LeerlibError, ReadError, RosterError
from leerlib.io import Source, read_aliases, read_codebook, read_export, read_roster
from leerlib.io._specs import RosterSpec

CODEBOOK = """
[survey]
wave = "2025"
{survey_extra}

[respondent]
column = "email"
{respondent_extra}

[[topics]]
key = "ict"

[[nominations]]
shape = "slots"
topic = "ict"
columns = ["Q3_1", "Q3_2"]
{nomination_extra}

[scales.frequency]
"Wekelijks" = 3
"Nooit" = 0
{tail}
"""

GOOD_CSV = "email;Q3_1;Q3_2;freq;V1\nan@x.nl;Bo de Wit;Cor;Wekelijks;4\nbo@x.nl;An;;Nooit;3\n"


def codebook(tmp_path: Path, name: str = "codebook.toml", **parts) -> Path:
    fields = {"survey_extra": "", "respondent_extra": "", "nomination_extra": "", "tail": ""}
    fields.update(parts)
    p = tmp_path / name
    p.write_text(CODEBOOK.format(**fields), encoding="utf-8")
    return p


def export(tmp_path: Path, content: str | bytes = GOOD_CSV, name: str = "export.csv") -> Path:
    p = tmp_path / name
    p.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return p


@dataclass
class Case:
    error: type
    file: str
    row: int | None = None
    column: str | None = None
    says: str = ""


def _empty(tmp_path):
    return lambda: read_export(export(tmp_path, b""), codebook(tmp_path)), Case(
        ReadError, "export.csv", says="empty"
    )


def _blank(tmp_path):
    return (
        lambda: read_export(export(tmp_path, "\r\n\n  \n;;;\n"), codebook(tmp_path)),
        Case(ReadError, "export.csv", says="empty"),
    )


def _binary(tmp_path):
    junk = bytes(range(256)) * 8
    return lambda: read_export(export(tmp_path, junk), codebook(tmp_path)), Case(
        ReadError, "export.csv", says="binary"
    )


def _header_only(tmp_path):
    return (
        lambda: read_export(export(tmp_path, "email;Q3_1;Q3_2\n"), codebook(tmp_path)),
        Case(ReadError, "export.csv", says="no data rows"),
    )


def _missing_file(tmp_path):
    return lambda: read_export(tmp_path / "gone.csv", codebook(tmp_path)), Case(
        ReadError, "gone.csv", says="not found"
    )


def _folder(tmp_path):
    (tmp_path / "map.csv").mkdir()
    return lambda: read_export(tmp_path / "map.csv", codebook(tmp_path)), Case(
        ReadError, "map.csv", says="folder"
    )


def _missing_respondent_column(tmp_path):
    content = "e-mail adres;Q3_1;Q3_2\nan@x.nl;Bo;\n"
    return (
        lambda: read_export(export(tmp_path, content), codebook(tmp_path)),
        Case(CodebookError, "codebook.toml", says="'email'"),
    )


def _absent_nomination_column(tmp_path):
    content = "email;Q3_01;Q3_2\nan@x.nl;Bo;\n"
    return (
        lambda: read_export(export(tmp_path, content), codebook(tmp_path)),
        Case(CodebookError, "codebook.toml", says="near column names: ['Q3_01'"),
    )


def _pattern_matches_nothing(tmp_path):
    cb = tmp_path / "codebook.toml"
    cb.write_text(
        CODEBOOK.format(survey_extra="", respondent_extra="", nomination_extra="", tail="").replace(
            'columns = ["Q3_1", "Q3_2"]', 'pattern = "^Q9_"'
        ),
        encoding="utf-8",
    )
    return lambda: read_export(export(tmp_path), cb), Case(
        CodebookError, "codebook.toml", says="matches no column"
    )


def _wrong_delimiter(tmp_path):
    return (
        lambda: read_export(export(tmp_path), codebook(tmp_path, survey_extra='delimiter = ","')),
        Case(CodebookError, "codebook.toml", says="delimiter"),
    )


def _wrong_encoding(tmp_path):
    content = "email;Q3_1;Q3_2\nan@x.nl;Zoë;\n".encode("cp1252")
    return (
        lambda: read_export(
            export(tmp_path, content), codebook(tmp_path, survey_extra='encoding = "utf-8"')
        ),
        Case(ReadError, "export.csv", says="line 2"),
    )


def _qualtrics_header_rows(tmp_path):
    content = (
        "email,Q3_1,Q3_2\nE-mail,Wie? - 1,Wie? - 2\n"
        '"{""ImportId"":""email""}","{""ImportId"":""QID3_1""}","{""ImportId"":""QID3_2""}"\n'
        "an@x.nl,Bo,\n"
    )
    return (
        lambda: read_export(export(tmp_path, content), codebook(tmp_path)),
        Case(CodebookError, "codebook.toml", says="header_rows"),
    )


def _qualtrics_two_rows_read_as_three(tmp_path):
    content = "email,StartDate,ResponseId,Q3_1,Q3_2\nE-mail,Start Date,Response ID,Wie? - 1,Wie? - 2\nan@x.nl,2025-01-01,R_1,Bo,\n"
    return (
        lambda: read_export(
            export(tmp_path, content), codebook(tmp_path, survey_extra="header_rows = 3")
        ),
        Case(CodebookError, "codebook.toml", says="header_rows = 2"),
    )


def _title_row_not_skipped(tmp_path):
    content = "Enquête 2025;;\nemail;Q3_1;Q3_2\nan@x.nl;Bo;\n"
    return (
        lambda: read_export(export(tmp_path, content), codebook(tmp_path)),
        Case(CodebookError, "codebook.toml", says="skip_rows = 1"),
    )


def _ragged_row(tmp_path):
    content = "email;Q3_1;Q3_2\nan@x.nl;Bo;;\nbo@x.nl;Berg; Jan van den;Cor\n"
    return (
        lambda: read_export(export(tmp_path, content), codebook(tmp_path)),
        Case(ReadError, "export.csv", row=3, column="D", says="fields"),
    )


def _scale_answer_missing(tmp_path):
    # one attribute column per slot (a fixed column on two slots is itself an error, issue 18)
    cb = codebook(
        tmp_path,
        nomination_extra='attributes = { frequency = { Q3_1 = "freq", Q3_2 = "freq2" } }'
        '\nweight = "frequency"',
    )
    content = "email;Q3_1;Q3_2;freq;freq2\nan@x.nl;Bo;;Wekelijks;\nbo@x.nl;An;;Soms;\n"
    return lambda: read_export(export(tmp_path, content), cb), Case(
        CodebookError, "export.csv", 3, "freq", "'Soms'"
    )


def _label_missing(tmp_path):
    cb = tmp_path / "codebook.toml"
    cb.write_text(
        """
[survey]
wave = "2025"
[respondent]
column = "email"
[[topics]]
key = "advice"
[[nominations]]
shape = "matrix"
columns = ["Ans", "Bo"]
cell = "labels"
labels = { Advice = "advice" }
""",
        encoding="utf-8",
    )
    content = 'email,Ans,Bo\nan@x.nl,,Advice\nbo@x.nl,"Advice,Gossip",\n'
    return lambda: read_export(export(tmp_path, content), cb), Case(
        CodebookError, "export.csv", 3, "Ans", "'Gossip'"
    )


def _value_not_a_number(tmp_path):
    cb = codebook(tmp_path, tail='[[value]]\ncolumn = "V1"\ncycle = "immediate"')
    content = "email;Q3_1;Q3_2;V1\nan@x.nl;Bo;;4\nbo@x.nl;An;;veel\n"
    return lambda: read_export(export(tmp_path, content), cb), Case(
        ReadError, "export.csv", 3, "V1", "not a number"
    )


def _bad_timestamp(tmp_path):
    cb = codebook(tmp_path, respondent_extra='submitted_at = "Tijd"')
    content = "email;Tijd;Q3_1;Q3_2\nan@x.nl;2025-03-01 10:00;Bo;\nbo@x.nl;gisteren;An;\n"
    return lambda: read_export(export(tmp_path, content), cb), Case(
        ReadError, "export.csv", 3, "Tijd", "date"
    )


def _explicit_status_column_absent(tmp_path):
    cb = codebook(tmp_path, respondent_extra='status_column = "Status"')
    return lambda: read_export(export(tmp_path), cb), Case(
        CodebookError, "codebook.toml", says="'Status'"
    )


def _codebook_syntax(tmp_path):
    p = tmp_path / "broken.toml"
    p.write_text('[survey]\nwave = "2025\n[respondent]\ncolumn = "email"\n', encoding="utf-8")
    return lambda: read_codebook(p), Case(CodebookError, "broken.toml", says="line 2")


def _codebook_unknown_key(tmp_path):
    cb = codebook(tmp_path, respondent_extra='colum = "e-mail"')
    return lambda: read_codebook(cb), Case(CodebookError, "codebook.toml", says="'colum'")


def _codebook_wrong_type(tmp_path):
    p = tmp_path / "codebook.toml"
    p.write_text('[survey]\nwave = 2025\n[respondent]\ncolumn = "email"\n', encoding="utf-8")
    return lambda: read_codebook(p), Case(CodebookError, "codebook.toml", says="line 2")


def _codebook_missing_wave(tmp_path):
    p = tmp_path / "codebook.toml"
    p.write_text('[survey]\nlanguage = "nl"\n[respondent]\ncolumn = "email"\n', encoding="utf-8")
    return lambda: read_codebook(p), Case(CodebookError, "codebook.toml", says="wave")


def _codebook_unknown_topic(tmp_path):
    cb = codebook(tmp_path)
    cb.write_text(
        cb.read_text(encoding="utf-8").replace('topic = "ict"', 'topic = "itc"'), encoding="utf-8"
    )
    return lambda: read_codebook(cb), Case(CodebookError, "codebook.toml", says="'itc'")


def _codebook_unknown_scale(tmp_path):
    cb = codebook(
        tmp_path, nomination_extra='attributes = { frequentie = "freq" }\nweight = "frequentie"'
    )
    return lambda: read_codebook(cb), Case(
        CodebookError, "codebook.toml", says="[scales.frequentie]"
    )


def _codebook_bad_regex(tmp_path):
    cb = codebook(tmp_path)
    cb.write_text(
        cb.read_text(encoding="utf-8").replace(
            'columns = ["Q3_1", "Q3_2"]', 'pattern = "^Q3_(\\\\d+$"'
        ),
        encoding="utf-8",
    )
    return lambda: read_codebook(cb), Case(
        CodebookError, "codebook.toml", says="regular expression"
    )


def _codebook_bad_cycle(tmp_path):
    cb = codebook(tmp_path, tail='[[value]]\ncolumn = "V1"\ncycle = "realised"')
    return lambda: read_codebook(cb), Case(CodebookError, "codebook.toml", says="'realised'")


def _codebook_bad_shape(tmp_path):
    cb = codebook(tmp_path)
    cb.write_text(
        cb.read_text(encoding="utf-8").replace('shape = "slots"', 'shape = "grid"'),
        encoding="utf-8",
    )
    return lambda: read_codebook(cb), Case(CodebookError, "codebook.toml", says="'grid'")


def _codebook_not_utf8(tmp_path):
    p = tmp_path / "codebook.toml"
    p.write_bytes(
        '[survey]\nwave = "2025"\n# Enquête\n[respondent]\ncolumn = "e"\n'.encode("cp1252")
    )
    return lambda: read_codebook(p), Case(CodebookError, "codebook.toml", says="UTF-8")


def _codebook_missing(tmp_path):
    return lambda: read_codebook(tmp_path / "nope.toml"), Case(
        CodebookError, "nope.toml", says="not found"
    )


def _roster_duplicate_ids(tmp_path):
    p = export(tmp_path, "person_id;name\np1;An\np2;Bo\np1;Cor\n", "staff.csv")
    return lambda: read_roster(p), Case(
        RosterError, "staff.csv", column="person_id", says="rows 2, 4"
    )


def _roster_empty_id(tmp_path):
    p = export(tmp_path, "person_id;name\np1;An\n;Bo\n", "staff.csv")
    return lambda: read_roster(p), Case(
        RosterError, "staff.csv", column="person_id", says="row(s) 3"
    )


def _roster_no_id_column(tmp_path):
    p = export(tmp_path, "naam;team\nAn;A\n", "staff.csv")
    return lambda: read_roster(p), Case(RosterError, "staff.csv", says="no id column")


def _roster_no_name_column(tmp_path):
    # an id-only list is accepted (issue 18); a name column the codebook names must exist
    p = export(tmp_path, "id;team\np1;A\n", "staff.csv")
    spec = RosterSpec(name="naam", explicit=frozenset({"name"}))
    return lambda: read_roster(p, spec), Case(
        RosterError, "staff.csv", says="[roster] name = 'naam'"
    )


def _unreadable_xlsx(tmp_path):
    p = export(tmp_path, b"PK\x03\x04 this is not really a zip archive" * 10, "staff.xlsx")
    return lambda: read_roster(p), Case(ReadError, "staff.xlsx", says="XLSX")


def _xlsx_without_workbook(tmp_path):
    p = tmp_path / "export.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("hello.txt", "no workbook in here")
    return lambda: read_export(p, codebook(tmp_path)), Case(ReadError, "export.xlsx", says="XLSX")


def _csv_named_xlsx(tmp_path):
    p = export(tmp_path, GOOD_CSV, "export.xlsx")
    return lambda: read_export(p, codebook(tmp_path)), Case(
        ReadError, "export.xlsx", says="not an XLSX"
    )


def _old_xls(tmp_path):
    p = export(tmp_path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(512), "export.xls")
    return lambda: read_export(p, codebook(tmp_path)), Case(ReadError, "export.xls", says=".xls")


def _xlsx_missing_sheet(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["email", "Q3_1", "Q3_2"])
    wb.active.append(["an@x.nl", "Bo", None])
    p = tmp_path / "export.xlsx"
    wb.save(p)
    return (
        lambda: read_export(p, codebook(tmp_path, survey_extra='sheet = "Form1"')),
        Case(ReadError, "export.xlsx", says="'Form1'"),
    )


def _alias_conflict(tmp_path):
    p = export(tmp_path, "alias,person_id\nJantje,p1\nMw. Smit,p2\njantje,p3\n", "aliases.csv")
    return lambda: read_aliases(p), Case(ReadError, "aliases.csv", column="alias", says="rows 2, 4")


def _alias_missing_id(tmp_path):
    p = export(tmp_path, "alias,person_id\nJantje,p1\nMw. Smit,\n", "aliases.csv")
    return lambda: read_aliases(p), Case(ReadError, "aliases.csv", 3, "person_id", "person id")


def _edgelist_unknown_topic(tmp_path):
    cb = tmp_path / "codebook.toml"
    cb.write_text(
        """
[survey]
wave = "2025"
[respondent]
column = "bron"
by = "id"
[[topics]]
key = "ict"
[[nominations]]
shape = "edgelist"
target = "doel"
topic_column = "thema"
""",
        encoding="utf-8",
    )
    content = "bron,doel,thema\np1,p2,ict\np1,p3,rekenen\n"
    return lambda: read_export(export(tmp_path, content), cb), Case(
        CodebookError, "export.csv", 3, "thema", "'rekenen'"
    )


CASES = {
    f.__name__.lstrip("_"): f
    for f in [
        _empty,
        _blank,
        _binary,
        _header_only,
        _missing_file,
        _folder,
        _missing_respondent_column,
        _absent_nomination_column,
        _pattern_matches_nothing,
        _wrong_delimiter,
        _wrong_encoding,
        _qualtrics_header_rows,
        _qualtrics_two_rows_read_as_three,
        _title_row_not_skipped,
        _ragged_row,
        _scale_answer_missing,
        _label_missing,
        _value_not_a_number,
        _bad_timestamp,
        _explicit_status_column_absent,
        _codebook_syntax,
        _codebook_unknown_key,
        _codebook_wrong_type,
        _codebook_missing_wave,
        _codebook_unknown_topic,
        _codebook_unknown_scale,
        _codebook_bad_regex,
        _codebook_bad_cycle,
        _codebook_bad_shape,
        _codebook_not_utf8,
        _codebook_missing,
        _roster_duplicate_ids,
        _roster_empty_id,
        _roster_no_id_column,
        _roster_no_name_column,
        _unreadable_xlsx,
        _xlsx_without_workbook,
        _csv_named_xlsx,
        _old_xls,
        _xlsx_missing_sheet,
        _alias_conflict,
        _alias_missing_id,
        _edgelist_unknown_topic,
    ]
}


def test_at_least_25_distinct_kinds():
    assert len(CASES) >= 25


@pytest.mark.parametrize("name", list(CASES))
def test_malformed_input_raises_a_located_leerlib_error(tmp_path, name):
    call, case = CASES[name](tmp_path)
    with pytest.raises(LeerlibError) as info:
        call()
    err = info.value
    assert type(err) is case.error, f"{type(err).__name__}: {err}"
    msg = str(err)
    assert err.file is not None and Path(err.file).name == case.file, msg
    assert msg.startswith(case.file), msg
    if case.row is not None:
        assert err.row == case.row and f"row {case.row}" in msg, msg
    if case.column is not None:
        assert err.column == case.column and repr(case.column) in msg, msg
    assert case.says in msg, msg


#: Cases about paths themselves (a missing file, a folder): nothing to give in memory.
PATH_ONLY = {"missing_file", "folder", "codebook_missing"}
UPLOAD = "upload-"


def _from_memory(reader):
    """The reader, with every existing file argument handed over as a named Source instead."""

    def call(*args, **kwargs):
        args = [
            Source(a.read_bytes(), UPLOAD + a.name) if isinstance(a, Path) and a.is_file() else a
            for a in args
        ]
        return reader(*args, **kwargs)

    return call


@pytest.mark.parametrize("name", sorted(set(CASES) - PATH_ONLY))
def test_in_memory_input_gives_the_same_error_under_its_display_name(tmp_path, monkeypatch, name):
    """Each case again, with the broken file (and its codebook) as bytes named ``upload-<file>``.

    Expected: the same error class, row, column and wording as from the path, but naming the
    display name, since the name in messages is the Source's and never a path.
    """
    call, case = CASES[name](tmp_path)
    with pytest.raises(LeerlibError) as from_path:
        call()
    for reader in ("read_export", "read_codebook", "read_roster", "read_aliases"):
        monkeypatch.setitem(globals(), reader, _from_memory(getattr(lio, reader)))
    with pytest.raises(LeerlibError) as from_memory:
        call()
    a, b = from_path.value, from_memory.value
    assert type(b) is case.error, f"{type(b).__name__}: {b}"
    assert b.file == UPLOAD + case.file, str(b)
    assert (b.row, b.column) == (a.row, a.column)
    assert b.message.replace(UPLOAD, "") == a.message
    assert str(b).startswith(UPLOAD + case.file)


def test_readers_refuse_text_streams_and_other_objects(tmp_path):
    import io

    with pytest.raises(ReadError, match="binary mode") as info:
        read_roster(io.StringIO("person_id;name\np1;An\n"))
    assert info.value.file == "(in memory)"
    with pytest.raises(CodebookError, match="expected a path, bytes"):
        read_codebook(42)
    with pytest.raises(ReadError, match="file name"):
        Source(b"x", "")


def test_xlsx_is_told_by_content_then_by_the_display_name(tmp_path):
    """A workbook's bytes need no name (the zip signature tells); an .xlsx name on CSV bytes fails."""
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["person_id", "name"])
    wb.active.append(["p1", "An de Wit"])
    buffer = io.BytesIO()
    wb.save(buffer)
    assert read_roster(buffer.getvalue())["name"].tolist() == ["An de Wit"]
    with pytest.raises(ReadError, match="not an XLSX") as info:
        read_roster(Source(b"person_id;name\np1;An\n", "personeel.xlsx"))
    assert info.value.file == "personeel.xlsx"
    assert read_roster(Source(b"person_id;name\np1;An\n", "personeel.csv"))["name"].tolist() == [
        "An"
    ]


def test_good_inputs_of_the_cases_read(tmp_path):
    """The base files the cases break are themselves fine (so each case tests its one defect)."""
    raw = read_export(export(tmp_path), codebook(tmp_path))
    assert raw.nominations["raw_name"].tolist() == ["Bo de Wit", "Cor", "An"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=400), cut=st.integers(min_value=0, max_value=len(GOOD_CSV)))
def test_any_bytes_give_a_result_or_a_leerlib_error(tmp_path, data, cut):
    """Arbitrary bytes, and truncated or corrupted exports, never raise a bare Python or pandas error."""
    cb = codebook(tmp_path)
    for content in (data, GOOD_CSV.encode()[:cut], GOOD_CSV.encode()[:cut] + data):
        try:
            read_export(export(tmp_path, content), cb)
        except LeerlibError:
            pass
