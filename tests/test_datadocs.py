"""Data Docs: static HTML of every validation run, readable offline, values escaped.

One warehouse holds four kinds of run, made by the real ingest steps on (edited) bundled samples:
a passing batch, a quarantined one (a `<script>` program id fails an error expectation), a
chunked one (the NPS national file) and one that did not parse (summary only, no GX result).
"""

from __future__ import annotations

import json
import re
import shutil
import socket

import pytest

from expectations.runner import ValidationFailed
from extractors.errors import ParseError
from tests.conftest import REPO

pytestmark = pytest.mark.slow  # four ingest runs and a Data Docs build

DATE = "2026-11-16"
PASSING = "kstartup.announcements"
FAILING = "bizinfo.programs"
CHUNKED = "nps.workplaces_file"
UNPARSABLE = "bizinfo.programs"  # a second, later run of the same dataset (its latest)
HOSTILE_ID = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    """(settings, docs directory) after the four runs and one Data Docs build, with no network."""
    from warehouse import ingest
    from warehouse.serving.datadocs import build_data_docs
    from warehouse.settings import Settings

    root = tmp_path_factory.mktemp("datadocs")
    sample = root / "sample"
    shutil.copytree(REPO / "warehouse" / "sample", sample)
    programs = sample / "bizinfo" / "programs.json"
    doc = json.loads(programs.read_text(encoding="utf-8"))
    doc["jsonArray"][0]["pblancId"] = f"PBLN_{HOSTILE_ID}"
    programs.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WAREHOUSE_DIR", str(root / "warehouse"))
        mp.setenv("SAMPLE_DIR", str(sample))
        settings = Settings.from_env()
        ingest.run_all(PASSING, DATE, settings)
        ingest.run_all(CHUNKED, DATE, settings)
        with pytest.raises(ValidationFailed):
            ingest.run_all(FAILING, DATE, settings)
        programs.write_text("not json", encoding="utf-8")
        with pytest.raises(ParseError):
            ingest.run_all(UNPARSABLE, "2026-11-17", settings)

        def no_network(*args, **kwargs):
            raise AssertionError("Data Docs must build without network access")

        mp.setattr(socket.socket, "connect", no_network)
        index = build_data_docs(settings)
    return settings, index


def _index(docs) -> str:
    _, index = docs
    return open(index, encoding="utf-8").read()


def _run_pages(docs, dataset: str) -> list[str]:
    settings, _ = docs
    pages = sorted(
        (settings.warehouse_dir / "reports" / "data_docs" / "runs").glob(dataset.replace(".", "__") + "*.html")
    )
    return [p.read_text(encoding="utf-8") for p in pages]


def _index_row(docs, dataset: str) -> str:
    row = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*>{re.escape(dataset)}</a>.*?</tr>", _index(docs), re.S)
    assert row, f"{dataset} not on the index"
    return row.group(0)


def test_index_is_written_under_reports(docs):
    settings, index = docs
    assert index == str(settings.warehouse_dir / "reports" / "data_docs" / "index.html")


def test_index_lists_every_catalogued_dataset_with_its_latest_status(docs):
    from warehouse.catalog import all_datasets

    html = _index(docs)
    for dataset in all_datasets():
        assert f">{dataset}</a>" in html
    assert "badge pass'>pass<" in _index_row(docs, PASSING)
    assert "badge pass'>pass<" in _index_row(docs, CHUNKED)
    # the later, unparsable run is bizinfo's latest: it fails and names the parse error
    bizinfo = _index_row(docs, FAILING)
    assert "badge fail'>fail<" in bizinfo and "2026-11-17" in bizinfo and "JSON" in bizinfo
    assert "never validated" in _index_row(docs, "dart.company")


def test_quarantined_run_page_shows_the_failed_expectation_and_why(docs):
    quarantined = [p for p in _run_pages(docs, FAILING) if "2026-11-16" in p]
    assert len(quarantined) == 1
    page = quarantined[0]
    assert "Blocking failures" in page
    failed_row = re.search(r"<tr class='row-fail'>.*?</tr>", page, re.S).group(0)
    assert "expect_column_values_to_match_regex" in failed_row
    assert "badge error'>error<" in failed_row
    assert "program_id" in failed_row


def test_why_text_comes_from_the_suite_meta(docs):
    from expectations.checks import SuiteContext
    from expectations.runner import load_checks

    page = [p for p in _run_pages(docs, FAILING) if "2026-11-16" in p][0]
    failed_row = re.search(r"<tr class='row-fail'>.*?</tr>", page, re.S).group(0)
    whys = [
        c.why
        for c in load_checks(FAILING, SuiteContext(dataset=FAILING))
        if c.expectation == "ExpectColumnValuesToMatchRegex" and c.kwargs.get("column") == "program_id"
    ]
    assert whys and any(w and w in failed_row for w in whys)


def test_scraped_values_are_escaped(docs):
    settings, _ = docs
    page = [p for p in _run_pages(docs, FAILING) if "2026-11-16" in p][0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for path in (settings.warehouse_dir / "reports" / "data_docs").rglob("*.html"):
        assert "<script" not in path.read_text(encoding="utf-8"), path


def test_chunked_run_page_lists_merged_expectations(docs):
    (page,) = _run_pages(docs, CHUNKED)
    # the national NPS file now takes the DuckDB path (SQL rules on the whole batch, GX on a sample)
    assert "DuckDB SQL from the suite on the whole batch" in page
    assert "expect_column_values_to_not_be_null" in page and "expect_table_row_count_to_be_between" in page
    assert "element_count" in page


def test_parse_error_run_has_a_page_without_expectations(docs):
    page = [p for p in _run_pages(docs, UNPARSABLE) if "2026-11-17" in p][0]
    assert "no expectations ran" in page and "the batch did not parse" in page
    assert "Expectations (" not in page


def test_pages_are_self_contained_utf8(docs):
    settings, _ = docs
    pages = list((settings.warehouse_dir / "reports" / "data_docs").rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert "<meta charset='utf-8'>" in text and "<style>" in text
        assert not re.search(r"(href|src)\s*=\s*['\"]?\s*(https?:)?//", text), path
        assert "<link" not in text and "@import" not in text and "url(" not in text
    # Korean text of the suites' why (or data) survives as characters, not mojibake
    assert any(re.search("[가-힣]", p.read_text(encoding="utf-8")) for p in pages)


def test_rebuild_replaces_the_docs(docs):
    from warehouse.serving.datadocs import build_data_docs

    settings, index = docs
    stale = settings.warehouse_dir / "reports" / "data_docs" / "runs" / "stale.html"
    stale.write_text("old", encoding="utf-8")
    assert build_data_docs(settings) == index
    assert not stale.exists()
    assert not list(stale.parent.parent.parent.glob(".data_docs.*"))  # no scratch directory left
