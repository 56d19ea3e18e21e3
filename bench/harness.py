"""Measuring a step in a child process: wall time, the step's own timings, peak memory.

Every benchmarked step runs in its own process so baselines do not pollute each other's memory
(an import or cache of one must not count for the other). Peak memory is the larger of the peak
of the summed RSS of the child's whole process tree, polled from /proc every 50 ms (dbt and
Airflow start children of their own), and the child's own high-water mark (VmHWM, which exec
resets), reported by the child itself. Not rusage ru_maxrss: a forked child's counts the
parent's RSS at fork time, so every child of a large parent looked as large as the parent.

A child reports what it timed itself as one line `BENCH_RESULT <json>` on stdout.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULT_PREFIX = "BENCH_RESULT "
PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Measured:
    """One child run: wall seconds, peak RSS bytes (tree), exit code, and what it reported."""

    seconds: float
    peak_rss: int
    returncode: int
    result: dict = field(default_factory=dict)
    output: str = ""


def use_sample_warehouse(work: Path) -> None:
    """Point this (child) process at a scratch warehouse under `work` in sample mode, the national
    file handed over through the sample overlay (`work/overlay/nps/`), with no telemetry."""
    os.environ.update(
        {
            "WAREHOUSE_DIR": str(work / "warehouse"),
            "SAMPLE_OVERLAY_DIR": str(work / "overlay"),
            "SOURCE_MODE": "sample",
            "GX_ANALYTICS_ENABLED": "False",
            "DO_NOT_TRACK": "1",
        }
    )


def report(**values) -> None:
    """Called in a child: hand measured values (and its own peak RSS) to the parent."""
    print(RESULT_PREFIX + json.dumps({**values, "_vmhwm": own_peak_rss()}, default=str), flush=True)


def own_peak_rss() -> int:
    """This process's RSS high-water mark (bytes) since its exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def run_child(
    args: list[str], env: dict[str, str] | None = None, cwd: Path = REPO, poll_s: float = 0.05, echo: bool = False
) -> Measured:
    """Run `python <args>` in a new session and measure it."""
    command = [sys.executable, *args]
    full_env = {**os.environ, **(env or {})}
    started = time.perf_counter()
    proc = subprocess.Popen(
        command,
        cwd=cwd,
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    peak = [0]
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss(proc.pid))
            done.wait(poll_s)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    lines: list[str] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.append(line)
        if echo:
            sys.stdout.write("    | " + line)
    proc.wait()
    seconds = time.perf_counter() - started
    done.set()
    poller.join()
    result = {}
    for line in lines:
        if line.startswith(RESULT_PREFIX):
            result.update(json.loads(line[len(RESULT_PREFIX) :]))
    return Measured(seconds, max(peak[0], result.pop("_vmhwm", 0)), proc.returncode, result, "".join(lines))


def tree_rss(root: int) -> int:
    """Summed RSS (bytes) of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rindex(b")") + 2 :].split()
        pid, ppid = int(entry.name), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * PAGE
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total


# -- the machine a run was made on -------------------------------------------------------------


def machine() -> dict:
    """Cores, memory, CPU model, load and versions: results.md records them with every run."""
    meminfo = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines() if ":" in line)
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    versions = {"python": platform.python_version()}
    for module in ("duckdb", "pandas", "great_expectations", "airflow", "dbt.version"):
        try:
            mod = __import__(module, fromlist=["__version__"])
            versions[module.split(".")[0]] = getattr(mod, "__version__", None) or getattr(mod, "installed", "?")
        except Exception:  # a version we cannot read is reported as unknown, not fatal
            versions[module.split(".")[0]] = "?"
    return {
        "nproc": os.cpu_count(),
        "affinity": len(os.sched_getaffinity(0)),
        "mem_total_gib": round(int(meminfo["MemTotal"].split()[0]) / 2**20, 1),
        "mem_available_gib": round(int(meminfo["MemAvailable"].split()[0]) / 2**20, 1),
        "cpu": cpu,
        "loadavg": os.getloadavg(),
        "kernel": platform.release(),
        "versions": versions,
    }


def loadavg() -> float:
    return os.getloadavg()[0]
