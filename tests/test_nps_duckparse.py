"""The DuckDB parse of the national NPS file gives the Python parser's values, or refuses.

The property that keeps error messages exact: on every input, either DuckDB refuses (and ingest
takes the Python parser, which raises its line-numbered ParseError or parses), or both parse and
give the same values row for row. DuckDB never accepts a file the Python parser rejects.
"""

from __future__ import annotations

import codecs
import datetime
import threading

import duckdb
import pytest

from extractors.errors import ParseError
from extractors.nps import duckparse
from extractors.nps import workplaces_file as wf
from tests.conftest import REPO

SAMPLE = REPO / "warehouse" / "sample" / "nps" / "workplaces_sample.csv"
GOOD = SAMPLE.read_bytes()
LINES = GOOD.split(b"\n")


def _with_field(line: int, field: int, value: bytes) -> bytes:
    lines = list(LINES)
    cells = lines[line - 1].split(b",")
    cells[field] = value
    lines[line - 1] = b",".join(cells)
    return b"\n".join(lines)


def _outcome(content: bytes, tmp_path):
    """('refused', reason) or ('rows', [tuples]) from DuckDB; ('error', message) or ('rows', ...) from Python."""
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    con = duckdb.connect()
    try:
        duckparse.parse_into(con, path, "batch", scratch_dir=tmp_path)
        rows = con.execute(f"select {', '.join(wf.COLUMNS)} from batch order by line").fetchall()
        duck = ("rows", [tuple(v.isoformat() if isinstance(v, datetime.date) else v for v in r) for r in rows])
    except duckparse.Refused as exc:
        duck = ("refused", str(exc))
    finally:
        con.close()
    try:
        python = ("rows", [tuple(r[c] for c in wf.COLUMNS) for r in wf.parse(content)])
    except ParseError as exc:
        python = ("error", str(exc))
    return duck, python


CASES = {
    "good": GOOD,
    "utf-8 with BOM": codecs.BOM_UTF8 + GOOD.decode("cp949").encode("utf-8"),
    "utf-8": GOOD.decode("cp949").encode("utf-8"),
    "crlf": GOOD.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"),
    "lf": GOOD.replace(b"\r\n", b"\n"),
    "truncated mid-character": GOOD[: GOOD.index("샘플".encode("cp949"), 20000) + 1],
    "truncated mid-row": GOOD[: GOOD.index(b"\n", 20000) - 30],
    "cut at a row boundary": GOOD[: GOOD.index(b"\n", 20000) + 1],
    "utf-8 line in cp949": b"\n".join(LINES[:30] + [LINES[30].decode("cp949").encode("utf-8")] + LINES[31:]),
    "invalid bytes": GOOD[:3000] + b"\xff\xfe\x81" + GOOD[3000:],
    "extra field": b"\n".join(LINES[:50] + [LINES[50] + b",x"] + LINES[51:]),
    "missing field": b"\n".join(LINES[:50] + [LINES[50].rsplit(b",", 1)[0]] + LINES[51:]),
    "blank line": b"\n".join(LINES[:50] + [b""] + LINES[50:]),
    "impossible date": _with_field(41, 15, b"2023-02-30"),
    "month 13": _with_field(41, 17, b"2023-13-01"),
    "compact date": _with_field(41, 15, b"20170301"),
    "no date 0001-01-01": _with_field(41, 16, b"0001-01-01"),
    "integer too large": _with_field(60, 18, b"99999999999"),
    "integer with comma, quoted": _with_field(60, 19, b'"1,450,100"'),
    "integer 4.0": _with_field(60, 20, b"4.0"),
    "integer 4.5": _with_field(60, 20, b"4.5"),
    "full-width digits": _with_field(60, 18, "\uff15".encode("cp949")),
    "ideographic space around a name": _with_field(70, 1, "\u3000샘플\u3000".encode("cp949")),
    "spaces around codes": _with_field(70, 13, b" 724000 "),
    "short industry code": _with_field(70, 13, b"11000"),
    "whitespace-only count": _with_field(70, 21, b"  "),
    "quote inside a field": _with_field(80, 5, b'ab"c'),
    "text after a closing quote": _with_field(80, 5, b'"ab"c'),
    "quoted newline": _with_field(80, 5, b'"a\nb"'),
    "lone carriage return": _with_field(80, 5, b"a\rb"),
    "NUL byte": _with_field(80, 5, b"a\x00b"),
    "no trailing newline": GOOD.rstrip(b"\r\n"),
    "header only": LINES[0] + b"\n",
    "unknown header": GOOD.replace("사업장명".encode("cp949"), "회사명".encode("cp949"), 1),
    "API month shape": _with_field(41, 0, b"201809"),
    "full bizr number": _with_field(41, 2, b"649-81-50000"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_duckdb_gives_the_python_values_or_refuses(case, tmp_path):
    duck, python = _outcome(CASES[case], tmp_path)
    if duck[0] == "refused":
        return  # ingest takes the Python path: its outcome (values or exact error) is the reference
    assert python[0] == "rows", f"DuckDB accepted what Python rejects: {python[1]}"
    assert duck[1] == python[1]


def test_the_common_inputs_take_the_duckdb_path(tmp_path):
    for case in (
        "good",
        "utf-8",
        "utf-8 with BOM",
        "crlf",
        "lf",
        "impossible date",
        "integer too large",
        "compact date",
        "integer with comma, quoted",
        "ideographic space around a name",
        "short industry code",
    ):
        duck, python = _outcome(CASES[case], tmp_path)
        if python[0] == "rows":
            assert duck[0] == "rows", (case, duck)
        else:  # the bad value is found by the Python converter, which names the line: DuckDB defers to it
            assert duck[0] == "refused", (case, duck)


def test_impossible_date_is_a_parse_error_naming_line_and_column():
    with pytest.raises(
        ParseError,
        match=r"line 41, column '적용일자': expected a date YYYY-MM-DD or YYYYMMDD, "
        r"got '2023-02-30' \(no such day\)",
    ):
        wf.parse(CASES["impossible date"])


def test_integer_beyond_the_column_type_is_a_parse_error():
    with pytest.raises(ParseError, match=r"line 60, column '가입자수'.*INTEGER.*'99999999999'"):
        wf.parse(CASES["integer too large"])


def _feeders() -> list:
    return [t for t in threading.enumerate() if t.name == "nps-utf8-feed"]


def test_a_reader_error_early_in_a_long_stream_ends_the_transcoder(tmp_path, monkeypatch):
    """DuckDB refuses line 51 while the transcoder still has most of the file to send through the
    FIFO: the refusal is reported, the transcoder thread ends and the FIFO is removed."""
    monkeypatch.setattr(duckparse, "BLOCK", 4096)  # the 1,057-line sample in ~60 blocks
    rows = GOOD.split(b"\r\n")
    rows[50] += b",x"
    duck, python = _outcome(b"\r\n".join(rows), tmp_path)
    assert duck[0] == "refused" and "strict CSV reader" in duck[1]
    assert python[0] == "error"
    assert not _feeders() and not list(tmp_path.glob("*.fifo"))


def test_a_transcoder_refusal_late_in_the_stream_wins_over_the_rows_read(tmp_path, monkeypatch):
    """Bytes that do not decode in a late block: the stream stops there, and although DuckDB read
    every whole line before it without complaint, the file is refused for the decoding reason."""
    monkeypatch.setattr(duckparse, "BLOCK", 4096)
    late = GOOD.index(b"\n", 60000) + 1
    duck, python = _outcome(GOOD[:late] + b"\xff\xfe\x81" + GOOD[late:], tmp_path)
    assert duck == ("refused", "a block does not decode as cp949")
    assert python[0] == "error" and "not valid CP949" in python[1]
    assert not _feeders() and not list(tmp_path.glob("*.fifo"))
