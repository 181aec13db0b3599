"""`make bench` measures the caseload as issue 19 asks: 50 Kümmerer, 5,000 open cases and
1,000,000 journal entries on PostgreSQL, reported as `caseload_p95_ms` against 150 ms. (The
script builds its own database when imported, so this reads its text instead of running it.)"""

import ast
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parents[3] / "scripts" / "bench"


def _defaults() -> dict[str, Any]:
    tree = ast.parse((BENCH / "cases_bench.py").read_text())
    found: dict[str, Any] = {}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", "") == "add_argument"
            and isinstance(node.args[0], ast.Constant)
        ):
            for keyword in node.keywords:
                if keyword.arg == "default" and isinstance(keyword.value, ast.Constant):
                    found[str(node.args[0].value)] = keyword.value.value
    return found


def test_bench_defaults_are_the_issues_figures():
    defaults = _defaults()

    assert defaults["--navigators"] == 50
    assert defaults["--cases"] == 5_000
    assert defaults["--journal"] == 1_000_000
    assert defaults["--runs"] >= 200


def test_make_bench_runs_the_caseload_and_reports_it_against_its_target():
    run = (BENCH / "run.py").read_text()

    assert '"cases_bench.py"' in run
    assert '"caseload_p95_ms": cases["caseload_p95_ms"]' in run
    assert '"caseload_p95_le_150_ms"' in run
    assert "lotse_bench_cases" in (BENCH / "cases_bench.py").read_text()
