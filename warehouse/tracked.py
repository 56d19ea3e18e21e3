"""The tracked universe, discovered: every hub company resolved to DART corp codes and NPS workplaces.

Runs as a task after the roster and corp-code loads (and again after company.json and the NPS search
land), so new hub companies are picked up on the next run without anyone editing a file. Hub
companies: every company ever on the seoulaihub roster, plus the companies of the curated registers.

DART, in order of evidence: a reviewed alias (seeds/identity/company_aliases.csv, 1.0); exactly one
corp code under the normalised name (name_exact, 0.9); several (homonyms) separated by company.json
once it is loaded: the hub company's known bizr_no (homonym_bizr_no, 1.0), else the one Seoul address
(homonym_seoul_address, 0.8). NPS: the 6-digit prefix of the DART bizr_no plus the normalised name
in the NPS search results or the national file (bizr_prefix+name, 1.0), a name pointing at one prefix
(name_unique_prefix, 0.8), else the company is searched by name (+ prefix) on the next NPS run.
Unresolved companies stay in the table with their candidates, never dropped.

The result is table `_tracked_companies` in raw.duckdb (dbt: stg_warehouse__tracked_companies) and
the reviewable export exports/tracked_companies.csv, which ingest hands to the per-company fetches
(extractors.inputs). The
hand-kept tracked_corp_codes.csv / tracked_workplaces.csv are only overrides on top of it.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path

from extractors.names import normalize_name, search_name
from warehouse.settings import DBT_PROJECT_DIR, Settings

log = logging.getLogger(__name__)

TABLE = "_tracked_companies"
ALIASES = DBT_PROJECT_DIR / "seeds" / "identity" / "company_aliases.csv"


@dataclass
class Tracked:
    """One row of the resolution table: one hub company."""

    hub_key: str  # seoulaihub detail_id, or register:<normalised name> for register-only companies
    company_name: str
    origin: str  # where the company was found (seoulaihub.roster, registers.investment_rounds)
    normalized_name: str
    known_bizr_no: str | None = None  # from a register row, when the hub company's number is known
    corp_code: str | None = None
    corp_name: str | None = None
    stock_code: str | None = None
    bizr_no: str | None = None
    dart_method: str = "unmatched"
    dart_score: float = 0.0
    dart_candidates: str | None = None  # corp_code:name[:adres] ; ... for review when unresolved
    nps_search_name: str | None = None
    bizr_no_prefix: str | None = None
    nps_workplace_name: str | None = None
    nps_method: str = "to_search"
    nps_score: float = 0.0
    nps_candidates: str | None = None
    resolved_at: str = ""


COLUMNS = [f.name for f in fields(Tracked)]


def export_path(settings: Settings) -> Path:
    return settings.warehouse_dir / "exports" / "tracked_companies.csv"


# -- reading the raw database ----------------------------------------------------------------


def _tables(con) -> set[str]:
    return {
        t
        for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'main'"
        ).fetchall()
    }


def _latest(con, table: str, columns: str, tables: set[str]) -> list[tuple]:
    """Rows of the newest logical date's snapshot of a raw table (empty when never loaded)."""
    if table not in tables:
        return []
    return con.execute(
        f"select {columns} from {table} where _snapshot_id = (select _snapshot_id from {table} "
        f"order by _logical_date desc, _fetched_at desc limit 1)"
    ).fetchall()


def hub_companies(con, tables: set[str]) -> list[Tracked]:
    """Every company ever on the roster (its latest name), then register companies not on it."""
    found: dict[str, Tracked] = {}
    if "seoulaihub__roster" in tables:
        rows = con.execute(
            "select detail_id, coalesce(legal_name, company_name) from seoulaihub__roster "
            "qualify row_number() over (partition by detail_id order by _logical_date desc, _fetched_at desc) = 1 "
            "order by detail_id"
        ).fetchall()
        for detail_id, name in rows:
            found[normalize_name(name)] = Tracked(str(detail_id), name, "seoulaihub.roster", normalize_name(name))
    if "registers__investment_rounds" in tables:
        for name, bizr_no in _latest(con, "registers__investment_rounds", "company_name, bizr_no", tables):
            key = normalize_name(name)
            if not key:
                continue
            entry = found.setdefault(key, Tracked(f"register:{key}", name, "registers.investment_rounds", key))
            if bizr_no and not entry.known_bizr_no:
                entry.known_bizr_no = re.sub(r"\D", "", str(bizr_no)) or None
    return list(found.values())


def _aliases() -> dict[str, str]:
    """hub_detail_id or normalised alias name -> corp_code, from the reviewed aliases seed."""
    out: dict[str, str] = {}
    if not ALIASES.exists():
        return out
    for row in csv.DictReader(io.StringIO(ALIASES.read_text(encoding="utf-8-sig"))):
        code = (row.get("corp_code") or "").strip()
        if not code:
            continue
        if (row.get("hub_detail_id") or "").strip():
            out[row["hub_detail_id"].strip()] = code
        if (row.get("alias_name") or "").strip():
            out[normalize_name(row["alias_name"])] = code
    return out


# -- resolution ------------------------------------------------------------------------------


def resolve_dart(companies: list[Tracked], corp_codes: list[tuple], company_rows: list[tuple]) -> None:
    by_name: dict[str, list[tuple]] = {}
    for code, name, stock in corp_codes:
        by_name.setdefault(normalize_name(name), []).append((code, name, (stock or "").strip() or None))
    by_code = {code: (code, name, stock) for code, name, stock in corp_codes}
    details = {row[0]: row for row in company_rows}  # corp_code -> (corp_code, bizr_no, adres, stock_code)
    aliases = _aliases()
    for c in companies:
        alias = aliases.get(c.hub_key) or aliases.get(c.normalized_name)
        candidates = by_name.get(c.normalized_name, [])
        if alias:
            code, name, stock = by_code.get(alias, (alias, c.company_name, None))
            _set_dart(c, code, name, stock, "alias_reviewed", 1.0)
        elif len(candidates) == 1:
            _set_dart(c, *candidates[0], "name_exact", 0.9)
        elif candidates:
            _separate_homonyms(c, candidates, details)
        if c.corp_code and c.corp_code in details:
            c.bizr_no = details[c.corp_code][1] or None


def _set_dart(c: Tracked, code: str, name: str, stock: str | None, method: str, score: float) -> None:
    c.corp_code, c.corp_name, c.stock_code, c.dart_method, c.dart_score = code, name, stock, method, score
    c.dart_candidates = None


def _separate_homonyms(c: Tracked, candidates: list[tuple], details: dict) -> None:
    """Several corp codes under one name: company.json (bizr_no, address) decides, else review."""
    described = [(cand, details.get(cand[0])) for cand in candidates]
    c.dart_candidates = " ; ".join(
        f"{code}:{name}" + (f":{d[2]}" if d and d[2] else "") for (code, name, _), d in described
    )
    if c.known_bizr_no:
        same = [cand for cand, d in described if d and d[1] == c.known_bizr_no]
        if len(same) == 1:
            _set_dart(c, *same[0], "homonym_bizr_no", 1.0)
            return
    seoul = [cand for cand, d in described if d and (d[2] or "").startswith("서울")]
    if len(seoul) == 1 and all(d for _, d in described):
        _set_dart(c, *seoul[0], "homonym_seoul_address", 0.8)
        return
    # not yet described by company.json (its fetch takes every candidate), or still ambiguous
    c.dart_method = "ambiguous" if all(d for _, d in described) else "homonym_pending_company"


def resolve_nps(companies: list[Tracked], workplaces: list[tuple]) -> None:
    """workplaces: (workplace_name, bizr_no_prefix) seen in the NPS search results or national file."""
    by_name: dict[str, set[tuple[str, str]]] = {}
    for name, prefix in workplaces:
        if name and prefix:
            by_name.setdefault(normalize_name(name), set()).add((name, prefix))
    for c in companies:
        number = c.bizr_no or c.known_bizr_no
        c.bizr_no_prefix = number[:6] if number and len(number) >= 6 else None
        c.nps_search_name = search_name(c.corp_name or c.company_name)
        seen = sorted(by_name.get(c.normalized_name, set()))
        if c.bizr_no_prefix:
            hits = [w for w in seen if w[1] == c.bizr_no_prefix]
            if hits:
                c.nps_workplace_name, c.nps_method, c.nps_score = hits[0][0], "bizr_prefix+name", 1.0
            elif seen:
                c.nps_method, c.nps_candidates = "name_prefix_conflict", " ; ".join(f"{n}:{p}" for n, p in seen)
            continue
        prefixes = sorted({p for _, p in seen})
        if len(prefixes) == 1:
            c.nps_workplace_name, c.bizr_no_prefix = seen[0]
            c.nps_method, c.nps_score = "name_unique_prefix", 0.8
        elif prefixes:
            c.nps_method, c.nps_candidates = "ambiguous", " ; ".join(f"{n}:{p}" for n, p in seen)


def resolve(settings: Settings | None = None) -> list[Tracked]:
    """Resolve every hub company with what is loaded now; write the table and the export."""
    import duckdb

    settings = settings or Settings.from_env()
    con = duckdb.connect(str(settings.raw_db))
    try:
        tables = _tables(con)
        companies = hub_companies(con, tables)
        corp_codes = _latest(con, "dart__corp_codes", "corp_code, corp_name, stock_code", tables)
        company_rows = []
        if "dart__company" in tables:  # the newest company.json per corp_code, across snapshots
            company_rows = con.execute(
                "select corp_code, bizr_no, adres, stock_code from dart__company qualify row_number() over "
                "(partition by corp_code order by _logical_date desc, _fetched_at desc) = 1"
            ).fetchall()
        resolve_dart(companies, corp_codes, company_rows)
        workplaces = []
        for table in ("nps__api_workplaces", "nps__odcloud_workplaces", "nps__workplaces_file"):
            if table in tables:
                workplaces += con.execute(f"select distinct workplace_name, bizr_no_prefix from {table}").fetchall()
        resolve_nps(companies, workplaces)
        now = datetime.now(UTC).isoformat()
        for c in companies:
            c.resolved_at = now
        _write_table(con, companies)
    finally:
        con.close()
    _write_export(export_path(settings), companies)
    log.info(
        "tracked universe: %d hub companies, %d with a DART corp code, %d with an NPS workplace; %s",
        len(companies),
        sum(1 for c in companies if c.corp_code),
        sum(1 for c in companies if c.nps_workplace_name),
        export_path(settings),
    )
    return companies


_TYPES = {"dart_score": "DOUBLE", "nps_score": "DOUBLE"}


def _create_sql(name: str) -> str:
    return f"create table {name} (" + ", ".join(f"{c} {_TYPES.get(c, 'VARCHAR')}" for c in COLUMNS) + ")"


def ensure_table(raw_db: Path) -> None:
    """An empty resolution table for a warehouse where the resolution never ran (dbt reads it)."""
    import duckdb

    con = duckdb.connect(str(raw_db))
    try:
        if TABLE not in _tables(con):
            con.execute(_create_sql(TABLE))
    finally:
        con.close()


def _write_table(con, companies: list[Tracked]) -> None:
    import pandas as pd

    frame = pd.DataFrame([asdict(c) for c in companies], columns=COLUMNS)  # noqa: F841 (DuckDB replacement scan)
    con.execute("begin")
    con.execute(f"drop table if exists {TABLE}")
    con.execute(_create_sql(TABLE))
    con.execute(f"insert into {TABLE} select {', '.join(COLUMNS)} from frame")
    con.execute("commit")


def _write_export(path: Path, companies: list[Tracked]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        for c in companies:
            writer.writerow(asdict(c))
    os.replace(tmp, path)


# -- what the per-company fetches read --------------------------------------------------------


def read_export(settings: Settings | None = None) -> list[dict]:
    """The last resolution's rows (empty when it never ran)."""
    path = export_path(settings or Settings.from_env())
    if not path.exists():
        return []
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
