"""The live rehearsal (issue #15 item 5): every DAG through Airflow in live mode against local replicas
of every upstream, from API keys alone (no hand-filled file); the roster's companies reach dim_company,
fct_employment_monthly, fct_financials_annual and the scorecard through live-mode code paths."""

from __future__ import annotations

import json

import pytest

from tests.live_replica import hand_filled_rows, rehearse

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def rehearsal(tmp_path_factory):
    return rehearse(tmp_path_factory.mktemp("live") / "warehouse")


def test_nothing_is_hand_filled():
    assert hand_filled_rows() == []


def test_every_dag_runs_live_and_every_upstream_is_called(rehearsal):
    print(json.dumps(rehearsal, ensure_ascii=False, indent=1))  # the closing note's figures (pytest -s)
    assert set(rehearsal["dag_runs"].values()) == {"success"}
    assert all(n > 0 for n in rehearsal["requests_per_upstream"].values()), rehearsal["requests_per_upstream"]
    # no inbox: the national file is 'not configured', not a failure; everything else loaded live
    assert rehearsal["not_configured"] == ["nps.workplaces_file"]


def test_roster_companies_are_discovered_matched_and_measured(rehearsal):
    assert rehearsal["hub_companies_discovered"] >= 21
    assert rehearsal["matched_dart"] >= 3 and rehearsal["matched_nps"] >= 3
    assert rehearsal["dim_company_hub_companies"] >= 21 and rehearsal["companies_with_bizr_no"] >= 3
    assert rehearsal["companies_with_employment"] >= 3
    assert "nps.odcloud_workplaces" in rehearsal["employment_sources"]
    assert rehearsal["companies_with_financials"] >= 1
    assert rehearsal["scorecard_rows_measured"] > 0
