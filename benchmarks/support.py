"""What the benchmarks share (and the tests reuse): the test bot's identity, and seeding a bound
group, its subscribed members and one queued lesson, in the database and the Telegram double,
for broadcast benchmarks and tests that run the bot as a separate process."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from benchmarks.audio_samples import make_speech_wav
from bot.sandbox.double import TelegramDouble
from storage.db import Database
from storage.models import Delivery, Group, Lesson, Member, Membership

ROOT = Path(__file__).parents[1]
# The test bot's identity in the double, and its first group, admin and member.
TOKEN = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQr"
BOT_ID = 123456789
GROUP = -1001
ADMIN = 10
MEMBER = 20


def member_ids(count: int) -> list[int]:
    return [MEMBER + i for i in range(count)]


def seed_double(double: TelegramDouble, members: int) -> None:
    """Everyone exists in Telegram and has started the bot; the bot is in the group."""
    double.add_group(GROUP, "第一党支部", type="supergroup")
    for uid, name in [(ADMIN, "王书记"), *[(m, f"党员{m}") for m in member_ids(members)]]:
        user = double.add_user(uid, name)
        user.started = True
        double.set_member(GROUP, uid, "creator" if uid == ADMIN else "member")
    double.set_member(GROUP, BOT_ID, "member")


def make_lesson_audio(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    speech = make_speech_wav(directory, seconds=12, name="seed.wav")
    out = directory / "lesson-1.ogg"
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-i",
            str(speech),
            "-ac",
            "1",
            "-ar",
            "48000",
            "-c:a",
            "libopus",
            "-b:a",
            "32k",
            "-application",
            "voip",
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return out


async def seed_database(
    db_url: str, audio: Path, members: int, slot_at: datetime, *, subscribed: bool = True
) -> int:
    """A bound group, the secretary and `members` members (subscribers unless told otherwise),
    and lesson #1 due at slot_at."""
    db = Database(db_url)
    await db.migrate()
    now = slot_at
    async with db.transaction() as s:
        group = Group(
            chat_id=GROUP,
            title="第一党支部",
            chat_type="supergroup",
            bound=True,
            bound_by=ADMIN,
            bound_at=now,
            timezone="Asia/Shanghai",
            broadcast_time="07:30",
            weekdays="mon,tue,wed,thu,fri",
            reminder_time="20:00",
            created_at=now,
            updated_at=now,
        )
        s.add(group)
        await s.flush()
        for uid in [ADMIN, *member_ids(members)]:
            s.add(
                Member(
                    user_id=uid,
                    first_name=f"党员{uid}",
                    started=True,
                    subscribed=subscribed,
                    reachable=True,
                    created_at=now,
                    updated_at=now,
                )
            )
        await s.flush()
        for uid in [ADMIN, *member_ids(members)]:
            s.add(
                Membership(
                    group_id=group.id,
                    user_id=uid,
                    status="creator" if uid == ADMIN else "member",
                    source="seed",
                    updated_at=now,
                )
            )
        lesson = Lesson(
            group_id=group.id,
            number=1,
            author_id=ADMIN,
            title="学习党章",
            status="queued",
            slot_at=slot_at,
            audio_path=str(audio),
            duration_in=14.0,
            duration_out=12.0,
            lufs_in=-30.0,
            lufs_out=-16.0,
            created_at=now,
            updated_at=now,
        )
        s.add(lesson)
        await s.flush()
        lesson_id = lesson.id
    await db.dispose()
    return lesson_id


@dataclass
class BotProcess:
    """`microlesson run` in its own process, as a deployer starts it."""

    config: Path
    log: Path
    proc: subprocess.Popen[bytes] | None = None
    env: dict[str, str] | None = None  # None: this process's environment

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot.app.cli", "run", "--config", str(self.config)],
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self.env,
            )

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    async def stop(self) -> None:
        """terminate() off the event loop: the double shares the test's loop and must answer
        the bot's last calls while it shuts down (a blocking wait cost each test 10 s)."""
        await asyncio.to_thread(self.terminate)

    def terminate(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def write_config(directory: Path, double: TelegramDouble, db_url: str) -> Path:
    config = directory / "config.toml"
    config.write_text(
        "[telegram]\n"
        f'token = "{TOKEN}"\napi_base_url = "{double.base_url}"\npoll_timeout = 1\n'
        "[storage]\n"
        f'url = "{db_url}"\naudio_dir = "{directory / "audio"}"\n'
        '[logging]\nlevel = "INFO"\n',
        encoding="utf-8",
    )
    return config


async def ledger_state(db_url: str) -> tuple[str, dict[str, int]]:
    """Lesson #1's status and the delivery ledger's count per status, read from outside."""
    db = Database(db_url)
    try:
        async with db.transaction() as s:
            lesson = await s.get(Lesson, 1)
            rows = await s.execute(select(Delivery.status, func.count()).group_by(Delivery.status))
            return (lesson.status if lesson else "absent", {k: int(v) for k, v in rows.all()})
    finally:
        await db.dispose()


async def chats_in(db_url: str, status: str) -> set[int]:
    """Chats whose ledger row has this status (e.g. "sending": in flight)."""
    db = Database(db_url)
    try:
        async with db.transaction() as s:
            rows = await s.execute(select(Delivery.chat_id).where(Delivery.status == status))
            return set(rows.scalars())
    finally:
        await db.dispose()
