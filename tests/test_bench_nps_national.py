"""The benchmark's national NPS file generator writes what the real extractor reads."""

from __future__ import annotations

from bench import nps_national
from extractors.nps import workplaces_file as wf


def test_generated_months_parse_with_the_real_parser_and_hold_the_planted_companies(tmp_path):
    manifest = nps_national.generate(tmp_path, rows=2_000, months=2, tracked=25, log=lambda _: None)
    assert [f["month"] for f in manifest["files"]] == ["2026-07", "2026-08"]
    latest = manifest["files"][-1]
    assert latest["path"].endswith("국민연금공단_국민연금 가입 사업장 내역_20260923.csv")

    raw = open(latest["path"], "rb").read()
    raw.decode("cp949")  # the real file's encoding, strictly
    assert raw.split(b"\r\n", 1)[0].decode("cp949") == nps_national.HEADER

    records = list(wf.iter_parse_path(latest["path"]))
    assert len(records) == latest["rows"] and 2_000 <= len(records) <= 2_200
    assert {r["month"] for r in records} == {"2026-08"}
    by_name = {r["workplace_name"]: r for r in records}
    planted = manifest["planted_sample"] + manifest["planted_tracked"]
    assert len(manifest["planted_tracked"]) == 25
    for company in planted:
        assert company["name"] in by_name, company["name"]
        assert by_name[company["name"]]["bizr_no_prefix"] == company["bizr_prefix"]
    # the Seoul AI companies of the bundled sample, at their real 6-digit prefixes
    assert (
        by_name["주식회사 샘플비전"]["sido_code"] == "11" and by_name["주식회사 샘플비전"]["bizr_no_prefix"] == "432866"
    )

    # realistic shape: Seoul and Gyeonggi lead, sites without address, some 탈퇴, integer flows
    sido = [r["sido_code"] for r in records]
    assert sido.count("11") > sido.count("26") and sido.count("41") > sido.count("26")
    assert any("/일용/" in r["workplace_name"] and r["road_address"] is None for r in records)
    assert all(r["headcount"] >= 0 and r["hires"] >= 0 and r["exits"] >= 0 for r in records)
    # chunked parsing (what ingest uses) gives the same rows
    chunks = list(wf.iter_parse_chunks_path(latest["path"], 700))
    assert sum(len(c["month"]) for c in chunks) == len(records)
