"""Imports go only downward through the stages (docs/architecture.md):

    extractors  <  expectations  <  warehouse (ingest, load, transform, publish)  <  warehouse.serving
                <  entry points (dags, warehouse.orchestration, .runner, .rebuild, .__main__)

A lower stage never imports a higher one (also not lazily inside a function), and nothing but tests
imports tests/. bench/ may import every stage (it measures them) but not tests/.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RANK = {"extractors": 0, "expectations": 1, "warehouse": 2, "warehouse.serving": 3, "entry": 4, "bench": 5}
# The modules that compose every stage: the DAG factory, the rebuild CLI and `python -m warehouse`.
ENTRY = ("dags", "warehouse.orchestration", "warehouse.runner", "warehouse.rebuild", "warehouse.__main__")


def stage(module: str) -> str | None:
    if any(module == e or module.startswith(e + ".") for e in ENTRY):
        return "entry"
    if module == "warehouse.serving" or module.startswith("warehouse.serving."):
        return "warehouse.serving"
    top = module.split(".", 1)[0]
    return top if top in RANK or top == "tests" else None


def imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            # `from warehouse import serving` names a stage too
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def module_of(path: Path) -> str:
    rel = path.relative_to(REPO).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


FILES = sorted(
    p for top in ("extractors", "expectations", "warehouse", "dags", "bench") for p in (REPO / top).rglob("*.py")
)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_imports_only_go_downward(path):
    own = stage(module_of(path)) or path.relative_to(REPO).parts[0]
    upward = []
    for line, name in imports(path):
        target = stage(name)
        if target is None or target == own:
            continue
        if target == "tests" or RANK[target] > RANK[own]:
            upward.append(f"{path.relative_to(REPO)}:{line} ({own}) imports {name} ({target})")
    assert not upward, "\n".join(upward)


def test_the_rule_catches_an_upward_import(tmp_path):
    bad = REPO / "extractors" / "_layering_probe.py"
    bad.write_text("def f():\n    from warehouse import landing\n", encoding="utf-8")
    try:
        with pytest.raises(AssertionError, match="imports warehouse"):
            test_imports_only_go_downward(bad)
    finally:
        bad.unlink()
