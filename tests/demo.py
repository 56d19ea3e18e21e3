"""The demo as a user runs it (`python -m warehouse run`, what `make demo` runs: every DAG through
Airflow), once per test session with canary API keys; tests read it or a private copy of it.

Every test that needs a published sample warehouse reads this one run, so the suite pays for the
whole pipeline once; the canaries let the secrets invariant search everything it wrote.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LOGICAL_DATE = "2026-11-16"

# One unique value per key and session: a hit anywhere can only be a leak of that key. The
# data.go.kr key has '+', '/' and '=' like real Encoding keys, so its percent-encoded form is
# searched too.
RUN_ID = uuid.uuid4().hex[:10]
CANARIES = {
    "DART_API_KEY": f"canary{RUN_ID}dartkey0123456789abcdef",
    "DATA_GO_KR_SERVICE_KEY": f"canary{RUN_ID}GoKr+Key/with==",
    "BIZINFO_API_KEY": f"canary{RUN_ID}bizinfo",
}
# One line per DAG run as the CLI prints it: "  <dag_id> [<logical date>]  <state>  <seconds>s"
_DAG_LINE = re.compile(r"^  (?P<dag>\w+)(?: (?P<date>\d{4}-\d{2}-\d{2}))?\s+(?P<state>[a-z_]+)\s+[\d.]+s", re.M)


@dataclass(frozen=True)
class DemoRun:
    warehouse_dir: Path
    airflow_home: Path
    output: str
    returncode: int
    seconds: float

    def dag_runs(self) -> list[tuple[str, str | None, str]]:
        """(dag_id, logical date of a dated sample-history run or None, state), in the order they ran."""
        runs = self.output.split("pipeline finished in", 1)[0]  # the scorecard and the rest follow
        return [(m["dag"], m["date"], m["state"]) for m in _DAG_LINE.finditer(runs)]


# A hang guard, not a budget: the demo takes ~3 minutes on 2 idle cores and over 15 on cores shared
# with several other test runs (load average 16).
CLI_TIMEOUT_S = 3600


def run_cli(
    args: list[str], warehouse_dir: Path, airflow_home: Path, timeout: float = CLI_TIMEOUT_S
) -> tuple[int, str]:
    """`python -m warehouse <args>` in a subprocess with the canary keys; (exit code, stdout + stderr)."""
    env = {k: v for k, v in os.environ.items() if k not in ("SAMPLE_DIR", "SAMPLE_OVERLAY_DIR", "SAI_DISABLED_SOURCES")}
    env.update(CANARIES)
    env.update(
        {
            "WAREHOUSE_DIR": str(warehouse_dir),
            "SOURCE_MODE": "sample",
            "AIRFLOW_HOME": str(airflow_home),
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{airflow_home}/airflow.db",
        }
    )
    proc = subprocess.run(
        [sys.executable, "-m", "warehouse", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout
    )
    return proc.returncode, proc.stdout + proc.stderr


def run_demo(root: Path) -> DemoRun:
    warehouse_dir, airflow_home = root / "warehouse", root / "airflow"
    started = time.monotonic()
    code, output = run_cli(
        ["run", "--date", LOGICAL_DATE, "--log", str(airflow_home / "logs" / "demo.log")], warehouse_dir, airflow_home
    )
    return DemoRun(warehouse_dir, airflow_home, output, code, time.monotonic() - started)


def copy_warehouse(source: Path, target: Path) -> Path:
    """A private copy of a warehouse directory (raw snapshots keep their read-only mode)."""
    shutil.copytree(source, target, symlinks=True, ignore=shutil.ignore_patterns("build", "exports", "reports"))
    return target
