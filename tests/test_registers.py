"""Curated registers: strict CSV parsing, the committed real + sample files, and their suites."""

from __future__ import annotations

import pandas as pd
import pytest

from expectations.checks import SuiteContext
from expectations.runner import validate
from extractors.errors import ParseError
from extractors.registers import (
    DATASETS,
    fund_commitments,
    investment_rounds,
    milestones,
    reported_figures,
    strategy_targets,
    training_outputs,
)
from tests import gx
from tests.conftest import REPO

SAMPLE_DIR = REPO / "warehouse" / "sample"
REGISTERS = {d.name: d for d in DATASETS}


def sample_bytes(dataset) -> bytes:
    return (SAMPLE_DIR / dataset.sample_file).read_bytes()


def frame(dataset, records) -> pd.DataFrame:
    return pd.DataFrame.from_records(records, columns=list(dataset.columns))


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


@pytest.mark.parametrize(
    "text,message",
    [
        (HEADER.replace(",note", "") + "\n", r"missing columns \['note'\]"),
        (HEADER + ",extra\n", r"unexpected columns \['extra'\]"),
        (HEADER.replace("company_name,bizr_no", "bizr_no,company_name") + "\n", "columns out of order"),
        (HEADER + "\n", "header but no rows"),
        ("", "expected a header row"),
        (
            HEADER + "\n" + GOOD_ROW.replace("2024-01-02", "2024/01/02") + "\n",
            r"row 1 \(line 2\): column 'round_date': expected a date YYYY-MM-DD",
        ),
        (
            HEADER + "\n" + GOOD_ROW + "\n" + GOOD_ROW.replace(",100,", ",1억,") + "\n",
            r"row 2 \(line 3\): column 'amount_krw': expected an integer",
        ),
        (HEADER + "\n" + GOOD_ROW.replace(",true,", ",maybe,") + "\n", "column 'is_disclosed': expected true/false"),
        (HEADER + "\n" + GOOD_ROW.replace("2024-01-02", "2024-02-30") + "\n", "not a calendar date"),
        (HEADER + "\n" + GOOD_ROW.replace("샘플,", ",", 1) + "\n", "column 'company_name' is required but empty"),
        (HEADER + "\n" + GOOD_ROW + ",oops\n", r"row 1 \(line 2\): expected 11 fields, got 12"),
    ],
)
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


# a register of real facts ships as its own sample (tests/test_suites.py validates the samples)
COMMITTED_BEYOND_SAMPLE = sorted(
    n for n, d in REGISTERS.items() if d.fetch(None, "2026-11-21").content != sample_bytes(d)
)


@pytest.mark.parametrize("name", COMMITTED_BEYOND_SAMPLE)
def test_committed_registers_pass_their_suites(name):
    dataset = REGISTERS[name]
    report = validate(name, gx.frame(dataset, dataset.fetch(None, "2026-11-21").content), SuiteContext(name))
    assert gx.failed(report, None) == set(), report.summary()


def rounds_frame() -> pd.DataFrame:
    return frame(investment_rounds.DATASET, investment_rounds.parse(sample_bytes(investment_rounds.DATASET)))


def test_rounds_suite_requires_provenance_on_every_row():
    bad = rounds_frame()
    bad.loc[0, "source_url"] = None
    bad.loc[1, "accessed_date"] = None
    report = validate(investment_rounds.NAME, bad)
    assert {
        ("expect_column_values_to_not_be_null", "source_url"),
        ("expect_column_values_to_not_be_null", "accessed_date"),
    } <= gx.failed(report)


def test_rounds_suite_blocks_future_rounds_bad_types_and_amounts():
    bad = rounds_frame()
    bad.loc[0, "round_date"] = "2027-01-15"  # after its accessed_date 2026-11-21
    bad.loc[1, "round_type"] = "series_z"
    bad.loc[2, "amount_krw"] = -5
    bad.loc[3, "amount_krw"] = 45_000_000_000_000_000  # a unit slip
    bad.loc[4, "bizr_no"] = "123-45-67890"
    report = validate(investment_rounds.NAME, bad)
    assert {
        ("expect_column_pair_values_a_to_be_greater_than_b", "accessed_date,round_date"),
        ("expect_column_values_to_be_in_set", "round_type"),
        ("expect_column_values_to_be_between", "amount_krw"),
        ("expect_column_values_to_match_regex", "bizr_no"),
    } <= gx.failed(report)


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
    assert {
        ("expect_column_pair_values_a_to_be_greater_than_b", "period_end,period_start"),
        ("expect_column_values_to_be_in_set", "unit"),
        ("expect_column_values_to_be_in_set", "kpi_id"),
        ("expect_column_values_to_be_in_set", "period_type"),
        ("expect_column_values_to_not_be_null", "source_url"),
    } <= gx.failed(report)


def test_figures_suite_blocks_a_count_with_a_krw_magnitude():
    bad = figures_frame()
    bad.loc[0, "value"] = 443_000_000_000  # persons
    report = validate(reported_figures.NAME, bad)
    assert ("expect_column_values_to_be_between", "value") in gx.failed(report)


def targets_frame() -> pd.DataFrame:
    return frame(strategy_targets.DATASET, strategy_targets.parse(sample_bytes(strategy_targets.DATASET)))


def test_targets_suite_blocks_a_missing_task_and_a_fourth_strategy():
    good = targets_frame()
    missing_task = good[good["task_no"] != 6]
    report = validate(strategy_targets.NAME, missing_task)
    assert ("expect_column_distinct_values_to_equal_set", "task_no") in gx.failed(report)
    extra = good.copy()
    extra.loc[0, "strategy_no"] = 4
    report = validate(strategy_targets.NAME, extra)
    assert ("expect_column_distinct_values_to_equal_set", "strategy_no") in gx.failed(report)
    assert ("expect_column_pair_values_to_be_in_set", "strategy_no,task_no") in gx.failed(report)
    assert ("expect_column_pair_values_to_be_in_set", "strategy_no,strategy_name") in gx.failed(report)


def test_targets_suite_blocks_duplicate_targets_and_renamed_tasks():
    bad = targets_frame()
    dup = bad.iloc[[3]].copy()
    dup["target_id"] = "S1-T03-99"
    bad = pd.concat([bad, dup], ignore_index=True)
    bad.loc[0, "task_name"] = "AI 스타트업 육성"
    report = validate(strategy_targets.NAME, bad)
    assert (
        "expect_compound_columns_to_be_unique",
        "task_no,kpi_id,target_period_start,target_period_end",
    ) in gx.failed(report)
    assert ("expect_column_pair_values_to_be_in_set", "task_no,task_name") in gx.failed(report)


# -- curated actuals: training outputs, AI fund events, milestones ---------------------------------


def real_rows(module) -> dict[str, dict]:
    rows = module.parse(module.fetch(None, "x").content)
    key = module.DATASET.natural_key[0]
    return {r[key]: r for r in rows}


@pytest.mark.parametrize("module", [training_outputs, fund_commitments, milestones])
def test_actuals_registers_cite_every_row_and_ship_as_their_own_sample(module):
    rows = real_rows(module)
    assert rows and all(r["source_url"].startswith("http") and r["accessed_date"] and r["quote"] for r in rows.values())
    assert sample_bytes(module.DATASET) == module.fetch(None, "x").content  # real facts: the sample is the register
    assert module.fetch(None, "x").url == f"file://warehouse/registers/{module.DATASET.name.split('.')[1]}.csv"


def test_training_outputs_hold_the_seed_and_published_counts():
    rows = real_rows(training_outputs)
    college = rows["TO-2019-01"]  # seed 003: 동아일보 2020-08-10
    assert (college["kpi_id"], college["value"], college["period_end"]) == ("ai_college_graduates", 572, "2019-12-31")
    assert college["measure_kind"] == "cumulative" and "572명" in college["quote"]
    campus = rows["TO-2025-01"]
    assert (campus["kpi_id"], campus["value"], campus["period_type"], campus["measure_kind"]) == (
        "ai_talent_trained_campus_town",
        6900,
        "year",
        "flow",
    )
    # the 2020 hub plan ("1000여 명의 인재 양성을 목표로") is a target, never an output row
    assert not any(r["kpi_id"] == "hub_trainees" for r in rows.values())


def test_fund_register_keeps_the_announcement_apart_from_the_money():
    rows = real_rows(fund_commitments)
    assert rows["FE-2025-01"]["event_type"] == "announced" and rows["FE-2025-01"]["amount_krw"] == 500_000_000_000
    closed = [r for r in rows.values() if r["event_type"] == "closed"]
    assert [(r["event_id"], r["amount_krw"], r["city_commitment_krw"]) for r in closed] == [
        ("FE-2026-01", 262_500_000_000, 15_000_000_000)
    ]


def test_milestones_record_what_each_outlet_says_about_the_special_zone():
    rows = real_rows(milestones)
    zone = {
        k: (r["achieved_date"], r["date_precision"], r["value"])
        for k, r in rows.items()
        if r["kpi_id"] == "ai_special_zone_area"
    }
    assert zone == {"MS-2024-01": ("2024-11-30", "month", 400_000), "MS-2024-02": ("2024-11-28", "day", 400_000)}
    assert all(
        r["status"] == "planned" and r["achieved_date"] is None
        for r in rows.values()
        if r["kpi_id"].startswith("ai_tech_city")
    )


def real_frame(module) -> pd.DataFrame:
    return frame(module.DATASET, module.parse(module.fetch(None, "x").content))


def test_training_suite_blocks_bad_vocabulary_periods_and_counts():
    bad = real_frame(training_outputs)
    bad.loc[0, "kpi_id"] = "ai_happiness"
    bad.loc[1, "period_start"] = "2025-02-01"  # TO-2025-01 is a 'year' row: it must start on Jan 1 ...
    bad.loc[1, "measure_kind"] = "cumulative"  # ... and cannot hold a running total
    bad.loc[2, "measure_kind"] = "stock"
    bad.loc[3, "value"] = 86_000_000  # a unit slip
    bad.loc[0, "period_end"] = "2016-01-01"  # before its period_start
    bad.loc[2, "source_url"] = None
    report = validate(training_outputs.NAME, bad)
    assert {
        ("expect_column_values_to_be_in_set", "kpi_id"),
        ("expect_column_values_to_match_regex", "period_start"),
        ("expect_column_values_to_be_in_set", "measure_kind"),
        ("expect_column_pair_values_to_be_in_set", "period_type,measure_kind"),
        ("expect_column_values_to_be_between", "value"),
        ("expect_column_pair_values_a_to_be_greater_than_b", "period_end,period_start"),
        ("expect_column_values_to_not_be_null", "source_url"),
    } <= gx.failed(report)


def test_fund_suite_blocks_a_closed_fund_without_size_duplicate_ids_and_a_city_share_above_the_fund():
    bad = real_frame(fund_commitments)
    bad.loc[3, "amount_krw"] = None  # FE-2026-01 closed
    bad.loc[1, "event_id"] = "FE-2025-01"
    bad.loc[2, "event_type"] = "pledged"
    bad.loc[0, "event_date"] = "2025-03-01"  # after its source's date 2025-02-27
    bad.loc[0, "accessed_date"] = None
    bad.loc[0, "city_commitment_krw"] = 600_000_000_000  # more than the 5000억 fund itself
    report = validate(fund_commitments.NAME, bad)
    assert {
        ("expect_column_values_to_not_be_null", "amount_krw"),
        ("expect_column_values_to_be_unique", "event_id"),
        ("expect_column_values_to_be_in_set", "event_type"),
        ("expect_column_pair_values_a_to_be_greater_than_b", "source_date,event_date"),
        ("expect_column_values_to_not_be_null", "accessed_date"),
        ("expect_column_pair_values_a_to_be_greater_than_b", "amount_krw,city_commitment_krw"),
    } <= gx.failed(report)


def test_milestone_suite_ties_dates_to_status():
    bad = real_frame(milestones)
    bad.loc[0, "achieved_date"] = None  # achieved without a date
    bad.loc[1, "date_precision"] = None  # achieved without saying how precise its date is
    bad.loc[2, "achieved_date"] = "2026-01-01"  # planned with an achieved date
    bad.loc[3, "status"] = "done"
    bad.loc[4, "unit"] = "평"
    bad.loc[1, "value"] = -1
    report = validate(milestones.NAME, bad)
    assert {
        ("expect_column_values_to_not_be_null", "achieved_date"),
        ("expect_column_values_to_not_be_null", "date_precision"),
        ("expect_column_values_to_be_null", "achieved_date"),
        ("expect_column_values_to_be_in_set", "status"),
        ("expect_column_values_to_be_in_set", "unit"),
        ("expect_column_values_to_be_between", "value"),
    } <= gx.failed(report)


def test_a_bad_register_row_is_quarantined_with_the_failed_rule(warehouse_dir, monkeypatch, tmp_path):
    from expectations.runner import ValidationFailed
    from warehouse import ingest
    from warehouse.settings import Settings

    overlay = tmp_path / "overlay"
    (overlay / "registers").mkdir(parents=True)
    text = (SAMPLE_DIR / "registers" / "fund_commitments.csv").read_text(encoding="utf-8")
    (overlay / "registers" / "fund_commitments.csv").write_text(text.replace(",closed,", ",pledged,"), encoding="utf-8")
    monkeypatch.setenv("SAMPLE_OVERLAY_DIR", str(overlay))
    settings = Settings.from_env()
    snap = ingest.fetch(fund_commitments.NAME, "2026-12-03", settings)
    with pytest.raises(
        ValidationFailed,
        match=r"registers\.fund_commitments: .*expect_column_values_to_be_in_set"
        r"\(event_type\)",
    ):
        ingest.validate(fund_commitments.NAME, snap, settings)
    [summary] = (settings.quarantine_dir / "registers" / "fund_commitments" / "2026-12-03").glob("*/summary.txt")
    assert "event_type is announced, committed or closed" in summary.read_text(encoding="utf-8")
