"""Progress lines of long steps: what they say, when they are emitted, and that the CLI shows them."""

from __future__ import annotations

import io
import logging

from warehouse import progress
from warehouse.progress import Progress, count_lines, to_terminal


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_lines_carry_share_rate_and_eta_at_most_every_interval(caplog):
    clock = Clock()
    p = Progress("nps.workplaces_file: parse + check", total=1000, every_s=5, clock=clock)
    with caplog.at_level(logging.INFO, logger=progress.LOGGER_NAME):
        clock.now = 1.0
        p.update(100)  # too soon: nothing
        clock.now = 5.0
        p.update(250)
        clock.now = 6.0
        p.update(300)  # too soon again
        clock.now = 10.0
        p.finish(1000)
    lines = [r.getMessage() for r in caplog.records]
    assert lines == [
        "nps.workplaces_file: parse + check: 250 of ~1,000 rows (25%), about 15s left, 50 rows/s",
        "nps.workplaces_file: parse + check: done, 1,000 rows in 10.0s (100 rows/s)",
    ]


def test_unknown_total_reports_count_and_rate():
    clock = Clock()
    p = Progress("load", clock=clock)
    clock.now = 2.0
    p.done = 4000
    assert p.line() == "load: 4,000 rows, 2,000 rows/s"


def test_terminal_copy_only_inside_the_block():
    out = io.StringIO()
    with to_terminal(out):
        progress.log.info("dbt build: 10 of ~20 nodes (50%)")
    progress.log.info("after the block")
    assert out.getvalue() == "  … dbt build: 10 of ~20 nodes (50%)\n"


def test_count_lines_reads_in_blocks(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b"header\n" + b"a,b\n" * 1001)
    assert count_lines(path, block=64) == 1002


def test_dbt_result_lines_count_but_start_lines_do_not():
    from warehouse.transform import _DBT_NODE_DONE

    assert _DBT_NODE_DONE.search("18:00:01  5 of 120 OK created sql table model marts.dim_company")
    assert _DBT_NODE_DONE.search("18:00:01  7 of 120 PASS unique_dim_company_company_id")
    assert _DBT_NODE_DONE.search("18:00:01  8 of 120 ERROR creating sql table model x")
    assert not _DBT_NODE_DONE.search("18:00:01  5 of 120 START sql table model marts.dim_company")
