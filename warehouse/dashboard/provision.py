"""Provision Superset from code: import the dashboard bundle, point it at the published marts, open it
read-only to viewers who are not logged in.

Runs with the Superset virtualenv's Python after `superset db upgrade` and `superset init` (start.sh):

    WAREHOUSE_DB=/path/to/current.duckdb [SUPERSET_ADMIN_PASSWORD=...] python provision.py

The bundle is imported as user `admin` (editing and SQL Lab need a login); it is created on first run
with SUPERSET_ADMIN_PASSWORD, or with a random password that is printed once.

Idempotent: datasets, charts and the dashboard are imported with overwrite (same uuids), so a restart
on an existing metadata DB re-applies the code. DASHBOARD_ASSETS points at another bundle (tests).
Fails loud, naming the bundle file or setting at fault.
"""

from __future__ import annotations

import os
import re
import secrets
import sys
from pathlib import Path

ASSETS = Path(os.environ.get("DASHBOARD_ASSETS") or Path(__file__).resolve().parent / "assets")
DATABASE_NAME = "seoul_ai_marts"


def bundle_contents(root: Path = ASSETS) -> dict[str, str]:
    """Every YAML file of the bundle, keyed by its path relative to the bundle root (Superset's layout)."""
    contents = {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.yaml"))}
    if "metadata.yaml" not in contents:
        raise SystemExit(f"dashboard bundle {root}: metadata.yaml missing")
    return contents


def duckdb_uri(path: str) -> str:
    db = Path(path).resolve()
    if not db.exists():
        raise SystemExit(f"WAREHOUSE_DB={path}: no such file (publish a release first: make demo)")
    return f"duckdb:///{db}"


def main() -> None:
    uri = duckdb_uri(os.environ.get("WAREHOUSE_DB") or "")
    from superset.app import create_app

    app = create_app()
    with app.app_context():
        from flask import g

        g.user = _admin()
        _import_bundle(bundle_contents())
        _point_at(uri)
        _grant_public_read()
    print(f"dashboard provisioned: database {DATABASE_NAME} -> {uri}")


def _admin():
    from superset import security_manager

    user = security_manager.find_user(username="admin")
    if user is not None:
        return user
    password = os.environ.get("SUPERSET_ADMIN_PASSWORD")
    if not password:
        password = secrets.token_urlsafe(12)
        print(f"created Superset user admin with password {password} (set SUPERSET_ADMIN_PASSWORD to choose)")
    user = security_manager.add_user(
        "admin", "Dashboard", "Admin", "admin@localhost", security_manager.find_role("Admin"), password=password
    )
    if not user:
        raise SystemExit("could not create Superset user admin: run `superset init` before provision.py")
    return user


def _import_bundle(contents: dict[str, str]) -> None:
    from superset.commands.chart.importers.v1 import ImportChartsCommand
    from superset.commands.dashboard.importers.dispatcher import ImportDashboardsCommand
    from superset.commands.dataset.importers.v1 import ImportDatasetsCommand

    # The dashboard import overwrites the dashboard only: datasets and charts that already exist keep
    # their old SQL and params (Superset 6.1 imports them with overwrite=False). Import them first on
    # their own, with overwrite, so a restart on an existing metadata DB applies the committed bundle.
    for command, model in ((ImportDatasetsCommand, "SqlaTable"), (ImportChartsCommand, "Slice")):
        _run(command(_as_bundle_of(contents, model), overwrite=True))
    _run(ImportDashboardsCommand(contents, overwrite=True))


def _as_bundle_of(contents: dict[str, str], model: str) -> dict[str, str]:
    """The same files, with metadata.yaml naming the model the importer checks for."""
    metadata = re.sub(r"(?m)^type: .*$", f"type: {model}", contents["metadata.yaml"])
    return {**contents, "metadata.yaml": metadata}


def _run(command) -> None:
    from superset.commands.exceptions import CommandInvalidError

    try:
        command.run()
    except CommandInvalidError as exc:
        raise SystemExit(f"dashboard bundle {ASSETS}: rejected by Superset: {exc.normalized_messages()}") from exc


def _point_at(uri: str) -> None:
    from superset import db
    from superset.models.core import Database

    database = db.session.query(Database).filter_by(database_name=DATABASE_NAME).one()
    database.set_sqlalchemy_uri(uri)
    db.session.commit()


def _grant_public_read() -> None:
    # Public already has Gamma's view rights (PUBLIC_ROLE_LIKE); add read access to this database only.
    from superset import db, security_manager
    from superset.models.core import Database

    database = db.session.query(Database).filter_by(database_name=DATABASE_NAME).one()
    role = security_manager.find_role(security_manager.auth_role_public)
    if role is None:
        raise SystemExit("Superset role Public missing: run `superset init` before provision.py")
    permission = security_manager.add_permission_view_menu("database_access", database.perm)
    security_manager.add_permission_role(role, permission)
    db.session.commit()


if __name__ == "__main__":
    sys.exit(main())
