"""The command line: process-audio prints the pipeline's JSON summary; migrate upgrades a DB."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import sqlalchemy

from benchmarks.audio_samples import stream_info
from benchmarks.support import BotProcess, write_config
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from tests.support.harness import TOKEN, text_of

ROOT = Path(__file__).parents[2]
KEYS = [
    "duration_in",
    "duration_out",
    "lufs_in",
    "lufs_out",
    "trimmed_start",
    "trimmed_end",
    "seconds",
]


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.app.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin"},
    )


def test_process_audio_prints_one_json_object(recordings: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out.ogg"
    proc = _cli("process-audio", str(recordings["m4a"]), str(out))
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert list(report) == KEYS
    assert abs(report["lufs_out"] - -16.0) < 1.0
    assert 0.6 < report["trimmed_start"] < 1.3
    info = stream_info(out)
    assert (info["codec_name"], info["sample_rate"], info["channels"]) == ("opus", "48000", "1")


def test_process_audio_refuses_a_corrupt_file_in_one_line(
    recordings: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out.ogg"
    proc = _cli("process-audio", str(recordings["corrupt"]), str(out))
    assert proc.returncode == 2
    assert "undecodable" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_migrate_creates_the_schema(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    config = tmp_path / "config.toml"
    config.write_text(f'[storage]\nurl = "sqlite+aiosqlite:///{db}"\n', encoding="utf-8")
    proc = _cli("migrate", "--config", str(config))
    assert proc.returncode == 0, proc.stderr
    engine = sqlalchemy.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        tables = set(sqlalchemy.inspect(conn).get_table_names())
    assert {"lessons", "deliveries", "members"} <= tables


async def test_run_polls_and_answers_and_never_logs_the_token(
    double: TelegramDouble, tmp_path: Path
) -> None:
    double.add_user(7, "王", language_code="zh-hans")
    bot = BotProcess(
        write_config(tmp_path, double, f"sqlite+aiosqlite:///{tmp_path / 'b.db'}"),
        tmp_path / "bot.log",
    )
    bot.start()
    try:
        cur = double.cursor()
        double.user_sends(7, 7, "/help")
        answer = await double.wait_for(lambda m: m.chat_id == 7, after=cur, timeout=30)
    finally:
        await bot.stop()
    assert text_of(answer) == t("help.private", "zh")
    log = (tmp_path / "bot.log").read_text(encoding="utf-8")
    assert "microlesson started as @microlesson_test_bot" in log
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    assert bot.proc is not None and bot.proc.returncode == 0  # SIGTERM stops it cleanly
