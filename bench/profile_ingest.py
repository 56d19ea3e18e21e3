"""Child of `python -m bench profile`: our ingest of one national file under pyinstrument."""

from __future__ import annotations

import sys
from pathlib import Path

from bench import ingest_bench


def main(path: str, work: str, out: str) -> None:
    from pyinstrument import Profiler

    import warehouse.ingest  # noqa: F401  (imports are not what is profiled)
    from expectations.runner import _import_gx

    _import_gx()
    profiler = Profiler(interval=0.005)
    profiler.start()
    ingest_bench.child_ours(Path(path), Path(work))
    profiler.stop()
    text = profiler.output_text(unicode=False, color=False)
    Path(out).write_text(text, encoding="utf-8")
    print(text[:6000])
    print(f"full profile: {out}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
