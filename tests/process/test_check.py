"""`microlesson check` as the deployer runs it: each problem in one sentence with its remedy."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.support import ROOT, seed_database, seed_double
from bot.sandbox.double import TelegramDouble
from storage.db import Database
from tests.process.test_run_modes import free_port
from tests.support.harness import GROUP, TOKEN

# The machine's clock is real here (a subprocess): years the package does not know are
# declared, so the calendar check passes whatever today is, for years to come.
CALENDAR = "[calendar]\nholidays = [" + ", ".join(f'"{y}-01-01"' for y in range(2027, 2036)) + "]\n"


async def _check(config: Path, path: str | None = None) -> tuple[int, list[str]]:
    env = {"PATH": path if path is not None else os.environ.get("PATH", "/usr/bin:/bin")}
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.app.cli",
        "check",
        "--config",
        str(config),
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert not err.strip(), err.decode()  # nothing on stderr: no traceback, no log noise
    assert proc.returncode is not None
    return proc.returncode, out.decode().strip().splitlines()


async def _config(tmp_path: Path, api: str, db_url: str, token: str = TOKEN) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[telegram]\ntoken = "{token}"\napi_base_url = "{api}"\n'
        f'[storage]\nurl = "{db_url}"\n' + CALENDAR,
        encoding="utf-8",
    )
    return config


async def _migrated(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'c.db'}"
    db = Database(url)
    await db.migrate()
    await db.dispose()
    return url


def _problems(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("✗")]


async def test_all_good_against_the_double(double: TelegramDouble, tmp_path: Path) -> None:
    code, lines = await _check(await _config(tmp_path, double.base_url, await _migrated(tmp_path)))
    assert code == 0, lines
    assert lines[-1] == "all good"
    assert "✓ token valid: the bot is @microlesson_test_bot" in lines


async def test_a_wrong_token_in_one_sentence(double: TelegramDouble, tmp_path: Path) -> None:
    config = await _config(
        tmp_path, double.base_url, await _migrated(tmp_path), "123456789:AAwrongWrongWrongWrong00"
    )
    code, lines = await _check(config)
    assert code == 1
    [problem] = _problems(lines)
    assert "401 Unauthorized" in problem and "[telegram] token" in problem


async def test_a_missing_ffmpeg_in_one_sentence(double: TelegramDouble, tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    config = await _config(tmp_path, double.base_url, await _migrated(tmp_path))
    code, lines = await _check(config, path=str(empty))
    assert code == 1
    [problem] = _problems(lines)
    assert problem.startswith("✗ ffmpeg is not on PATH") and "install ffmpeg" in problem


async def test_an_unreachable_database_in_one_sentence(
    double: TelegramDouble, tmp_path: Path
) -> None:
    url = f"postgresql+asyncpg://microlesson:pw@127.0.0.1:{free_port()}/microlesson"
    code, lines = await _check(await _config(tmp_path, double.base_url, url))
    assert code == 1
    [problem] = _problems(lines)
    assert problem.startswith("✗ The database postgresql+asyncpg://microlesson:***@127.0.0.1")
    assert "cannot be reached" in problem and "[storage] url" in problem


async def test_a_fresh_setup_is_all_good(double: TelegramDouble, tmp_path: Path) -> None:
    """The first check, before the first run: no database file yet, the default Monday-Friday
    schedule, no [calendar]. Neither is a problem (the run creates the database; only a
    "workdays" schedule needs the official calendar), and check creates nothing."""
    db_file = tmp_path / "fresh.db"
    config = tmp_path / "config.toml"
    config.write_text(
        f'[telegram]\ntoken = "{TOKEN}"\napi_base_url = "{double.base_url}"\n'
        f'[storage]\nurl = "sqlite+aiosqlite:///{db_file}"\n',
        encoding="utf-8",
    )
    code, lines = await _check(config)
    assert code == 0, lines
    assert f"✓ database sqlite+aiosqlite:///{db_file}: will be created at first run" in lines
    assert '✓ calendar not needed: no group broadcasts on "workdays"' in lines
    assert not db_file.exists()


async def test_an_empty_database_will_be_created(double: TelegramDouble, tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
    (tmp_path / "empty.db").touch()
    code, lines = await _check(await _config(tmp_path, double.base_url, url))
    assert code == 0, lines
    assert f"✓ database {url} reachable and empty: will be created at first run" in lines


async def test_the_bots_rights_in_each_bound_group(double: TelegramDouble, tmp_path: Path) -> None:
    url = await _migrated(tmp_path)
    seed_double(double, 1)  # the bot is a plain member of the group
    await seed_database(url, tmp_path / "x.ogg", 1, datetime(2026, 3, 2, tzinfo=UTC))
    config = await _config(tmp_path, double.base_url, url)
    code, lines = await _check(config)
    assert code == 1
    [problem] = _problems(lines)
    assert problem.startswith('✗ The bot is not an admin in "第一党支部" (-1001)')
    assert "make it an admin" in problem
    assert any(line.startswith("✓ privacy mode is on") for line in lines)
    double.set_member(GROUP, double.bot_id, "administrator")
    code, lines = await _check(config)
    assert code == 0 and '✓ group "第一党支部" (-1001): the bot is an admin (can pin)' in lines


async def test_a_proxy_that_refuses_is_named_without_its_user_or_password(
    double: TelegramDouble, tmp_path: Path
) -> None:
    config = await _config(tmp_path, double.base_url, await _migrated(tmp_path))
    port = free_port()
    text = config.read_text(encoding="utf-8")
    proxy = f'proxy = "http://alice-proxy:Pr0xyPassw0rd@127.0.0.1:{port}"\n'
    config.write_text(text.replace("[storage]", proxy + "[storage]", 1), encoding="utf-8")
    code, lines = await _check(config)
    assert code == 1
    [problem] = _problems(lines)
    assert problem.startswith(
        f"✗ Could not reach Telegram through the proxy http://***@127.0.0.1:{port}"
    )
    assert not any("alice-proxy" in line or "Pr0xyPassw0rd" in line for line in lines), lines
