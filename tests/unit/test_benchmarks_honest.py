"""The benchmarks stay runnable: each has a --smoke mode (CI runs them), they share
benchmarks/support.py instead of importing the tests, and no machine's paths are in them."""

from __future__ import annotations

import ast
import re
from pathlib import Path

BENCHMARKS = Path(__file__).parents[2] / "benchmarks"
BENCHES = sorted(BENCHMARKS.glob("bench_*.py"))


def test_there_are_benchmarks() -> None:
    assert len(BENCHES) >= 5


def test_each_benchmark_has_a_smoke_mode() -> None:
    for bench in BENCHES:
        assert '"--smoke"' in bench.read_text(encoding="utf-8"), bench.name


def test_no_benchmark_imports_the_tests() -> None:
    for module in BENCHMARKS.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            assert not any(n == "tests" or n.startswith("tests.") for n in names), module.name


def test_no_machine_paths() -> None:
    machine = re.compile(r"/(work|root|home|srv|Users)/")
    for module in BENCHMARKS.glob("*.py"):
        found = machine.findall(module.read_text(encoding="utf-8"))
        assert not found, f"{module.name}: {found}"
