"""Large files (the national NPS file) are validated and loaded in chunks, never whole in pandas."""

from __future__ import annotations

import duckdb
import pytest

from expectations.runner import ValidationFailed
from tests.conftest import REPO
from warehouse import ingest

pytestmark = pytest.mark.slow  # the national-file path on thousands of rows in small chunks

DATASET = "nps.workplaces_file"
SAMPLE = REPO / "warehouse" / "sample" / "nps" / "workplaces_sample.csv"
SAMPLE_ROWS = 1056  # 13 workplaces x 2018-01..2026-08, each from its registration month


@pytest.fixture(params=["sql", "python"])
def small_chunks(request, monkeypatch):
    """Both validate paths: the DuckDB + SQL-rules path, and the Python parser + chunked GX path it
    falls back to, forced into many chunks (11) on the 1,056-row sample so merging is exercised."""
    real = ingest._validate_streaming
    monkeypatch.setattr(ingest, "_validate_streaming", lambda *a, **kw: real(*a, **{**kw, "chunk_rows": 100}))
    if request.param == "python":
        monkeypatch.setattr(ingest, "_validate_sql", lambda *a, **kw: None)
    return request.param


def test_streaming_batch_passes_and_loads_every_row(settings, small_chunks):
    result = ingest.run_all(DATASET, "2026-09-26", settings)
    assert result["rows"] == SAMPLE_ROWS and not result["skipped"]
    con = duckdb.connect(str(settings.raw_db), read_only=True)
    try:
        assert con.execute("select count(*), sum(headcount) > 0 from nps__workplaces_file").fetchone() == (
            SAMPLE_ROWS,
            True,
        )
    finally:
        con.close()
    runs = list((settings.warehouse_dir / "validations").rglob("*.json"))
    assert len(runs) == 1


def _fetch_variant(lines: list[str], tmp_path, monkeypatch):
    """Fetch a variant of the NPS sample made of `lines`; return (settings, snapshot dir)."""
    from warehouse.settings import Settings

    sample = tmp_path / "sample"
    (sample / "nps").mkdir(parents=True)
    (sample / "nps" / "workplaces_sample.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp949"))
    monkeypatch.setenv("SAMPLE_DIR", str(sample))
    s = Settings.from_env()
    return s, ingest.fetch(DATASET, "2026-09-26", s)


def test_one_bad_row_in_a_late_chunk_blocks_the_whole_file(settings, small_chunks, tmp_path, monkeypatch):
    text = SAMPLE.read_bytes().decode("cp949").splitlines()
    fields = text[-1].split(",")
    fields[18] = "-5"  # 가입자수 of the last row: negative
    text[-1] = ",".join(fields)
    s, snap = _fetch_variant(text, tmp_path, monkeypatch)
    with pytest.raises(ValidationFailed, match="headcount"):
        ingest.validate(DATASET, snap, s)
    quarantined = list(s.quarantine_dir.rglob("batch.parquet"))
    assert len(quarantined) == 1
    assert not s.raw_db.exists()


def test_duplicated_file_fails_the_whole_batch_key_check(settings, small_chunks, tmp_path, monkeypatch):
    raw = SAMPLE.read_bytes().decode("cp949").splitlines()
    doubled = raw + raw[1:]  # the same month appended twice: every key repeats
    s, snap = _fetch_variant(doubled, tmp_path, monkeypatch)
    # the chunked path checks the key as one hashed column; the SQL path names the suite's own rule
    with pytest.raises(
        ValidationFailed, match="expect_column_values_to_be_unique|expect_compound_columns_to_be_unique"
    ):
        ingest.validate(DATASET, snap, s)


def test_impossible_date_is_quarantined_and_recorded_naming_line_and_column(
    settings, small_chunks, tmp_path, monkeypatch
):
    """2023-02-30 once passed the parser and failed the DATE cast with an uncaught ConversionException."""
    from extractors.errors import ParseError

    text = SAMPLE.read_bytes().decode("cp949").splitlines()
    fields = text[40].split(",")
    fields[15] = "2023-02-30"  # 적용일자 of file line 41
    text[40] = ",".join(fields)
    s, snap = _fetch_variant(text, tmp_path, monkeypatch)
    with pytest.raises(ParseError, match=r"line 41, column '적용일자': expected a date .*'2023-02-30' \(no such day\)"):
        ingest.validate(DATASET, snap, s)
    summary = next(s.quarantine_dir.rglob("summary.txt")).read_text(encoding="utf-8")
    assert "payload.csv" in summary and "line 41" in summary
    import json

    runs = [json.loads(p.read_text(encoding="utf-8")) for p in (s.warehouse_dir / "validations").rglob("*.json")]
    assert [r["success"] for r in runs] == [False] and "2023-02-30" in runs[0]["failed_expectations"][0]
    assert not s.raw_db.exists()
