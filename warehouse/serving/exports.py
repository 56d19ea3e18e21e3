"""Downloads: every published mart as Parquet + CSV with a metadata.json, per release.

Layout, under `<warehouse>/exports/`:

    <release name>/index.json                  marts exported, with row counts and file names
    <release name>/<mart>/<mart>.parquet       types preserved (HUGEINT sums as exact DECIMAL(38,0))
    <release name>/<mart>/<mart>.csv           UTF-8 with BOM (Excel), header, ISO dates, lists '; '-joined
    <release name>/<mart>/metadata.json        columns (description, unit), grain, sources + licences, KPIs
    latest -> <release name>                   symlink, swapped atomically with os.replace

Reads the published `current.duckdb` read-only (never a build file), so it can run while analysts
hold the file open. A release directory is written under a temporary name and renamed into place;
exports of releases no longer kept in `releases/` are deleted.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from warehouse import publish
from warehouse.duck import sql_path
from warehouse.serving.marts import served_tables
from warehouse.settings import Settings

log = logging.getLogger(__name__)

BOM = b"\xef\xbb\xbf"
LIST_SEPARATOR = "; "

LICENCE_NOTE = (
    "Each source dataset keeps its own licence (listed under sources). Derived figures computed here "
    "(sums, classifications, matches) carry the caveats of their KPI definitions; cite the source "
    "datasets and this release name when reusing them."
)


class ExportError(RuntimeError):
    """Nothing is published to export, or an export could not be written."""


def export_release(settings: Settings | None = None, current_db: Path | None = None) -> Path:
    """Export every mart of the published release; returns `<warehouse>/exports/<release name>`.

    `current_db` defaults to `settings.current_db`; it is only ever opened read-only.
    Raises ExportError when no release is published.
    """
    settings = settings or Settings.from_env()
    current_db = Path(current_db or settings.current_db)
    try:
        con, release_name = publish.open_current(settings, "export", current_db)
    except publish.NotPublished as exc:
        raise ExportError(str(exc)) from exc
    exports_dir = settings.warehouse_dir / "exports"
    exports_dir.mkdir(parents=True, exist_ok=True)
    tmp = exports_dir / f".{release_name}.{uuid.uuid4().hex}.tmp"
    try:
        con.execute("set TimeZone = 'UTC'")  # timestamps in the CSV with a fixed +00 offset
        tmp.mkdir()
        index = _export_all(con, release_name, tmp, settings.build_dir)
        (tmp / "index.json").write_text(json.dumps(index, ensure_ascii=False, indent=2), encoding="utf-8")
        target = _swap_in(tmp, exports_dir / release_name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        con.close()
    _point_latest(exports_dir, release_name)
    _prune(settings, exports_dir)
    log.info("exported %d marts of %s to %s", len(index["marts"]), release_name, target)
    return target


def latest_export(settings: Settings) -> Path | None:
    link = settings.warehouse_dir / "exports" / "latest"
    return link.resolve() if link.exists() else None


def _export_all(con, release_name: str, out_dir: Path, build_dir: Path) -> dict:
    context = _Context(release_name, build_dir)
    marts = []
    for schema, table, comment in served_tables(con):
        mart_dir = out_dir / table
        mart_dir.mkdir()
        meta = _export_mart(con, schema, table, comment, mart_dir, context)
        marts.append(
            {
                "mart": table,
                "schema": schema,
                "rows": meta["row_count"],
                "grain": meta["grain"],
                "files": meta["files"],
                "metadata": f"{table}/metadata.json",
            }
        )
    return {"release": release_name, "exported_at": _now(), "marts": marts}


def _export_mart(con, schema: str, table: str, comment: str | None, mart_dir: Path, context) -> dict:
    columns = con.execute(
        "select column_name, data_type, comment from duckdb_columns() "
        "where schema_name = ? and table_name = ? order by column_index",
        [schema, table],
    ).fetchall()
    relation = f'"{schema}"."{table}"'
    parquet, csv = mart_dir / f"{table}.parquet", mart_dir / f"{table}.csv"
    con.execute(f"copy (select {_parquet_select(columns)} from {relation}) to '{sql_path(parquet)}' (format parquet)")
    _write_csv(con, relation, columns, csv)
    names = {c[0] for c in columns}
    meta = {
        "mart": f"{schema}.{table}",
        "title": table,
        "description": comment,
        "grain": context.manifest.grain(table),
        "release": context.release_name,
        "exported_at": _now(),
        "row_count": con.execute(f"select count(*) from {relation}").fetchone()[0],
        # the last day the data describe (KPI marts: data_as_of), not when they were fetched
        "as_of_date": _max(con, relation, "data_as_of", names) or _max(con, relation, "as_of_date", names),
        "reference_date": _max(con, relation, "reference_date", names),
        "vintage": {
            "release": context.release_name,
            "latest_source_vintage": _latest_snapshot(con, relation, names),
            "source_snapshots": _snapshot_ids(con, relation, names),
        },
        "columns": [_column(name, dtype, desc, context.manifest.unit(table, name)) for name, dtype, desc in columns],
        **context.sources(con, relation, names, table),
        "licence_notes": LICENCE_NOTE,
        "files": {"parquet": parquet.name, "csv": csv.name},
        "csv_format": "UTF-8 with BOM, comma-separated, header row, ISO 8601 dates, "
        f"timestamps in UTC, lists joined with '{LIST_SEPARATOR}', empty field = NULL",
    }
    if "kpi_id" in names:
        meta["kpis"] = context.kpis(con, relation)
    if {"snapshot_id", "raw_path", "sha256"} <= names:  # lineage marts: the raw files behind the rows
        meta["raw_snapshots"] = _raw_snapshots(con, relation)
    (mart_dir / "metadata.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    return meta


def _parquet_select(columns) -> str:
    # Parquet has no 128-bit integer: DuckDB would write HUGEINT sums as DOUBLE; DECIMAL(38,0) stays exact.
    return ", ".join(
        f'"{n}"::decimal(38,0) as "{n}"' if t in ("HUGEINT", "UHUGEINT") else f'"{n}"' for n, t, _ in columns
    )


def _write_csv(con, relation: str, columns, path: Path) -> None:
    select = ", ".join(
        f'array_to_string("{n}"::varchar[], \'{LIST_SEPARATOR}\') as "{n}"' if t.endswith("[]") else f'"{n}"'
        for n, t, _ in columns
    )
    raw = path.with_name(path.name + ".nobom")
    con.execute(f"copy (select {select} from {relation}) to '{sql_path(raw)}' (format csv, header true)")
    # DuckDB writes no BOM; Excel needs it to read UTF-8 Korean text correctly.
    with open(raw, "rb") as src, open(path, "wb") as dst:
        dst.write(BOM)
        shutil.copyfileobj(src, dst, length=8 << 20)
    raw.unlink()


def _column(name: str, dtype: str, description: str | None, unit: str | None) -> dict:
    return {"name": name, "type": dtype, "description": description or None, "unit": unit}


def _max(con, relation: str, column: str, names: set[str]):
    if column not in names:
        return None
    value = con.execute(f'select max("{column}") from {relation}').fetchone()[0]
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def _snapshot_ids(con, relation: str, names: set[str]) -> list[str] | None:
    """Every raw snapshot id in the mart's vintage lists (comma-separated per row), sorted."""
    if "vintage" in names:
        query = "select distinct trim(unnest(string_split(vintage, ','))) from {} where vintage is not null order by 1"
    elif {"snapshot_id", "raw_path"} <= names:  # a lineage mart: one snapshot per row
        query = "select distinct snapshot_id from {} where snapshot_id is not null order by 1"
    else:
        return None
    found = con.execute(query.format(relation)).fetchall()
    return [r[0] for r in found]


def _raw_snapshots(con, relation: str) -> list[dict]:
    """Every raw snapshot a lineage mart's rows point at, with the file and checksum to verify it by."""
    keys = ("snapshot_id", "dataset", "raw_path", "sha256", "fetched_at", "licence")
    rows = con.execute(
        f"select distinct {', '.join(keys)} from {relation} where snapshot_id is not null order by snapshot_id"
    ).fetchall()
    return [dict(zip(keys, (v.isoformat() if isinstance(v, datetime) else v for v in row))) for row in rows]


def _latest_snapshot(con, relation: str, names: set[str]) -> str | None:
    """The newest snapshot id in the mart (ids start with their UTC fetch time, so they sort by it)."""
    ids = _snapshot_ids(con, relation, names)
    return ids[-1] if ids else None


class _Context:
    """What every mart's metadata draws on: the dataset registry, the KPI catalogue, dbt lineage."""

    def __init__(self, release_name: str, build_dir: Path):
        from extractors.registry import DATASETS  # lazy: imports every extractor package

        self.release_name = release_name
        self.datasets = DATASETS
        self.manifest = _Manifest(build_dir, release_name)

    def sources(self, con, relation: str, names: set[str], table: str) -> dict:
        # The mart's own per-row lineage is the most precise; else the dbt graph of the release.
        found: set[str] = set()
        basis = None
        # lineage marts name each row's dataset in `dataset` beside its raw_path
        for column in ("source_datasets", "source_dataset") + (("dataset",) if "raw_path" in names else ()):
            if column in names:
                basis = f"column {column}"
                query = f'select distinct "{column}" from {relation} where "{column}" is not null'
                for (value,) in con.execute(query).fetchall():
                    found.update(v.strip() for v in value.split(",") if v.strip() and v.strip() != "none")
        if not found:  # no source column, or an empty mart: fall back to the dbt graph
            lineage = self.manifest.datasets(table)
            if lineage is not None:
                basis, found = "dbt lineage (sources upstream of the model)", lineage
            elif basis is None:
                basis = "unknown: the mart has no source column and the release's dbt manifest is gone"
        return {"sources_basis": basis, "sources": [self._source(name) for name in sorted(found)]}

    def _source(self, name: str) -> dict:
        dataset = self.datasets.get(name)
        if dataset is None:  # e.g. a seed or register not in the registry
            return {"dataset": name, "producer": None, "licence": None, "description": None}
        return {
            "dataset": name,
            "producer": dataset.producer,
            "licence": dataset.licence,
            "description": dataset.description,
        }

    def kpis(self, con, relation: str) -> list[dict]:
        return [
            dict(
                zip(
                    (
                        "kpi_id",
                        "name_ko",
                        "name_en",
                        "unit",
                        "definition",
                        "caveats",
                        "source_datasets",
                        "update_period",
                    ),
                    row,
                )
            )
            for row in con.execute(
                "select kpi_id, name_ko, name_en, unit, definition, caveats, source_datasets, update_period "
                f"from seeds.kpi_catalogue where kpi_id in (select kpi_id from {relation}) order by kpi_id"
            ).fetchall()
        ]


class _Manifest:
    """What the dbt manifest of the build that made the release declares about a model: its grain
    (`config.meta.grain`), its columns' units (`meta.unit`, null when not a quantity) and the source
    datasets upstream of it. All None when the release's manifest is gone."""

    def __init__(self, build_dir: Path, release_name: str):
        self.manifest = None
        path = build_dir / f"target-{release_name.removeprefix('release-')}" / "manifest.json"
        if path.exists():
            self.manifest = json.loads(path.read_text(encoding="utf-8"))

    def model(self, table: str) -> dict | None:
        if self.manifest is None:
            return None
        return next(
            (v for v in self.manifest["nodes"].values() if v.get("resource_type") == "model" and v["name"] == table),
            None,
        )

    def grain(self, table: str) -> str | None:
        node = self.model(table)
        return node["config"].get("meta", {}).get("grain") if node else None

    def unit(self, table: str, column: str) -> str | None:
        node = self.model(table)
        return (node["columns"].get(column) or {}).get("meta", {}).get("unit") if node else None

    def datasets(self, table: str) -> set[str] | None:
        node = self.model(table)
        if node is None:
            return None
        nodes = self.manifest["nodes"]
        seen, stack, found = set(), [node["unique_id"]], set()
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            if node.startswith("source."):
                # a raw table's identifier is its dataset name with '.' -> '__' (warehouse/load.py)
                identifier = self.manifest["sources"][node]["identifier"]
                if not identifier.startswith("_"):  # _loads, _tracked_companies: the warehouse's own tables
                    found.add(identifier.replace("__", ".", 1))
            elif node in nodes:
                stack.extend(nodes[node].get("depends_on", {}).get("nodes", []))
        return found


def _swap_in(tmp: Path, target: Path) -> Path:
    """Rename the finished directory into place; a re-export of the same release replaces the old one."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.{uuid.uuid4().hex}.old")
        os.replace(target, old)
    os.replace(tmp, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return target


def _point_latest(exports_dir: Path, release_name: str) -> None:
    # A relative symlink (survives moving the warehouse); os.replace swaps it atomically.
    link_tmp = exports_dir / f".latest.{uuid.uuid4().hex}.tmp"
    os.symlink(release_name, link_tmp)
    os.replace(link_tmp, exports_dir / "latest")


def _prune(settings: Settings, exports_dir: Path) -> None:
    kept = {p.name.removesuffix(".duckdb") for p in publish.releases(settings)}
    current = os.readlink(exports_dir / "latest")
    for path in exports_dir.iterdir():
        if (
            path.is_dir()
            and not path.is_symlink()
            and path.name.startswith("release-")
            and path.name not in kept
            and path.name != current
        ):
            shutil.rmtree(path)
            log.info("pruned export %s (its release is gone)", path.name)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
