"""Superset settings for the marts dashboard (SUPERSET_CONFIG_PATH points here).

Everything comes from the environment so that `make dashboard`, docker-compose and the test share
this file: SUPERSET_HOME (metadata database, default ~/.superset), SUPERSET_SECRET_KEY.
"""

import os

_HOME = os.environ.get("SUPERSET_HOME") or os.path.expanduser("~/.superset")

# Signs sessions and encrypts stored connection secrets: set your own outside local runs.
SECRET_KEY = os.environ.get("SUPERSET_SECRET_KEY") or "local-dashboard-only-change-me-0f3c9a7e"
SQLALCHEMY_DATABASE_URI = os.environ.get("SUPERSET_METADATA_URI") or f"sqlite:///{_HOME}/superset.db"

# Korean UI by default (Superset ships a Korean translation); English stays selectable.
BABEL_DEFAULT_LOCALE = "ko"
LANGUAGES = {"ko": {"flag": "kr", "name": "Korean"}, "en": {"flag": "us", "name": "English"}}

# The marts are public statistics: anyone who can reach the server may view the dashboards (read
# only, the Gamma role's rights plus read access to the marts database, granted by provision.py).
# Editing and SQL Lab need a login (`superset fab create-admin`).
AUTH_ROLE_PUBLIC = "Public"
PUBLIC_ROLE_LIKE = "Gamma"

# Nothing here may call out to the internet: no map tiles, no telemetry pixel.
MAPBOX_API_KEY = ""
FEATURE_FLAGS = {"DASHBOARD_RBAC": False, "EMBEDDED_SUPERSET": False}

# Results of the marts change only when a release is published: cache chart data for 10 minutes.
DATA_CACHE_CONFIG = {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 600}
ROW_LIMIT = 50000
