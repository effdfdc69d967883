"""Helpers for the members' day tests: a lesson out in the group, presses, and the record."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from bot.audio import AudioReport
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from bot.sandbox.double.state import SentMessage
from bot.telegram import callback_data
from storage.models import Delivery, Lesson, Listen, Membership, Note, PointEntry
from tests.support.harness import ADMIN, GROUP, RunningBot, eventually, text_of

REPORT = AudioReport(12.0, 12.0, -16.0, -16.0, 0.0, 0.0, 0.1)


@dataclass(frozen=True)
class LessonOut:
    lesson_id: int
    group_message: SentMessage
    copies: dict[int, SentMessage]


async def queue_lesson(
    bot: RunningBot, ogg: Path, title: str = "学习党章", chat_id: int = GROUP, author: int = ADMIN
) -> int:
    """A processed recording queued as the group's next lesson (the intake is tested elsewhere)."""
    group = await bot.services.groups.get(chat_id)
    assert group is not None
    incoming = bot.services.lessons.audio_dir / f"incoming-{uuid.uuid4().hex}.ogg"
    shutil.copy(ogg, incoming)
    view = await bot.services.lessons.create(
        group_id=group.id,
        author_id=author,
        title=title,
        report=REPORT,
        processed=incoming,
        original=None,
        source_file_unique_id=None,
    )
    return view.id


def lesson_sent(bot: RunningBot, lesson_id: int) -> Callable[[], Awaitable[bool]]:
    """A check for eventually(): has the lesson's broadcast finished (status "sent")?"""

    async def check() -> bool:
        async with bot.services.db.transaction() as s:
            lesson = await s.get(Lesson, lesson_id)
            return lesson is not None and lesson.status == "sent"

    return check


async def send_now(
    bot: RunningBot, double: TelegramDouble, lesson_id: int, author: int = ADMIN
) -> None:
    """/sendnow #N as the secretary types it (the group's number, not the database's id); when
    several of their groups have that #N, the button of this lesson's group."""
    number = (await bot.services.lessons.get(author, lesson_id)).number
    cur = double.cursor()
    double.user_sends(author, author, f"/sendnow {number}")
    asked = await double.wait_for(lambda m: m.chat_id == author, after=cur)
    if text_of(asked) == t("number.pick", "zh", n=number):
        data = callback_data.number_pick("sendnow", lesson_id)
        answered = double.cursor()
        await press(double, author, author, asked.message_id, data)
        asked = await double.wait_for(lambda m: m.chat_id == author, after=answered)
    assert text_of(asked) == t("lesson.sending_now", "zh", n=number)


async def broadcast_now(
    bot: RunningBot,
    double: TelegramDouble,
    ogg: Path,
    title: str = "学习党章",
    chat_id: int = GROUP,
    author: int = ADMIN,
) -> LessonOut:
    """Queue a lesson, /sendnow it, wait until the ledger is settled; return its messages."""
    lesson_id = await queue_lesson(bot, ogg, title, chat_id, author)
    cur = double.cursor()
    await send_now(bot, double, lesson_id, author)

    await eventually(lesson_sent(bot, lesson_id), timeout=10)
    voices = [m for m in double.sent[cur:] if m.method == "sendVoice"]
    group_message = next(m for m in voices if m.chat_id == chat_id)
    copies = {m.chat_id: m for m in voices if m.chat_id > 0}
    return LessonOut(lesson_id, group_message, copies)


async def press(
    double: TelegramDouble,
    chat_id: int,
    user_id: int,
    message_id: int,
    data: str,
    *,
    check: bool = True,
) -> str:
    """Press a button and return the bot's answer to it."""
    qid = double.press_button(chat_id, user_id, message_id, data, check=check)
    await double.wait_until(lambda: qid in double.callback_answers)
    return str(double.callback_answers[qid]["text"])


async def listens(bot: RunningBot, lesson_id: int) -> set[tuple[int, str, str]]:
    """(user, source, timing) of every listen recorded for a lesson."""
    async with bot.services.db.transaction() as s:
        rows = await s.execute(
            select(Listen.user_id, Listen.source, Listen.timing).where(
                Listen.lesson_id == lesson_id
            )
        )
        return {(u, src, timing) for u, src, timing in rows.all()}


async def points(bot: RunningBot, user_id: int) -> int:
    async with bot.services.db.transaction() as s:
        total = await s.scalar(
            select(func.coalesce(func.sum(PointEntry.amount), 0)).where(
                PointEntry.user_id == user_id
            )
        )
        return int(total or 0)


async def membership(bot: RunningBot, user_id: int) -> str | None:
    async with bot.services.db.transaction() as s:
        return await s.scalar(select(Membership.status).where(Membership.user_id == user_id))


async def notes(bot: RunningBot) -> list[Note]:
    async with bot.services.db.transaction() as s:
        return list((await s.execute(select(Note).order_by(Note.id))).scalars())


async def open_and_confirm(bot: RunningBot, double: TelegramDouble, uid: int, lesson: int) -> None:
    """The member opens the lesson from its link (recorded as opened, no listen) and then
    presses ✅ 已收听 on their private copy: the press is the listen."""
    cur = double.cursor()
    double.user_sends(uid, uid, f"/start l{lesson}")
    opened = t("start.lesson_opened", "zh", n=lesson)
    await double.wait_for(lambda m: m.chat_id == uid and text_of(m) == opened, after=cur)
    async with bot.services.db.reading() as s:
        message_id = await s.scalar(
            select(Delivery.message_id).where(
                Delivery.lesson_id == lesson, Delivery.user_id == uid, Delivery.kind == "private"
            )
        )
    assert message_id is not None
    await press(double, uid, uid, int(message_id), f"listen:{lesson}")
