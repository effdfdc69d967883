"""Helpers for the Mini App player's tests: a short lesson out in the group, the record."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

from sqlalchemy import select

from benchmarks.audio_samples import make_speech_wav
from bot.audio import AudioReport
from bot.sandbox.double import TelegramDouble
from storage.models import Heard, Listen, PointEntry
from tests.support.harness import ADMIN, GROUP, RunningBot, eventually
from tests.support.members_day import lesson_sent, send_now


def make_short_lesson(directory: Path, seconds: float) -> Path:
    """A processed lesson of `seconds` (OGG/Opus), as intake leaves it."""
    directory.mkdir(parents=True, exist_ok=True)
    speech = make_speech_wav(
        directory, seconds=seconds, lead_silence=0.2, tail_silence=0.2, name="short.wav"
    )
    out = directory / "short.ogg"
    subprocess.run(
        [
            *("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(speech), "-ac", "1"),
            *("-ar", "48000", "-c:a", "libopus", "-b:a", "32k", str(out)),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return out


def duration_of(path: Path) -> float:
    done = subprocess.run(
        [
            *("ffprobe", "-v", "error", "-show_entries", "format=duration"),
            *("-of", "csv=p=0", str(path)),
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return float(done.stdout.decode().strip())


async def lesson_out(
    bot: RunningBot, double: TelegramDouble, ogg: Path, *, chat_id: int = GROUP
) -> int:
    """Queue the recording as the group's next lesson with its real length, and send it now."""
    group = await bot.services.groups.get(chat_id)
    assert group is not None
    seconds = duration_of(ogg)
    incoming = bot.services.lessons.audio_dir / f"incoming-{uuid.uuid4().hex}.ogg"
    incoming.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(ogg, incoming)
    view = await bot.services.lessons.create(
        group_id=group.id,
        author_id=ADMIN,
        title="学习党章第一章",
        report=AudioReport(seconds, seconds, -16.0, -16.0, 0.0, 0.0, 0.1),
        processed=incoming,
        original=None,
        source_file_unique_id=None,
    )
    await send_now(bot, double, view.id)
    await eventually(lesson_sent(bot, view.id), timeout=10)
    return view.id


async def player_listen(bot: RunningBot, lesson_id: int, user_id: int) -> float | None:
    """The share on the member's listen with source player; None when there is none."""
    async with bot.services.db.reading() as s:
        row = (
            await s.execute(
                select(Listen.id, Listen.progress).where(
                    Listen.lesson_id == lesson_id,
                    Listen.user_id == user_id,
                    Listen.source == "player",
                )
            )
        ).first()
        return None if row is None else float(row[1] if row[1] is not None else -1)


async def heard_share(bot: RunningBot, lesson_id: int, user_id: int) -> float | None:
    async with bot.services.db.reading() as s:
        return await s.scalar(
            select(Heard.share).where(Heard.lesson_id == lesson_id, Heard.user_id == user_id)
        )


async def points_for(bot: RunningBot, lesson_id: int, user_id: int) -> dict[str, int]:
    async with bot.services.db.reading() as s:
        rows = await s.execute(
            select(PointEntry.reason, PointEntry.amount).where(
                PointEntry.lesson_id == lesson_id, PointEntry.user_id == user_id
            )
        )
        return {reason: amount for reason, amount in rows.all()}
