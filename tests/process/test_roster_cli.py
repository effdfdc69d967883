"""`microlesson roster import/export` as the operator runs them: a preview in Chinese that
stores nothing without --yes, then the export reads back what was imported (XLSX and CSV)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy

from bot.members.roster_file import read_roster
from tests.support.roster_files import roster_xlsx, thirty_with_three_bad

ROOT = Path(__file__).parents[2]
CHAT = -1001


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.app.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin"},
    )


def _entries(db: Path) -> list[tuple[str, str]]:
    engine = sqlalchemy.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        rows = conn.execute(sqlalchemy.text("SELECT name, party_group FROM roster_entries"))
        return [(str(n), str(g)) for n, g in rows]


def test_roster_import_previews_then_applies_with_yes_and_export_reads_back(
    tmp_path: Path,
) -> None:
    db = tmp_path / "r.db"
    config = tmp_path / "config.toml"
    config.write_text(f'[storage]\nurl = "sqlite+aiosqlite:///{db}"\n', encoding="utf-8")
    assert _cli("migrate", "--config", str(config)).returncode == 0
    engine = sqlalchemy.create_engine(f"sqlite:///{db}")
    now = datetime(2026, 3, 1, tzinfo=UTC).isoformat(" ")
    with engine.begin() as conn:
        conn.execute(
            sqlalchemy.text(
                "INSERT INTO groups (chat_id, title, chat_type, bot_status, bound, timezone,"
                " broadcast_time, weekdays, reminder_time, pin_broadcast, leaderboard,"
                " created_at, updated_at) VALUES (:c, '第一党支部', 'supergroup', 'member', 1,"
                " 'Asia/Shanghai', '07:00', '1,2,3,4,5', '20:00', 0, 0, :n, :n)"
            ),
            {"c": CHAT, "n": now},
        )
    source = tmp_path / "花名册.xlsx"
    source.write_bytes(roster_xlsx(thirty_with_three_bad()))

    preview = _cli("roster", "import", "--group", str(CHAT), str(source), "--config", str(config))
    assert preview.returncode == 0, preview.stderr
    assert "新增 27 人" in preview.stdout and "第 22 行（错类别）" in preview.stdout
    assert "--yes" in preview.stdout
    assert _entries(db) == []  # a preview stores nothing

    applied = _cli(
        "roster", "import", "--group", str(CHAT), str(source), "--yes", "--config", str(config)
    )
    assert applied.returncode == 0, applied.stderr
    assert "新增 27 人" in applied.stdout.splitlines()[-1]
    stored = _entries(db)
    assert len(stored) == 27

    for suffix in ("xlsx", "csv"):
        out = tmp_path / f"export.{suffix}"
        exported = _cli("roster", "export", "--group", str(CHAT), str(out), "--config", str(config))
        assert exported.returncode == 0, exported.stderr
        back = read_roster(out.read_bytes())
        assert back.bad == []
        assert sorted((r.name, r.party_group) for r in back.rows) == sorted(stored)
    # The export imports as "unchanged": the same form both ways.
    again = _cli(
        "roster",
        "import",
        "--group",
        str(CHAT),
        str(tmp_path / "export.xlsx"),
        "--config",
        str(config),
    )
    assert "新增 0 人，变更 0 人，不变 27 人" in again.stdout
