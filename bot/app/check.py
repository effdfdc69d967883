"""`microlesson check`: everything a deployment needs, each problem in one plain sentence with
its remedy. Nothing is changed (the database is not migrated; `microlesson migrate` does that)."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url
from telegram import Bot, ChatMemberAdministrator, ChatMemberOwner
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError
from telegram.request import HTTPXRequest

from bot.app.launch import explain
from bot.app.logging_setup import redact, secrets_of
from bot.core.calendar import WORKDAYS, OfficialCalendar
from bot.core.clock import Clock, SystemClock
from bot.core.config import ConfigError, Settings, load_settings
from bot.telegram.http import api_urls
from storage.db import Database, schema_revisions
from storage.models import Group

CALENDAR_HORIZON_DAYS = 30


@dataclass(frozen=True)
class Finding:
    ok: bool
    text: str


def _ok(text: str) -> Finding:
    return Finding(True, text)


def _problem(text: str) -> Finding:
    return Finding(False, text)


def check_ffmpeg() -> list[Finding]:
    """ffmpeg and ffprobe on PATH, and an ffmpeg that can encode Opus (the voice notes)."""
    ffmpeg, ffprobe = shutil.which("ffmpeg"), shutil.which("ffprobe")
    if ffmpeg is None or ffprobe is None:
        missing = "ffmpeg" if ffmpeg is None else "ffprobe"
        return [
            _problem(
                f"{missing} is not on PATH, so recordings cannot be processed: install ffmpeg "
                "(Debian/Ubuntu: apt install ffmpeg) or add its folder to PATH."
            )
        ]
    try:
        out = subprocess.run(  # noqa: S603 - a fixed command line
            [ffmpeg, "-hide_banner", "-encoders"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        ).stdout
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [_problem(f"ffmpeg at {ffmpeg} does not run ({exc}): reinstall ffmpeg.")]
    if " libopus " not in out:
        return [
            _problem(
                f"ffmpeg at {ffmpeg} cannot encode Opus, so lessons cannot become voice notes: "
                "install an ffmpeg built with libopus (the Debian/Ubuntu package is)."
            )
        ]
    return [_ok(f"ffmpeg with libopus: {ffmpeg}")]


def _safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


async def check_database(settings: Settings) -> tuple[list[Finding], list[Group]]:
    """Reachable and migrated; returns the bound groups for the rights check."""
    url = settings.storage.url
    parsed = make_url(url)
    # Connecting would create a SQLite file, and check changes nothing.
    sqlite_file = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if (
        sqlite_file
        and sqlite_file != ":memory:"
        and not await asyncio.to_thread(Path(sqlite_file).exists)
    ):
        return [_ok(f"database {_safe_url(url)}: will be created at first run")], []
    db = Database(url)
    try:
        try:
            async with db.engine.connect() as conn:
                current, head = await conn.run_sync(schema_revisions)
        except Exception as exc:  # any driver's "cannot connect" is the same advice
            reason = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else repr(exc)
            return [
                _problem(
                    f"The database {_safe_url(url)} cannot be reached ({reason}): check "
                    "[storage] url and that the database server runs and lets this user in."
                )
            ], []
        if current is None:  # a fresh database: `microlesson run` migrates it at start
            return [
                _ok(f"database {_safe_url(url)} reachable and empty: will be created at first run")
            ], []
        if current != head:
            state = f"at revision {current}, newest is {head}"
            return [
                _problem(
                    f"The database {_safe_url(url)} is not up to date ({state}): run "
                    "`microlesson migrate` (`microlesson run` also does it at start)."
                )
            ], []
        async with db.reading() as s:
            groups = list((await s.execute(select(Group).where(Group.bound.is_(True)))).scalars())
        return [_ok(f"database {_safe_url(url)} reachable and up to date ({head})")], groups
    finally:
        await db.dispose()


async def check_telegram(settings: Settings, groups: list[Group]) -> list[Finding]:
    """The token (getMe), privacy mode, and the bot's rights in each bound group."""
    api = settings.telegram.api_base_url
    proxy = settings.telegram.proxy or None
    base_url, base_file_url = api_urls(api)
    bot = Bot(
        settings.token,
        base_url=base_url,
        base_file_url=base_file_url,
        request=HTTPXRequest(proxy=proxy, connect_timeout=10, read_timeout=10),
    )
    findings: list[Finding] = []
    try:
        async with bot:  # initialize() calls getMe
            me = bot.bot
            findings.append(_ok(f"token valid: the bot is @{me.username}"))
            if me.can_read_all_group_messages:
                findings.append(_ok("privacy mode is off: the bot reads every group message"))
            else:
                # Telegram gives an admin bot every group message whatever this setting says.
                findings.append(
                    _ok(
                        "privacy mode is on: where the bot is not an admin it sees only commands "
                        "and replies to its messages; as an admin it receives every message"
                    )
                )
            for group in groups:
                findings.append(await _group_rights(bot, group, settings))
    except TelegramError as exc:
        sentence = explain(exc, settings) or f"Telegram answered {exc.message}."
        findings.append(_problem(sentence))
    return findings


async def _group_rights(bot: Bot, group: Group, settings: Settings) -> Finding:
    name = f'"{group.title}" ({group.chat_id})'
    try:
        member = await bot.get_chat_member(group.chat_id, bot.id)
    except TelegramError as exc:
        return _problem(
            f"The bot cannot see the group {name} ({exc.message}): add it to the group again, "
            "then send /bind there."
        )
    if isinstance(member, ChatMemberOwner):
        return _ok(f"group {name}: the bot is its owner")
    if not isinstance(member, ChatMemberAdministrator):
        if member.status in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
            return _problem(
                f"The bot is no longer in the group {name}: add it again and send /bind there."
            )
        return _problem(
            f"The bot is not an admin in {name}, so it misses members joining and leaving and "
            "cannot pin lessons: make it an admin (with the right to pin messages)."
        )
    if not member.can_pin_messages and group.pin_broadcast:
        return _problem(
            f"The bot is an admin in {name} but may not pin messages, and the group pins its "
            "lessons: give it the right to pin messages."
        )
    pin = "can pin" if member.can_pin_messages else "cannot pin"
    return _ok(f"group {name}: the bot is an admin ({pin})")


def check_calendar(settings: Settings, clock: Clock, groups: list[Group]) -> list[Finding]:
    """China's official calendar matters only to a schedule on "workdays"."""
    if settings.schedule.weekdays != WORKDAYS and all(g.weekdays != WORKDAYS for g in groups):
        return [_ok('calendar not needed: no group broadcasts on "workdays"')]
    calendar = OfficialCalendar(
        frozenset(settings.calendar.holidays), frozenset(settings.calendar.workdays)
    )
    years = calendar.years()
    today = clock.now().date()
    gap = calendar.first_gap(today, CALENDAR_HORIZON_DAYS)
    known = f"{years[0]}-{years[-1]}" if years else "none"
    if gap is not None:
        return [
            _problem(
                f"China's official holidays are known for {known} only, and {gap.isoformat()} "
                'is within 30 days: groups on "workdays" fall back to Monday-Friday; add that '
                "year's holidays and adjusted working days to [calendar] (or its file)."
            )
        ]
    horizon = today + timedelta(days=CALENDAR_HORIZON_DAYS)
    return [_ok(f"calendar covers {known} (the next 30 days, to {horizon.isoformat()})")]


async def run_checks(settings: Settings, clock: Clock) -> list[Finding]:
    findings = [_ok("config valid")]
    findings += await asyncio.to_thread(check_ffmpeg)
    db_findings, groups = await check_database(settings)
    findings += db_findings
    findings += await check_telegram(settings, groups)
    findings += check_calendar(settings, clock, groups)
    return findings


def main(config: Path | None) -> int:
    """Print one line per check; problems first in their line with "✗"; exit 1 if any."""
    try:
        settings = load_settings(config, require_token=True)
    except ConfigError as exc:
        print(f"✗ {redact(str(exc))}: fix that setting (config.example.toml documents every key).")
        return 1
    findings = asyncio.run(run_checks(settings, SystemClock()))
    secrets = secrets_of(settings)
    for finding in findings:
        print(f"{'✓' if finding.ok else '✗'} {redact(finding.text, secrets)}")
    problems = sum(not finding.ok for finding in findings)
    print("all good" if not problems else f"{problems} problem(s) to fix")
    return 1 if problems else 0
