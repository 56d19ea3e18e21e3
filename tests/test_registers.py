"""Curated registers: strict CSV parsing, the committed real + sample files, and their suites."""
from __future__ import annotations

import pandas as pd
import pytest

from expectations.checks import SuiteContext
from expectations.runner import validate
from extractors.errors import ParseError
from extractors.registers import DATASETS, investment_rounds, reported_figures, strategy_targets
from tests.conftest import REPO

SAMPLE_DIR = REPO / "warehouse" / "sample"
REGISTERS = {d.name: d for d in DATASETS}


def sample_bytes(dataset) -> bytes:
    return (SAMPLE_DIR / dataset.sample_file).read_bytes()


def frame(dataset, records) -> pd.DataFrame:
    return pd.DataFrame.from_records(records, columns=list(dataset.columns))


def failed(report) -> set[tuple[str, str]]:
    return {(r.expectation, str(r.kwargs.get("column") or r.kwargs.get("column_A") or "")) for r in report.failed("error")}


# -- parsing -------------------------------------------------------------------------------------

def test_live_fetch_reads_the_committed_register_with_a_relative_file_url():
    payload = investment_rounds.fetch(None, "2026-11-21")
    assert payload.url == "file://warehouse/registers/investment_rounds.csv"
    assert payload.http_status is None
    [row] = investment_rounds.parse(payload.content)
    assert row["company_name"] == "주식회사 크라우드웍스" and row["round_type"] == "rights_offering"
    assert row["amount_krw"] == 4_295_262 * 8_020 and row["is_disclosed"] is True
    assert row["bizr_no"] is None and row["investors"] == []
    assert "예정" in row["note"] and row["source_url"].startswith("https://www.crowdworkscorp.kr/ir/")


def test_sample_rounds_are_typed():
    rows = investment_rounds.parse(sample_bytes(investment_rounds.DATASET))
    vision = next(r for r in rows if r["company_name"] == "주식회사 샘플비전" and r["round_type"] == "series_a")
    assert vision["investors"] == ["샘플벤처스", "샘플인베스트먼트"] and vision["amount_krw"] == 6_000_000_000
    undisclosed = next(r for r in rows if not r["is_disclosed"])
    assert undisclosed["amount_krw"] is None
    assert all(list(r) == list(investment_rounds.DATASET.columns) for r in rows)
    # history for the 2018-19 reconciliation: disclosed non-grant rounds of hub companies in 2018-19
    early = [r for r in rows if "2018-01-01" <= str(r["round_date"]) <= "2019-12-31"]
    assert len(early) == 7 and sum(r["amount_krw"] or 0 for r in early) == 22_000_000_000


def test_reported_figures_real_register_holds_the_seed_figures():
    rows = {r["figure_id"]: r for r in reported_figures.parse(reported_figures.fetch(None, "x").content)}
    assert rows["RF-2020-01"]["value"] == 443 and rows["RF-2020-02"]["value"] == 60_700_000_000
    assert rows["RF-2024-02"]["value"] == 365_900_000_000 and rows["RF-2024-03"]["value"] == 369_400_000_000
    assert rows["RF-SI-02"]["value"] == 417 and rows["RF-SI-02"]["source_date"] is None
    assert all(r["source_url"] and r["accessed_date"] for r in rows.values())
    assert sample_bytes(reported_figures.DATASET) == reported_figures.fetch(None, "x").content


def test_strategy_targets_cover_the_ten_tasks():
    rows = strategy_targets.parse(strategy_targets.fetch(None, "x").content)
    assert {r["task_no"] for r in rows} == set(range(1, 11))
    no_target = [r for r in rows if r["kpi_id"] is None]
    assert {r["task_no"] for r in no_target} == {2, 4, 5, 6, 7, 8}
    fund = next(r for r in rows if r["kpi_id"] == "seoul_ai_fund_krw")
    assert fund["task_name"] == "(투자 확대) AI 기업 투자 기반 확대" and fund["target_value"] == 500_000_000_000


HEADER = ",".join(c.name for c in investment_rounds.COLS)
GOOD_ROW = "샘플,4328664689,2024-01-02,시드,seed,100,true,a;b,https://x.example,2024-02-01,"


@pytest.mark.parametrize("text,message", [
    (HEADER.replace(",note", "") + "\n", r"missing columns \['note'\]"),
    (HEADER + ",extra\n", r"unexpected columns \['extra'\]"),
    (HEADER.replace("company_name,bizr_no", "bizr_no,company_name") + "\n", "columns out of order"),
    (HEADER + "\n", "header but no rows"),
    ("", "expected a header row"),
    (HEADER + "\n" + GOOD_ROW.replace("2024-01-02", "2024/01/02") + "\n",
     r"row 1 \(line 2\): column 'round_date': expected a date YYYY-MM-DD"),
    (HEADER + "\n" + GOOD_ROW + "\n" + GOOD_ROW.replace(",100,", ",1억,") + "\n",
     r"row 2 \(line 3\): column 'amount_krw': expected an integer"),
    (HEADER + "\n" + GOOD_ROW.replace(",true,", ",maybe,") + "\n", "column 'is_disclosed': expected true/false"),
    (HEADER + "\n" + GOOD_ROW.replace("2024-01-02", "2024-02-30") + "\n", "not a calendar date"),
    (HEADER + "\n" + GOOD_ROW.replace("샘플,", ",", 1) + "\n", "column 'company_name' is required but empty"),
    (HEADER + "\n" + GOOD_ROW + ",oops\n", r"row 1 \(line 2\): expected 11 fields, got 12"),
])
def test_malformed_registers_fail_with_the_row_and_column(text, message):
    with pytest.raises(ParseError, match=message) as err:
        investment_rounds.parse(text.encode("utf-8"))
    assert str(err.value).startswith("registers.investment_rounds: ")


def test_non_utf8_register_fails():
    with pytest.raises(ParseError, match="must be UTF-8"):
        investment_rounds.parse((HEADER + "\n" + GOOD_ROW + "\n").encode("cp949"))


def test_blank_lines_and_bom_are_tolerated():
    rows = investment_rounds.parse(("\ufeff" + HEADER + "\n\n" + GOOD_ROW + "\n\n").encode("utf-8"))
    assert len(rows) == 1 and rows[0]["investors"] == ["a", "b"]


# -- suites --------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(REGISTERS))
def test_real_and_sample_registers_pass_their_suites(name):
    dataset = REGISTERS[name]
    for payload in (sample_bytes(dataset), dataset.fetch(None, "2026-11-21").content):
        report = validate(name, frame(dataset, dataset.parse(payload)), SuiteContext(name))
        assert report.success, report.summary()


def rounds_frame() -> pd.DataFrame:
    return frame(investment_rounds.DATASET, investment_rounds.parse(sample_bytes(investment_rounds.DATASET)))


def test_rounds_suite_requires_provenance_on_every_row():
    bad = rounds_frame()
    bad.loc[0, "source_url"] = None
    bad.loc[1, "accessed_date"] = None
    report = validate(investment_rounds.NAME, bad)
    assert {("expect_column_values_to_not_be_null", "source_url"),
            ("expect_column_values_to_not_be_null", "accessed_date")} <= failed(report)


def test_rounds_suite_blocks_future_rounds_bad_types_and_amounts():
    bad = rounds_frame()
    bad.loc[0, "round_date"] = "2027-01-15"  # after its accessed_date 2026-11-21
    bad.loc[1, "round_type"] = "series_z"
    bad.loc[2, "amount_krw"] = -5
    bad.loc[3, "amount_krw"] = 45_000_000_000_000_000  # a unit slip
    bad.loc[4, "bizr_no"] = "123-45-67890"
    report = validate(investment_rounds.NAME, bad)
    assert {("expect_column_pair_values_a_to_be_greater_than_b", "accessed_date"),
            ("expect_column_values_to_be_in_set", "round_type"),
            ("expect_column_values_to_be_between", "amount_krw"),
            ("expect_column_values_to_match_regex", "bizr_no")} <= failed(report)


def figures_frame() -> pd.DataFrame:
    return frame(reported_figures.DATASET, reported_figures.parse(sample_bytes(reported_figures.DATASET)))


def test_figures_suite_blocks_inverted_periods_and_unknown_vocabulary():
    bad = figures_frame()
    bad.loc[0, "period_start"] = "2020-01-01"  # after period_end 2019-12-31
    bad.loc[1, "unit"] = "억원"
    bad.loc[2, "kpi_id"] = "hub_happiness"
    bad.loc[3, "period_type"] = "quarter"
    bad.loc[4, "source_url"] = None
    report = validate(reported_figures.NAME, bad)
    assert {("expect_column_pair_values_a_to_be_greater_than_b", "period_end"),
            ("expect_column_values_to_be_in_set", "unit"),
            ("expect_column_values_to_be_in_set", "kpi_id"),
            ("expect_column_values_to_be_in_set", "period_type"),
            ("expect_column_values_to_not_be_null", "source_url")} <= failed(report)


def test_figures_suite_blocks_a_count_with_a_krw_magnitude():
    bad = figures_frame()
    bad.loc[0, "value"] = 443_000_000_000  # persons
    report = validate(reported_figures.NAME, bad)
    assert ("expect_column_values_to_be_between", "value") in failed(report)


def targets_frame() -> pd.DataFrame:
    return frame(strategy_targets.DATASET, strategy_targets.parse(sample_bytes(strategy_targets.DATASET)))


def test_targets_suite_blocks_a_missing_task_and_a_fourth_strategy():
    good = targets_frame()
    missing_task = good[good["task_no"] != 6]
    report = validate(strategy_targets.NAME, missing_task)
    assert ("expect_column_distinct_values_to_equal_set", "task_no") in failed(report)
    extra = good.copy()
    extra.loc[0, "strategy_no"] = 4
    report = validate(strategy_targets.NAME, extra)
    assert ("expect_column_distinct_values_to_equal_set", "strategy_no") in failed(report)
    assert ("expect_column_pair_values_to_be_in_set", "strategy_no") in failed(report)


def test_targets_suite_blocks_duplicate_targets_and_renamed_tasks():
    bad = targets_frame()
    dup = bad.iloc[[3]].copy()
    dup["target_id"] = "S1-T03-99"
    bad = pd.concat([bad, dup], ignore_index=True)
    bad.loc[0, "task_name"] = "AI 스타트업 육성"
    report = validate(strategy_targets.NAME, bad)
    assert ("expect_compound_columns_to_be_unique", "") in failed(report)
    assert ("expect_column_pair_values_to_be_in_set", "task_no") in failed(report)
