#!/usr/bin/env bash
# Start Superset on the published marts: metadata schema, roles, the dashboard bundle (provision.py),
# then the web server. Used by `make dashboard`, the docker-compose service `dashboard` and
# tests/test_dashboard.py. The Superset virtualenv's bin/ must come first on PATH.
#
#   WAREHOUSE_DB      the published current.duckdb (opened read-only)           required
#   SUPERSET_HOME     where the metadata database lives                          required
#   SUPERSET_METADATA_TEMPLATE  migrated metadata DB copied into a fresh home   default .tools/superset/metadata-template.db
#   DASHBOARD_BIND    address:port to listen on                                  default 127.0.0.1:8088
#   SUPERSET_SECRET_KEY, SUPERSET_ADMIN_PASSWORD                                 see superset_config.py, provision.py
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${WAREHOUSE_DB:?set WAREHOUSE_DB to the published current.duckdb}"
: "${SUPERSET_HOME:?set SUPERSET_HOME to a directory for the Superset metadata database}"
mkdir -p "$SUPERSET_HOME"
export SUPERSET_CONFIG_PATH="$here/superset_config.py" FLASK_APP=superset
export SCARF_ANALYTICS=false  # no telemetry pixel

# A fresh home starts from the metadata template `make dashboard-tool` prepares once (schema migrated,
# roles and permissions synced by the same Superset): that saves the ~50 s of upgrade + init.
template="${SUPERSET_METADATA_TEMPLATE:-$here/../../.tools/superset/metadata-template.db}"
if [ -z "${SUPERSET_METADATA_URI:-}" ] && [ ! -e "$SUPERSET_HOME/superset.db" ] && [ -s "$template" ]; then
    cp "$template" "$SUPERSET_HOME/superset.db"
else
    superset db upgrade
    superset init
fi
python "$here/provision.py"
echo "dashboard: http://${DASHBOARD_BIND:-127.0.0.1:8088}/superset/dashboard/seoul-ai-kpi/ (Ctrl-C stops it)"
exec gunicorn --workers 2 --threads 4 --timeout 120 --bind "${DASHBOARD_BIND:-127.0.0.1:8088}" \
    --access-logfile - "superset.app:create_app()"
