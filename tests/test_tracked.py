"""The tracked universe is discovered (issue #15 item 1): hub companies resolved to DART corp codes
and NPS workplaces from what is loaded, with method and score; unresolved ones kept with candidates;
the per-company fetches read it, the hand-kept CSVs are only overrides."""

from __future__ import annotations

import csv

import duckdb

from extractors import inputs
from extractors.dart import common
from extractors.names import normalize_name, search_name
from extractors.nps import client as nps_client
from warehouse import ingest, tracked
from warehouse.tracked import Tracked, resolve_dart, resolve_nps

DAY = "2026-12-01"


def test_names_normalise_like_the_dbt_macro():
    assert normalize_name("[VisualCamp] 비주얼캠프 주식회사") == normalize_name("(주)비주얼캠프/일용") == "비주얼캠프"
    assert search_name("샘플팩토리에이아이(주)") == "샘플팩토리에이아이"


def test_homonyms_are_separated_by_company_json_or_left_for_review():
    corp_codes = [("00000001", "주식회사 동명", " "), ("00000002", "동명(주)", "123456"), ("00000003", "솔로", " ")]
    described = [
        ("00000001", "1234567890", "부산광역시 해운대구", ""),
        ("00000002", "2208112345", "서울특별시 강남구", "123456"),
    ]
    by_address, by_number, pending, alone = (
        Tracked(k, n, "seoulaihub.roster", normalize_name(n))
        for k, n in (("1", "동명"), ("2", "동명"), ("3", "동명"), ("4", "솔로"))
    )
    by_number.known_bizr_no = "1234567890"
    resolve_dart([by_address, by_number, alone], corp_codes, described)
    resolve_dart([pending], corp_codes, [])
    assert (by_address.corp_code, by_address.dart_method, by_address.dart_score) == (
        "00000002",
        "homonym_seoul_address",
        0.8,
    )
    assert (by_number.corp_code, by_number.dart_method) == ("00000001", "homonym_bizr_no")
    assert by_address.bizr_no == "2208112345" and alone.dart_method == "name_exact"
    assert pending.corp_code is None and pending.dart_method == "homonym_pending_company"
    assert pending.dart_candidates == "00000001:주식회사 동명 ; 00000002:동명(주)"

    resolve_nps([by_address, pending], [("(주)동명/본사", "220811"), ("동명", "999999"), ("동명", "888888")])
    assert (by_address.nps_workplace_name, by_address.nps_method) == ("(주)동명/본사", "bizr_prefix+name")
    assert pending.nps_method == "ambiguous" and "999999" in pending.nps_candidates


def test_resolution_from_loaded_data_feeds_the_fetches_and_is_exported(settings):
    for name in ("seoulaihub.roster", "dart.corp_codes", "registers.investment_rounds"):
        ingest.run_all(name, DAY, settings)
    first = tracked.resolve(settings)
    assert len(first) == 22  # every company ever on the sample roster + one known only from a register
    # ingest hands the export to the fetches (extractors never read the warehouse themselves)
    with inputs.provided(ingest.fetch_inputs("dart.company", DAY, settings)):
        assert common.tracked_corp_codes("dart.company") == ["01710002", "01710003", "01710001"]
    assert common.tracked_corp_codes.__module__ == "extractors.dart.common"

    # company.json and the national file landed: the next resolution adds bizr_no and NPS workplaces
    ingest.run_all("dart.company", DAY, settings)
    ingest.run_all("nps.workplaces_file", DAY, settings)
    rows = {r.hub_key: r for r in tracked.resolve(settings)}
    cloud = rows["10103"]
    assert (cloud.corp_code, cloud.dart_method, cloud.bizr_no_prefix, cloud.nps_method) == (
        "01710001",
        "name_exact",
        "577885",
        "bizr_prefix+name",
    )
    assert rows["10104"].corp_code is None and rows["10104"].dart_method == "unmatched"  # kept, not dropped

    with open(tracked.export_path(settings), encoding="utf-8") as f:
        exported = list(csv.DictReader(f))
    assert len(exported) == 22 and {"dart_method", "dart_score", "nps_method", "dart_candidates"} <= set(exported[0])
    con = duckdb.connect(str(settings.raw_db), read_only=True)
    try:
        assert con.execute("select count(*), count(corp_code) from _tracked_companies").fetchone() == (22, 3)
    finally:
        con.close()
    with inputs.provided(ingest.fetch_inputs("nps.api_workplaces", DAY, settings)):
        targets = {t.workplace_name: t.bizr_no_prefix for t in nps_client.load_tracked()}
    assert targets["샘플클라우드소싱"] == "577885" and "샘플헬스케어" in targets
