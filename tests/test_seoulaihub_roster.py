"""seoulaihub.roster: pure parser on saved pages, and the `python -m extractors` CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from extractors.errors import ParseError
from extractors.seoulaihub import roster
from tests.conftest import REPO, fixture_bytes

SAMPLE = REPO / "warehouse" / "sample" / "seoulaihub" / "partner_list.html"


def test_sample_page_parses_every_tenant_with_status_and_brand():
    records = roster.parse(SAMPLE.read_bytes())
    assert len(records) == 21
    assert sum(r["is_graduate"] for r in records) == 5
    first = records[0]
    assert first == {
        "detail_id": "10231",
        "company_name": "[SampleVision] 주식회사 샘플비전",
        "brand_name": "SampleVision",
        "legal_name": "주식회사 샘플비전",
        "tags": ["비전지능", "제조"],
        "is_graduate": False,
        "list_position": 1,
    }
    graduate = next(r for r in records if r["detail_id"] == "10102")
    assert graduate["is_graduate"] and "졸업기업" in graduate["tags"] and graduate["brand_name"] == "SampleGaze"
    assert [r["list_position"] for r in records] == list(range(1, 22))


def test_euc_kr_page_decodes_to_the_same_records():
    assert roster.parse(fixture_bytes("seoulaihub", "partner_list_euckr.html")) == roster.parse(SAMPLE.read_bytes())


@pytest.mark.parametrize(
    "name,brand,legal",
    [
        ("[VisualCamp] 비주얼캠프", "VisualCamp", "비주얼캠프"),
        ("[ Sample NLP ]  (주)샘플언어지능", "Sample NLP", "(주)샘플언어지능"),
        ("주식회사 샘플보이스", None, "주식회사 샘플보이스"),
        ("샘플[괄호]주식회사", None, "샘플[괄호]주식회사"),
    ],
)
def test_brand_prefix_is_split_from_the_legal_name(name, brand, legal):
    assert roster.split_brand(name) == (brand, legal)


def test_changed_markup_is_an_error_not_an_empty_roster():
    with pytest.raises(ParseError, match="ul.partner_list"):
        roster.parse(fixture_bytes("seoulaihub", "partner_list_changed_markup.html"))


def test_page_with_no_tenants_is_an_error():
    with pytest.raises(ParseError, match="no tenants"):
        roster.parse(fixture_bytes("seoulaihub", "partner_list_empty.html"))


def test_tenant_without_detail_id_is_an_error():
    page = b'<ul class="partner_list"><li><h3>Nameless</h3></li></ul>'
    with pytest.raises(ParseError, match="goDetail"):
        roster.parse(page)


def test_concatenated_pages_parse_as_one_roster():
    page = SAMPLE.read_bytes()
    second = page.replace(b"goDetail('10", b"goDetail('20")
    assert len(roster.parse(page + b"\n<!-- next page -->\n" + second)) == 42


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "extractors", *args], capture_output=True, text=True, cwd=REPO)


def test_cli_lists_datasets():
    out = _cli("list")
    assert out.returncode == 0
    assert "seoulaihub.roster" in out.stdout


def test_cli_parse_prints_one_json_object_per_record():
    out = _cli("parse", "seoulaihub.roster", str(SAMPLE))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 21
    assert json.loads(lines[0])["legal_name"] == "주식회사 샘플비전"


def test_cli_parse_failure_is_one_line_naming_dataset_file_and_expectation():
    bad = REPO / "tests" / "fixtures" / "seoulaihub" / "partner_list_changed_markup.html"
    out = _cli("parse", "seoulaihub.roster", str(bad))
    assert out.returncode != 0
    err = out.stderr.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith(f"seoulaihub.roster: {bad}: expected")


def test_cli_unknown_dataset_and_missing_file_fail_clearly(tmp_path):
    assert _cli("parse", "nope.dataset", str(SAMPLE)).returncode != 0
    missing = _cli("parse", "seoulaihub.roster", str(tmp_path / "none.html"))
    assert missing.returncode != 0 and "cannot read file" in missing.stderr
