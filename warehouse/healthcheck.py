"""Container health checks that cost milliseconds, not `airflow jobs check` (~5 s of CPU each).

    python -m warehouse.healthcheck http URL        # 0 if URL answers 2xx within 5 s
    python -m warehouse.healthcheck job JOB_TYPE    # 0 if this host's JOB_TYPE heartbeat is fresh
    python -m warehouse.healthcheck tcp HOST PORT   # 0 if HOST:PORT accepts a connection

`job` reads the Airflow metadata database directly (psycopg only, no Airflow import): a
DagProcessorJob or TriggererJob row of this host (socket.getfqdn(), Airflow's default hostname)
in state running whose heartbeat is at most `--max-age` seconds old (default 90).
"""

from __future__ import annotations

import os
import socket
import sys
import urllib.request


def http_ok(url: str, timeout: float = 5.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return 200 <= resp.status < 300
    except OSError:
        return False


def tcp_open(host: str, port: int, timeout: float = 5.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def job_alive(job_type: str, max_age_s: float = 90.0) -> bool:
    import psycopg

    url = os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(url, connect_timeout=5) as con:
        row = con.execute(
            "select 1 from job where job_type = %s and state = 'running' and hostname = %s"
            " and latest_heartbeat > now() - make_interval(secs => %s) limit 1",
            (job_type, socket.getfqdn(), max_age_s),
        ).fetchone()
    return row is not None


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "http":
        return 0 if http_ok(argv[1]) else 1
    if len(argv) >= 3 and argv[0] == "tcp":
        return 0 if tcp_open(argv[1], int(argv[2])) else 1
    if len(argv) >= 2 and argv[0] == "job":
        max_age = float(argv[3]) if len(argv) >= 4 and argv[2] == "--max-age" else 90.0
        try:
            return 0 if job_alive(argv[1], max_age) else 1
        except Exception as exc:  # noqa: BLE001 - any failure is "unhealthy", with the reason
            print(f"healthcheck {argv[1]}: {type(exc).__name__}: {exc}")
            return 1
    print("usage: python -m warehouse.healthcheck {http URL | job JOB_TYPE [--max-age S] | tcp HOST PORT}")
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
