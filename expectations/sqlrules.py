"""A suite's row rules evaluated in DuckDB SQL, generated from the suite's own Check objects.

Why: GX 1.x cannot validate a DuckDB table through SQL here (pitfalls.md: every expectation raised
"list index out of range" through the DuckDB SQLAlchemy dialect at GX 1.24), and GX on pandas costs
~1.4 us per row and check, most of a national NPS ingest. The suite stays the one definition of the
rules: this module only translates the Check objects, with GX's semantics as measured on pandas
(tests/test_sqlrules.py proves the two agree on every rule of the NPS suites, on good and bad
batches), and the caller still runs the real GX suite on a sample of each batch and fails the
batch when the two disagree (warehouse/ingest.py).

Semantics mirrored (GX 1.x, pandas):
- map rules count `element_count` rows (after `row_condition`), `missing_count` nulls, and
  `unexpected_count` among the non-null values; `mostly` is a share of the non-null values;
- not-null counts every row, nulls are the unexpected ones;
- a pair rule ignores a row when both values are missing (or either, per `ignore_row_if`); a
  comparison with one value missing is unexpected;
- regex is a search (`re.search`, Python syntax): values that are pure ASCII without a newline are
  matched by DuckDB's RE2, the rest (and every value when RE2 cannot compile the pattern) by
  Python's `re` on each distinct value, so non-ASCII digits and `$` before a newline behave as GX's;
- every row of a duplicated key is unexpected; a NULL in a key column is a value like any other.
An expectation type or row condition this module does not know raises Unsupported, and the caller
takes the GX path.
"""

from __future__ import annotations

import re
from typing import Any

from expectations.checks import ERROR, Check
from expectations.runner import CheckResult

SUPPORTED = frozenset(
    {
        "ExpectTableRowCountToBeBetween",
        "ExpectCompoundColumnsToBeUnique",
        "ExpectColumnValuesToBeUnique",
        "ExpectColumnValuesToNotBeNull",
        "ExpectColumnValuesToMatchRegex",
        "ExpectColumnValuesToBeInSet",
        "ExpectColumnValuesToBeBetween",
        "ExpectColumnPairValuesAToBeGreaterThanB",
    }
)
_CONDITION = re.compile(r"""^\s*`?([A-Za-z_][A-Za-z0-9_]*)`?\s*==\s*(-?\d+|"[^"\\]*"|'[^'\\]*')\s*$""")
EXAMPLES = 5


class Unsupported(ValueError):
    """A check this module cannot evaluate with GX's semantics."""


def q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def literal(value: Any) -> str:
    if isinstance(value, bool):
        raise Unsupported(f"boolean literal {value!r}")
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise Unsupported(f"literal {value!r}")


def supported(checks: list[Check]) -> bool:
    try:
        for check in checks:
            _condition(check)
            if check.expectation not in SUPPORTED:
                raise Unsupported(check.expectation)
            _unsupported_kwargs(check)
    except Unsupported:
        return False
    return True


def _unsupported_kwargs(check: Check) -> None:
    known = {
        "column",
        "column_A",
        "column_B",
        "column_list",
        "mostly",
        "regex",
        "value_set",
        "min_value",
        "max_value",
        "or_equal",
        "ignore_row_if",
        "row_condition",
        "condition_parser",
    }
    extra = set(check.kwargs) - known
    if extra:
        raise Unsupported(f"{check.expectation}: kwargs {sorted(extra)}")
    if check.kwargs.get("ignore_row_if", "both_values_are_missing") not in (
        "both_values_are_missing",
        "either_value_is_missing",
    ):
        raise Unsupported(f"ignore_row_if={check.kwargs['ignore_row_if']}")


def _condition(check: Check) -> str:
    """The row condition as SQL ('true' when none)."""
    text = check.kwargs.get("row_condition")
    if not text:
        return "true"
    if check.kwargs.get("condition_parser") != "pandas":
        raise Unsupported(f"condition parser {check.kwargs.get('condition_parser')!r}")
    match = _CONDITION.match(str(text))
    if not match:
        raise Unsupported(f"row condition {text!r}")
    column, value = match.groups()
    value = "'" + value[1:-1].replace("'", "''") + "'" if value[0] in "'\"" else value
    return f"{q(column)} = {value}"


def unexpected_predicate(con, table: str, check: Check) -> tuple[str, str]:
    """(SQL of the rows counted in `element_count`, SQL true for an unexpected row) of a row rule."""
    kind, kw = check.expectation, check.kwargs
    where = _condition(check)
    if kind == "ExpectColumnValuesToNotBeNull":
        return where, f"{q(kw['column'])} is null"
    if kind == "ExpectColumnValuesToBeInSet":
        values = ", ".join(literal(v) for v in kw["value_set"]) or "null"
        return where, f"{q(kw['column'])} is not null and {q(kw['column'])} not in ({values})"
    if kind == "ExpectColumnValuesToBeBetween":
        col = q(kw["column"])
        bounds = []
        if kw.get("min_value") is not None:
            bounds.append(f"{col} < {literal(kw['min_value'])}")
        if kw.get("max_value") is not None:
            bounds.append(f"{col} > {literal(kw['max_value'])}")
        return where, f"{col} is not null and ({' or '.join(bounds) or 'false'})"
    if kind == "ExpectColumnValuesToMatchRegex":
        return where, f"{q(kw['column'])} is not null and not {_regex_sql(con, table, kw['column'], kw['regex'])}"
    if kind == "ExpectColumnPairValuesAToBeGreaterThanB":
        a, b = q(kw["column_A"]), q(kw["column_B"])
        op = ">=" if kw.get("or_equal") else ">"
        return where, f"not ({_pair_missing(kw)}) and not coalesce({a} {op} {b}, false)"
    raise Unsupported(kind)


def _pair_missing(kw: dict) -> str:
    a, b = q(kw["column_A"]), q(kw["column_B"])
    if kw.get("ignore_row_if", "both_values_are_missing") == "either_value_is_missing":
        return f"{a} is null or {b} is null"
    return f"{a} is null and {b} is null"


def _missing(check: Check) -> str:
    kind, kw = check.expectation, check.kwargs
    if kind == "ExpectColumnValuesToNotBeNull":
        return "false"
    if kind == "ExpectColumnPairValuesAToBeGreaterThanB":
        return _pair_missing(kw)
    return f"{q(kw['column'])} is null"


_python_regex_tables: dict[tuple[str, str, str], str] = {}


def _regex_sql(con, table: str, column: str, regex: str) -> str:
    """SQL true when `column` matches `regex` as Python's re.search would."""
    pattern = re.compile(regex)
    try:
        con.execute("select regexp_matches('', ?)", [regex]).fetchone()
        re2 = True
    except Exception:  # RE2 lacks some Python syntax (look-arounds, backreferences)
        re2 = False
    col = q(column)
    # values the RE2 shortcut may not judge like Python: non-ASCII, or a newline ($ before a final \n)
    needs_python = "true" if not re2 else f"(not regexp_full_match({col}, '[\\x01-\\x09\\x0b-\\x7f]*'))"
    distinct = con.execute(
        f"select distinct cast({col} as varchar) from {table} where {col} is not null and {needs_python}"
    ).fetchall()
    matched = [v for (v,) in distinct if pattern.search(v)]
    name = f"_re_{abs(hash((table, column, regex))) % 10**12}"
    con.execute(f"create or replace temp table {name} (v varchar)")
    if matched:
        con.executemany(f"insert into {name} values (?)", [[v] for v in matched])
    in_python = f"cast({col} as varchar) in (select v from {name})"
    if not re2:
        return f"({in_python})"
    escaped = regex.replace("'", "''")
    return f"(case when {needs_python} then {in_python} else regexp_matches(cast({col} as varchar), '{escaped}') end)"


def _success(check: Check, elements: int, unexpected: int) -> bool:
    """GX's verdict from the counts (the formula merge_chunks applies to chunked GX results)."""
    if elements <= 0:
        return True
    mostly = float(check.kwargs.get("mostly", 1.0))
    return unexpected <= (1 - mostly) * elements + 1e-9


def evaluate(con, table: str, checks: list[Check], line_column: str | None = None) -> list[CheckResult]:
    """One CheckResult per check, in order, evaluated over `table`. `line_column`, when given, names
    the column holding each row's file line; failing checks then list their first offending lines.

    All row rules are counted in one scan of the table; a failing rule costs one more query for its
    examples; each distinct key is grouped once."""
    for check in checks:
        if check.expectation not in SUPPORTED:
            raise Unsupported(check.expectation)
        _unsupported_kwargs(check)
    rows = con.execute(f"select count(*) from {table}").fetchone()[0]
    row_rules = [c for c in checks if c.expectation not in _TABLE_RULES]
    predicates = [unexpected_predicate(con, table, c) for c in row_rules]
    counts: list[int] = []
    if row_rules:
        parts = []
        for check, (where, bad) in zip(row_rules, predicates):
            parts += [
                f"count(*) filter (where {where})",
                f"count(*) filter (where ({where}) and ({_missing(check)}))",
                f"count(*) filter (where ({where}) and ({bad}))",
            ]
        counts = list(con.execute(f"select {', '.join(parts)} from {table}").fetchone())
    by_rule = {id(c): (p, counts[3 * i : 3 * i + 3]) for i, (c, p) in enumerate(zip(row_rules, predicates))}
    keys: dict = {}
    results = []
    for check in checks:
        if check.expectation in _TABLE_RULES:
            results.append(_table_rule(con, table, check, rows, line_column, keys))
        else:
            (where, bad), (element_count, missing, unexpected) = by_rule[id(check)]
            results.append(_row_result(con, table, check, where, bad, element_count, missing, unexpected, line_column))
    return results


_TABLE_RULES = frozenset(
    {"ExpectTableRowCountToBeBetween", "ExpectCompoundColumnsToBeUnique", "ExpectColumnValuesToBeUnique"}
)


def _table_rule(con, table: str, check: Check, rows: int, line_column: str | None, keys: dict) -> CheckResult:
    kind, kw = check.expectation, check.kwargs
    if kind == "ExpectTableRowCountToBeBetween":
        low, high = kw.get("min_value"), kw.get("max_value")
        ok = (low is None or rows >= low) and (high is None or rows <= high)
        return CheckResult(kind, dict(kw), check.severity or ERROR, check.why, ok, {"observed_value": rows}, {})
    return _unique(con, table, check, rows, line_column, keys)


def _row_result(
    con,
    table: str,
    check: Check,
    where: str,
    bad: str,
    element_count: int,
    missing: int,
    unexpected: int,
    line_column: str | None,
) -> CheckResult:
    kind, kw = check.expectation, check.kwargs
    counts = {"element_count": element_count, "unexpected_count": unexpected}
    if kind != "ExpectColumnValuesToNotBeNull":
        counts["missing_count"] = missing
    observed: dict[str, Any] = {}
    if unexpected:
        observed = {
            "unexpected_count": unexpected,
            "examples": _examples(con, table, check, f"({where}) and ({bad})", line_column),
        }
        if line_column:
            observed["lines"] = [
                r[0]
                for r in con.execute(
                    f"select {q(line_column)} from {table} where ({where}) and ({bad}) order by 1 limit {EXAMPLES}"
                ).fetchall()
            ]
    ok = _success(check, element_count - missing, unexpected)
    return CheckResult(kind, dict(kw), check.severity or ERROR, check.why, ok, observed, counts)


def _examples(con, table: str, check: Check, predicate: str, line_column: str | None) -> list:
    kw = check.kwargs
    cols = [kw["column_A"], kw["column_B"]] if "column_A" in kw else [kw["column"]]
    order = f"order by {q(line_column)}" if line_column else ""
    rows = con.execute(
        f"select {', '.join(map(q, cols))} from {table} where {predicate} {order} limit {EXAMPLES}"
    ).fetchall()
    return [tuple(r) if len(r) > 1 else r[0] for r in rows]


def _unique(con, table: str, check: Check, rows: int, line_column: str | None, cache: dict) -> CheckResult:
    kw = check.kwargs
    cols = list(kw.get("column_list") or [kw["column"]])
    keys = ", ".join(q(c) for c in cols)
    compound = check.expectation == "ExpectCompoundColumnsToBeUnique"
    # GX (pandas) counts nulls as missing for a single column; the compound check (run on hashed keys,
    # like the chunked path) treats a NULL as a value
    where = "true" if compound else f"{q(cols[0])} is not null"
    if (compound, keys) not in cache:
        missing = (
            0 if compound else con.execute(f"select count(*) from {table} where {q(cols[0])} is null").fetchone()[0]
        )
        cache[(compound, keys)] = (
            missing,
            con.execute(
                f"select coalesce(sum(n), 0) from (select count(*) as n from {table} where {where} group by {keys} "
                f"having count(*) > 1)"
            ).fetchone()[0],
        )
    missing, unexpected = cache[(compound, keys)]
    counts = {"element_count": rows, "missing_count": missing, "unexpected_count": int(unexpected)}
    observed: dict[str, Any] = {}
    if unexpected:
        dupes = con.execute(
            f"select {keys}, count(*) from {table} where {where} group by {keys} having count(*) > 1 "
            f"order by count(*) desc limit {EXAMPLES}"
        ).fetchall()
        observed = {
            "unexpected_count": int(unexpected),
            "examples": [tuple(d[:-1]) if compound else d[0] for d in dupes],
        }
        if line_column:
            observed["lines"] = [
                r[0]
                for r in con.execute(
                    f"select line from (select {q(line_column)} as line, count(*) over (partition by {keys}) as n "
                    f"from {table} where {where}) where n > 1 order by 1 limit {EXAMPLES}"
                ).fetchall()
            ]
    ok = _success(check, rows - missing, int(unexpected))
    return CheckResult(check.expectation, dict(kw), check.severity or ERROR, check.why, ok, observed, counts)


def offending_rows_sql(con, table: str, checks: list[Check]) -> str:
    """SQL true for a row that any row-level check finds unexpected (to build GX's sample)."""
    parts = []
    for check in checks:
        if check.expectation in (
            "ExpectTableRowCountToBeBetween",
            "ExpectCompoundColumnsToBeUnique",
            "ExpectColumnValuesToBeUnique",
        ):
            continue
        where, bad = unexpected_predicate(con, table, check)
        parts.append(f"(({where}) and ({bad}))")
    return " or ".join(parts) or "false"
