"""Which datasets each ingest DAG lands and on what schedule. Pure data: DAG files import it.

Keep in step with extractors.registry (a test checks both list the same datasets).
Schedules follow the upstream cadence in docs/sources.md §8.1 (cron, UTC; Korea is UTC+9).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    """One ingest DAG (`ingest_<name>`)."""

    name: str
    datasets: tuple[str, ...]
    schedule: str
    doc: str
    # dataset -> the datasets of the same DAG it reads (its upstream data): their loads finish
    # before its fetch starts (the DAG's order is derived from this), and ingest hands the newest
    # raw snapshot of each to the fetch (extractors.inputs), e.g. tenant details need the roster ids
    depends_on: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Cadence of every dataset of the source, the one declaration of it: stale after this many days
    # without a fetch (one missed run: a warning), failing after error_after_days (several missed runs).
    # The seed seeds/health/source_cadence.csv (mart_health__datasets) and the freshness blocks of the
    # dbt sources are checked against it (tests/test_catalog.py).
    stale_after_days: int = 35
    error_after_days: int = 90
    # what live mode needs (env var, or the Airflow connection named in extractors.secrets.KEYS);
    # without it the source is 'not configured' in data health and its fetches skip
    needs: tuple[str, ...] = ()
    # (dataset whose load comes first, or None for the run's start; datasets whose fetch waits): a
    # tracked-universe resolution task (warehouse.tracked) between them, so per-company fetches use
    # the companies discovered from what was just loaded
    resolve: tuple[tuple[str | None, tuple[str, ...]], ...] = ()


SOURCES: dict[str, Source] = {
    s.name: s
    for s in (
        Source(
            "seoulaihub",
            ("seoulaihub.roster", "seoulaihub.tenant_detail", "seoulaihub.notices"),
            "0 18 * * 0",  # weekly, Monday 03:00 KST: the roster changes ad hoc (입주 모집 비정기)
            "seoulaihub.kr tenant roster, tenant detail pages and notices (HTML, 1 request/s).",
            depends_on={"seoulaihub.tenant_detail": ("seoulaihub.roster",)},
            stale_after_days=14,
            error_after_days=35,
        ),  # public site
        Source(
            "dart_registry",
            ("dart.corp_codes", "dart.company", "dart.equity_events"),
            "0 19 * * 0",  # weekly: corpCode.xml is regenerated continuously
            "OpenDART corp code dump, company master and equity-raise decisions.",
            depends_on={"dart.company": ("dart.corp_codes",)},
            stale_after_days=14,
            error_after_days=35,
            needs=("DART_API_KEY",),
            resolve=(("dart.corp_codes", ("dart.company",)), ("dart.company", ("dart.equity_events",))),
        ),
        Source(
            "dart_filings",
            ("dart.financials", "dart.employees"),
            "0 19 1,16 4,5,8,11 *",  # after the 3/31, 5/15, 8/14, 11/14 filing deadlines
            "OpenDART financial statements (revenue) and headcount after each filing deadline.",
            stale_after_days=200,
            error_after_days=500,
            needs=("DART_API_KEY",),
        ),
        Source(
            "nps_api",
            ("nps.api_workplaces", "nps.api_detail", "nps.api_period", "nps.odcloud_workplaces"),
            "0 20 16 * *",  # monthly: the V2 API has the new month after the 15th
            "NPS workplace OpenAPI V2 for tracked workplaces (search, detail, monthly hires/exits) and the "
            "monthly files' rows of the tracked companies through the odcloud per-month API.",
            depends_on={"nps.api_detail": ("nps.api_workplaces",), "nps.api_period": ("nps.api_workplaces",)},
            needs=("DATA_GO_KR_SERVICE_KEY",),
            resolve=(
                (None, ("nps.api_workplaces", "nps.odcloud_workplaces")),
                ("nps.api_workplaces", ("nps.api_detail", "nps.api_period")),
                ("nps.odcloud_workplaces", ()),
            ),
        ),
        Source(
            "nps_file",
            ("nps.workplaces_file",),
            "0 20 26 * *",  # monthly: the national file is uploaded around the 20th-25th
            "NPS national monthly workplace file (CP949 CSV, ~550k rows), from the operator's inbox.",
            needs=("NPS_FILE_INBOX",),
        ),
        Source(
            "kstartup",
            ("kstartup.announcements",),
            "0 21 * * *",
            "K-Startup support-programme announcements (daily).",
            stale_after_days=3,
            error_after_days=7,
            needs=("DATA_GO_KR_SERVICE_KEY",),
        ),
        Source(
            "bizinfo",
            ("bizinfo.programs",),
            "30 21 * * *",
            "기업마당 bizinfo support programmes (daily).",
            stale_after_days=3,
            error_after_days=7,
            needs=("BIZINFO_API_KEY",),
        ),
        Source(
            "kvic",
            ("kvic.funds", "kvic.investment_by_region", "kvic.investment_by_age"),
            "0 22 1 * *",
            "KVIC fund-of-funds sub-funds and new-investment aggregates (monthly check).",
            needs=("DATA_GO_KR_SERVICE_KEY",),
        ),
        Source(
            "kind",
            ("kind.listed_companies",),
            "0 22 * * 0",
            "KRX KIND listed-company list (weekly).",
            stale_after_days=14,
            error_after_days=35,
        ),
        Source(
            "registers",
            (
                "registers.investment_rounds",
                "registers.reported_figures",
                "registers.strategy_targets",
                "registers.training_outputs",
                "registers.fund_commitments",
                "registers.milestones",
            ),
            "0 23 * * *",
            "Curated registers kept in the repo (investment rounds, reported figures, strategy targets, "
            "training outputs, AI fund events, milestones).",
            stale_after_days=400,
            error_after_days=1000,
        ),
    )
}


# Order of the ingest DAGs in one pass (runner, the live rehearsal): the roster and registers define
# the hub companies, the DART registry resolves them (tracked universe) for the filings and NPS.
INGEST_ORDER = ("seoulaihub", "registers", "dart_registry", "dart_filings", "nps_file", "nps_api")


def ingest_order() -> list[str]:
    """Every source, those the tracked universe depends on first, the others alphabetically."""
    return [*INGEST_ORDER, *sorted(set(SOURCES) - set(INGEST_ORDER))]


def all_datasets() -> list[str]:
    return [d for s in SOURCES.values() for d in s.datasets]


@dataclass(frozen=True)
class Cadence:
    """How often one dataset is expected to land, from its source's declaration."""

    dataset: str
    source_dag: str
    stale_after_days: int
    error_after_days: int


def cadences() -> dict[str, Cadence]:
    """Every dataset's cadence, in catalogue order."""
    return {
        d: Cadence(d, f"ingest_{s.name}", s.stale_after_days, s.error_after_days)
        for s in SOURCES.values()
        for d in s.datasets
    }


def cadence_seed_csv() -> str:
    """The content seeds/health/source_cadence.csv must have (`python -m warehouse.catalog` prints it)."""
    rows = ["dataset,source_dag,stale_after_days"]
    rows += [f"{c.dataset},{c.source_dag},{c.stale_after_days}" for c in cadences().values()]
    return "\n".join(rows) + "\n"


def upstream_of(dataset: str) -> tuple[str, ...]:
    """The datasets `dataset` reads (its source's `depends_on`)."""
    return source_of(dataset).depends_on.get(dataset, ())


def source_of(dataset: str) -> Source:
    """The ingest DAG's source that lands `dataset`."""
    for source in SOURCES.values():
        if dataset in source.datasets:
            return source
    raise KeyError(f"{dataset!r} is in no source of warehouse/catalog.py")


if __name__ == "__main__":  # regenerate the cadence seed: python -m warehouse.catalog > <seed>
    print(cadence_seed_csv(), end="")
