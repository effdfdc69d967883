"""The one-way rule between the rooms is checked by import-linter, and the check can fail."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
PACKAGES = ("bot", "handlers", "scheduler", "web", "storage")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """Run the contracts in pyproject.toml against the packages found under `tree`."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(tree / "pyproject.toml")],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_of_the_tree(dst: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, dst / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    shutil.copy(ROOT / "pyproject.toml", dst / "pyproject.toml")
    return dst


def plant(module: Path, line: str) -> None:
    text = module.read_text()
    marker = "from __future__ import annotations\n"
    assert marker in text
    module.write_text(text.replace(marker, f"{marker}\n{line}\n", 1))


def test_the_tree_keeps_every_contract(tmp_path: Path) -> None:
    done = lint_imports(copy_of_the_tree(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # Sideways between adapters: the web's dashboard reaching into a handler.
        ("web/dashboard.py", "import handlers.export  # noqa", "do not import each other"),
        # Upwards: a service that knows the Telegram side.
        ("bot/engagement/listens.py", "import bot.telegram.context  # noqa", "Layers"),
        # A product module that leans on the demo's double.
        ("bot/telegram/broadcaster.py", "import bot.sandbox.double  # noqa", "sandbox"),
    ],
)
def test_one_planted_import_breaks_the_check(
    tmp_path: Path, module: str, line: str, broken: str
) -> None:
    tree = copy_of_the_tree(tmp_path)
    plant(tree / module, line)
    done = lint_imports(tree)
    assert done.returncode != 0, done.stdout
    broken_lines = [row for row in done.stdout.splitlines() if " BROKEN" in row]
    assert any(broken in row for row in broken_lines), done.stdout
