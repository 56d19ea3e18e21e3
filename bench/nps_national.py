"""Generator of full-scale national NPS monthly files (국민연금 가입 사업장 내역) for the benchmarks.

Real format (docs/sources.md §3.2): CP949, CRLF, the current 22-column header (taken from the fixture
generator, and checked here against the extractor's header mapping so the columns are written in
the order the extractor reads them), one row per workplace, ~550k rows a month. The distributions
are shaped like the real file, from what docs/sources.md and public summaries say: workplaces by 시도
(Seoul and Gyeonggi about half), a long tail of industries (AI/software, NPS prefix 72, ~3%),
heavy-tailed headcounts (median ~5, a few employers with tens of thousands), legal-form name
variants ((주), 주식회사, ㈜, 유한회사, ...), '/일용/<site>' construction sites without an address,
~3% of rows 탈퇴 with 탈퇴일자, re-registrations, monthly hires and exits around 2-3% of headcount
with headcount_t = headcount_{t-1} + hires - exits.

Planted in every month: the Seoul AI companies of the bundled sample (warehouse/sample/COMPANIES.md;
their rows come from tests/fixtures/nps/generate.py, so the warehouse's registers and roster link
them) and, optionally, `tracked` synthetic AI companies (the company universe of the scale run,
mostly in Seoul, AI/software industries) whose list is returned for the DART sample of that run.
Every value is invented; names and numbers belong to no real company. Deterministic per seed.

    .venv/bin/python -m bench.nps_national --rows 550000 --months 1 --out bench/data/nps
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.nps_tables import (
    AI_INDUSTRIES,
    AI_SUFFIXES,
    INDUSTRIES,
    ROAD_ENDS,
    SIDO,
    SIGUNGU,
    SITES,
    SUFFIXES,
    SYLLABLES,
)
from extractors.nps import file_header

# The bundled sample's national file (written by tests/fixtures/nps/generate.py): its companies are
# planted into every generated month, read from the data itself so bench/ never imports tests/.
SAMPLE_FILE = Path(__file__).resolve().parents[1] / "warehouse" / "sample" / "nps" / "workplaces_sample.csv"


@functools.cache
def _sample_lines() -> tuple[str, list[str]]:
    header, *rows = SAMPLE_FILE.read_bytes().decode("cp949").split("\r\n")
    return header, [r for r in rows if r]


HEADER = _sample_lines()[0]
FIELDS = [f[0] for f in file_header.FIELDS]
LAST_MONTH = "2026-08"  # the newest month of the bundled sample (its planted companies end there)


@dataclass
class Planted:
    """A company planted in every generated month: its NPS name and 6-digit prefix (and the full
    10-digit number and address of tracked synthetic companies, for the scale run's DART sample)."""

    name: str
    bizr_prefix: str
    bizr_no: str = ""
    address: str = ""
    industry_code: str = ""


# -- months -----------------------------------------------------------------------------------


def month_range(last: str, count: int) -> list[str]:
    year, month = map(int, last.split("-"))
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]


def file_name(month: str) -> str:
    """The data.go.kr name of the file carrying `month` (uploaded about a month later, §3.2)."""
    year, mon = map(int, month.split("-"))
    year, mon = (year + 1, 1) if mon == 12 else (year, mon + 1)
    return f"국민연금공단_국민연금 가입 사업장 내역_{year:04d}{mon:02d}23.csv"


# -- the workplace population -------------------------------------------------------------------


class Population:
    """Static attributes of every workplace (as CSV text around the monthly values) and its state."""

    def __init__(self, rows: int, seed: int, first_month: str):
        self.rng = np.random.default_rng(seed)
        self.first_month = first_month
        self.pre: list[str] = []  # 'name,bizr,' (before status)
        self.mid: list[str] = []  # ',postal,...,re_registered,' (between status and withdrawn date)
        n = rows
        self.headcount = np.zeros(0, dtype=np.int64)
        self.per_head = np.zeros(0, dtype=np.int64)
        self.status = np.zeros(0, dtype=np.int8)  # 1 active, 2 withdrawn
        self.gone_for = np.zeros(0, dtype=np.int16)  # months since withdrawal
        self.withdrawn = []
        self._names: set[str] = set()
        self.add(n, first_month, opening=False)

    def __len__(self) -> int:
        return len(self.pre)

    def add(self, n: int, month: str, opening: bool) -> None:
        rng = self.rng
        sido_idx = rng.choice(len(SIDO), size=n, p=np.array([s[2] for s in SIDO]) / sum(s[2] for s in SIDO))
        weights = np.array([i[2] for i in INDUSTRIES])
        ind_idx = rng.choice(len(INDUSTRIES), size=n, p=weights / weights.sum())
        # median ~5 insured, a long tail up to the largest employers
        heads = np.minimum(np.maximum(np.round(rng.lognormal(1.6, 1.25, size=n)), 1), 120_000).astype(np.int64)
        if opening:  # a workplace opens small
            heads = np.minimum(heads, rng.integers(1, 12, size=n))
        per_head = (rng.normal(300_000, 90_000, size=n).clip(40_000, 560_000) // 100 * 100).astype(np.int64)
        sites = rng.random(n) < 0.022
        corp = rng.random(n) < 0.93
        first_year = int(month[:4])
        for i in range(n):
            sido = SIDO[sido_idx[i]]
            industry = INDUSTRIES[ind_idx[i]]
            self._append_static(
                rng, sido, industry, bool(sites[i]), bool(corp[i]), month if opening else None, first_year
            )
        self.headcount = np.concatenate([self.headcount, heads])
        self.per_head = np.concatenate([self.per_head, per_head])
        self.status = np.concatenate([self.status, np.ones(n, dtype=np.int8)])
        self.gone_for = np.concatenate([self.gone_for, np.zeros(n, dtype=np.int16)])
        self.withdrawn += [""] * n

    def _name(self, rng, corp: bool, industry_code: str) -> str:
        while True:
            root = "".join(SYLLABLES[j] for j in rng.integers(0, len(SYLLABLES), size=int(rng.integers(2, 5))))
            suffix = (
                AI_SUFFIXES[int(rng.integers(len(AI_SUFFIXES)))]
                if industry_code.startswith("72")
                else SUFFIXES[int(rng.integers(len(SUFFIXES)))]
            )
            base = root + suffix
            if not corp:
                name = base + ("의원" if industry_code.startswith("851") else "")
            else:
                form = rng.random()
                name = (
                    "(주)" + base
                    if form < 0.36
                    else "주식회사 " + base
                    if form < 0.68
                    else base + " 주식회사"
                    if form < 0.73
                    else "㈜" + base
                    if form < 0.77
                    else base + "(주)"
                    if form < 0.86
                    else "유한회사 " + base
                    if form < 0.88
                    else base
                )
            if rng.random() < 0.0005:
                name += ",본점"  # a comma in a name: the CSV quotes it
            if name not in self._names:
                self._names.add(name)
                return name

    def _append_static(self, rng, sido, industry, site: bool, corp: bool, opened: str | None, first_year: int):
        code, sido_name, _, (post_lo, post_hi) = sido
        districts = SIGUNGU[code].split(",")
        sigungu, gu_name = districts[int(rng.integers(len(districts)))].split(" ", 1)
        emd = f"{int(rng.integers(101, 160)):03d}"
        dong = SYLLABLES[int(rng.integers(len(SYLLABLES)))] + SYLLABLES[int(rng.integers(len(SYLLABLES)))] + "동"
        road = (
            SYLLABLES[int(rng.integers(len(SYLLABLES)))]
            + SYLLABLES[int(rng.integers(len(SYLLABLES)))]
            + ROAD_ENDS[int(rng.integers(len(ROAD_ENDS)))]
        )
        if road.endswith("길") or rng.random() < 0.3:
            road += f"{int(rng.integers(1, 60))}길" if not road.endswith("길") else ""
        name = self._name(rng, corp, industry[0])
        office, kind, serial = rng.integers(101, 899), rng.choice((81, 86, 87, 88, 85, 12, 13, 21)), rng.integers(0, 10)
        bizr = f"{int(office):03d}{int(kind):02d}{int(serial)}"
        if opened:
            applied = f"{opened}-{int(rng.integers(1, 29)):02d}"
        else:
            year = max(1988, first_year - 1 - int(rng.exponential(9.0)))
            applied = f"{year:04d}-{int(rng.integers(1, 13)):02d}-01"
            if applied[:7] >= self.first_month:
                applied = f"{first_year - 1:04d}-{applied[5:]}"
        re_registered = (
            f"{int(applied[:4]) + int(rng.integers(1, 10)):04d}-{int(rng.integers(1, 13)):02d}-01"
            if not opened and rng.random() < 0.04 and int(applied[:4]) < first_year - 10
            else ""
        )
        if site:
            name = f"{name}/일용/{gu_name.split()[-1][:-1]} {SITES[int(rng.integers(len(SITES)))]}"
            postal = lot = road_addr = legal = admin = ""
        else:
            postal = f"{int(rng.integers(post_lo, post_hi + 1)):05d}"
            lot = f"{sido_name} {gu_name} {dong}"
            road_addr = f"{sido_name} {gu_name} {road}"
            legal = f"{code}{sigungu}{emd}00"
            admin = f"{code}{sigungu}{int(rng.integers(51, 80)):03d}00"
        shown = f'"{name}"' if "," in name else name
        self.pre.append(f"{shown},{bizr},")
        self.mid.append(
            f",{postal},{lot},{road_addr},{legal},{admin},{code},{sigungu},{emd},{1 if corp else 2},"
            f"{industry[0]},{industry[1]},{applied},{re_registered},"
        )

    def step(self, month: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Advance one month: flows of active workplaces, some withdraw, some open. Returns the
        (headcount, hires, exits) of every workplace for this month."""
        rng = self.rng
        active = self.status == 1
        hires = np.where(active, rng.poisson(self.headcount * 0.026 + 0.05), 0)
        exits = np.where(active, rng.binomial(self.headcount, 0.025), 0)
        headcount = np.where(active, self.headcount + hires - exits, 0)
        leaving = active & (rng.random(len(self)) < 0.0045)
        exits = np.where(leaving, self.headcount + hires, exits)  # everyone insured leaves with the workplace
        headcount = np.where(leaving, 0, headcount)
        for i in np.flatnonzero(leaving):
            self.withdrawn[i] = f"{month}-01"
        self.status = np.where(leaving, 2, self.status).astype(np.int8)
        self.gone_for = np.where(self.status == 2, self.gone_for + 1, 0).astype(np.int16)
        self.headcount = headcount
        return headcount, hires, exits

    def lines(self, month: str, headcount, hires, exits) -> list[str]:
        shown = self.gone_for <= 3  # a withdrawn workplace stays in the file for three months
        billed = headcount * self.per_head
        out = []
        pre, mid, withdrawn, status = self.pre, self.mid, self.withdrawn, self.status
        for i in np.flatnonzero(shown).tolist():
            out.append(
                f"{month},{pre[i]}{status[i]}{mid[i]}{withdrawn[i]},{headcount[i]},{billed[i]},{hires[i]},{exits[i]}"
            )
        return out


# -- planted companies --------------------------------------------------------------------------


def sample_company_lines() -> dict[str, list[str]]:
    """month -> CSV lines of the bundled sample's companies (2018-01 .. 2026-08)."""
    by_month: dict[str, list[str]] = {}
    for line in _sample_lines()[1]:
        by_month.setdefault(line[:7], []).append(line)
    return by_month


def sample_planted() -> list[Planted]:
    seen = {}
    for line in _sample_lines()[1]:
        _, name, bizr_prefix = line.split(",", 3)[:3]
        seen.setdefault(name, Planted(name, bizr_prefix))
    return list(seen.values())


def tracked_companies(count: int, seed: int) -> list[Planted]:
    """`count` synthetic AI companies, 85% in Seoul; full 10-digit numbers (checksum-valid)."""
    rng = np.random.default_rng(seed + 7)
    out, names = [], set()
    seoul = SIGUNGU["11"].split(",")
    while len(out) < count:
        root = "".join(SYLLABLES[j] for j in rng.integers(0, len(SYLLABLES), size=int(rng.integers(2, 4))))
        name = "주식회사 벤치" + root + AI_SUFFIXES[int(rng.integers(len(AI_SUFFIXES)))]
        if name in names:
            continue
        names.add(name)
        head = (
            f"{int(rng.integers(101, 899)):03d}{int(rng.choice((81, 86, 87, 88))):02d}{int(rng.integers(0, 10000)):04d}"
        )
        bizr = head + str(_bizr_check_digit(head))
        if rng.random() < 0.85:
            gu = seoul[int(rng.integers(len(seoul)))].split(" ", 1)
            address = f"서울특별시 {gu[1]} 벤치로 {int(rng.integers(1, 400))}"
        else:
            address = f"경기도 성남시 분당구 판교역로 {int(rng.integers(1, 400))}"
        industry = AI_INDUSTRIES[int(rng.integers(len(AI_INDUSTRIES)))][0]
        out.append(Planted(name, bizr[:6], bizr, address, industry))
    return out


def _bizr_check_digit(nine: str) -> int:
    weights = (1, 3, 7, 1, 3, 7, 1, 3, 5)
    total = sum(int(d) * w for d, w in zip(nine, weights)) + (int(nine[8]) * 5) // 10
    return (10 - total % 10) % 10


class TrackedSeries:
    """Monthly rows of the tracked companies: small Seoul AI firms growing over the months."""

    def __init__(self, companies: list[Planted], seed: int, first_month: str):
        rng = np.random.default_rng(seed + 11)
        self.companies = companies
        self.rng = rng
        self.headcount = np.maximum(3, np.round(rng.lognormal(2.2, 0.9, size=len(companies)))).astype(np.int64)
        self.per_head = (rng.normal(380_000, 60_000, size=len(companies)).clip(150_000, 560_000) // 100 * 100).astype(
            np.int64
        )
        self.static = []
        gu_codes = {name: code for code, name in (d.split(" ", 1) for d in SIGUNGU["11"].split(","))}
        names = dict(AI_INDUSTRIES)
        for c in companies:
            if c.address.startswith("서울특별시"):
                gu = c.address.split()[1]
                sido, sigungu, postal = "11", gu_codes[gu], f"0{int(rng.integers(1000, 8999)):04d}"
                lot = f"서울특별시 {gu} 벤치동"
            else:
                sido, sigungu, postal, lot = (
                    "41",
                    "135",
                    f"{int(rng.integers(13400, 13699)):05d}",
                    "경기도 성남시 분당구 삼평동",
                )
            road = c.address.rsplit(" ", 1)[0]
            applied = f"{int(rng.integers(2012, int(first_month[:4]))):04d}-{int(rng.integers(1, 13)):02d}-01"
            self.static.append(
                f"{c.name},{c.bizr_prefix},1,{postal},{lot},{road},{sido}{sigungu}10100,"
                f"{sido}{sigungu}51000,{sido},{sigungu},101,1,{c.industry_code},{names[c.industry_code]},"
                f"{applied},,,"
            )

    def lines(self, month: str) -> list[str]:
        rng = self.rng
        hires = rng.poisson(self.headcount * 0.05 + 0.2)
        exits = rng.binomial(self.headcount, 0.03)
        self.headcount = np.maximum(self.headcount + hires - exits, 0)
        billed = self.headcount * self.per_head
        return [
            f"{month},{s}{h},{b},{hi},{ex}"
            for s, h, b, hi, ex in zip(
                self.static, self.headcount.tolist(), billed.tolist(), hires.tolist(), exits.tolist()
            )
        ]


# -- writing ----------------------------------------------------------------------------------


def check_header() -> None:
    """The header the generator writes maps, in the extractor, to its fields in column order."""
    index = file_header.map_header(HEADER.split(","))
    if index != list(range(len(FIELDS))):
        raise RuntimeError(
            f"bench generator: header columns {HEADER!r} are not in the extractor's field order "
            f"{FIELDS} (mapping {index})"
        )


def generate(
    out_dir: Path,
    rows: int,
    months: int = 1,
    last_month: str = LAST_MONTH,
    seed: int = 20260826,
    tracked: int = 0,
    log=print,
) -> dict:
    """Write `months` monthly files of ~`rows` rows each, ending at `last_month`, into `out_dir`
    as `<YYYY-MM>/국민연금공단_국민연금 가입 사업장 내역_<date>.csv`. Returns a manifest (files,
    rows, bytes, planted companies) that is also written as manifest.json."""
    import json

    check_header()
    out_dir.mkdir(parents=True, exist_ok=True)
    month_list = month_range(last_month, months)
    sample = sample_company_lines()
    planted = sample_planted()
    tracked_list = tracked_companies(tracked, seed) if tracked else []
    series = TrackedSeries(tracked_list, seed, month_list[0]) if tracked_list else None
    background = max(rows - len(tracked_list) - max((len(v) for v in sample.values()), default=0), 1)
    started = time.monotonic()
    # ~2.7% of shown rows are withdrawn workplaces kept for 3 months: size the population to hit `rows`
    population = Population(int(background / 1.0), seed, month_list[0])
    files = []
    for month in month_list:
        headcount, hires, exits = population.step(month)
        lines = population.lines(month, headcount, hires, exits)
        lines += sample.get(month, [])
        if series is not None:
            lines += series.lines(month)
        # the real file is sorted by nothing useful; a fixed shuffle keeps planted rows scattered
        order = np.random.default_rng(seed + int(month.replace("-", ""))).permutation(len(lines))
        body = "\r\n".join([HEADER] + [lines[i] for i in order.tolist()]) + "\r\n"
        data = body.encode("cp949")
        target = out_dir / month / file_name(month)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        files.append(
            {
                "month": month,
                "path": str(target),
                "rows": len(lines),
                "bytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
        # new workplaces open every month (~0.5%), balancing withdrawals
        population.add(
            max(int(len(population) * 0.0047), 1),
            month_list[min(month_list.index(month) + 1, len(month_list) - 1)],
            opening=True,
        )
        log(
            f"  generated {month}: {len(lines):,} rows, {len(data) / 2**20:.1f} MiB "
            f"({time.monotonic() - started:.0f} s)"
        )
    manifest = {
        "rows_per_month": rows,
        "months": month_list,
        "seed": seed,
        "files": files,
        "planted_sample": [p.__dict__ for p in planted],
        "planted_tracked": [p.__dict__ for p in tracked_list],
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=550_000, help="rows per monthly file (default 550000)")
    parser.add_argument("--months", type=int, default=1, help="months of history (one file each)")
    parser.add_argument("--last-month", default=LAST_MONTH)
    parser.add_argument("--tracked", type=int, default=0, help="synthetic tracked AI companies to plant")
    parser.add_argument("--seed", type=int, default=20260826)
    parser.add_argument("--out", type=Path, default=Path("bench/data/nps"))
    args = parser.parse_args(argv)
    generate(args.out, args.rows, args.months, args.last_month, args.seed, args.tracked)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
