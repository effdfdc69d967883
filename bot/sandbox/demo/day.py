"""A day of the micro-lesson on a fast clock: the real bot, the built-in Telegram double, a
secretary and a few members, printed as a chat transcript."""

from __future__ import annotations

import asyncio
import logging
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.app.build import ALLOWED_UPDATES, build_application, on_shutdown, on_startup
from bot.core.clock import FakeClock
from bot.core.config import parse_settings
from bot.core.vocabulary import LessonStatus
from bot.sandbox.demo.transcript import Lang, Transcript
from bot.sandbox.double import TelegramDouble
from bot.telegram import callback_data
from bot.telegram.context import AppType
from storage.models import Lesson

ZONE = ZoneInfo("Asia/Shanghai")
GROUP = -100100
SECRETARY = 10
# A Monday in the working week, 07:00 in Shanghai.
START = datetime(2026, 3, 2, 7, 0, tzinfo=ZONE)
WAIT = 30.0  # seconds for the bot to answer before the demo gives up

NAMES: dict[Lang, dict[int, str]] = {
    "zh": {10: "王书记", 21: "张伟", 22: "李娜", 23: "王芳", 24: "刘洋"},
    "en": {10: "Secretary Wang", 21: "Zhang Wei", 22: "Li Na", 23: "Wang Fang", 24: "Liu Yang"},
}
SCENES: dict[Lang, dict[str, str]] = {
    "zh": {
        "setup": "书记把机器人拉进工作群并绑定，党员点群里的按钮开通私聊推送"
        "（刘洋只在群里加入名单，没有私聊过机器人）",
        "upload": "书记录好今天的微党课，发给机器人",
        "broadcast": "书记点「立即推送」：群里和私聊同时收到",
        "day": "白天：收听、写心得",
        "reminder": "晚上提醒：只私信还没收听的人，群里只报总数",
        "report": "书记查看报告：群里只有数字，私聊里有名单和心得",
        "title": "学习党章第一章",
        "note": "学习党章第一章，体会到党员要在岗位上起先锋模范作用，我要从身边小事做起。",
        "voice": "（发送语音 {seconds} 秒，说明：{title}）",
        "press": "（点了「{button}」）",
        "reply": "（回复课程）{text}",
    },
    "en": {
        "setup": "The secretary adds the bot to the group and binds it; members tap the "
        "group's button to start it in private (Liu Yang only joins the list in the group)",
        "upload": "The secretary records today's lesson and sends it to the bot",
        "broadcast": 'The secretary presses "send now": the group and private chats get it',
        "day": "During the day: listening and study notes",
        "reminder": "Evening reminder: a private nudge to those who have not listened, the "
        "team figure in the group",
        "report": "The secretary reads the report: figures in the group, names and notes "
        "in private",
        "title": "Party Constitution, chapter 1",
        "note": "Chapter 1 reminded me that members should set an example at work; I will "
        "start with small things.",
        "voice": "(sends a {seconds} s voice note, caption: {title})",
        "press": '(presses "{button}")',
        "reply": "(replies to the lesson) {text}",
    },
}


@dataclass
class Day:
    double: TelegramDouble
    app: AppType
    clock: FakeClock
    transcript: Transcript
    lang: Lang
    _seen: int = 0
    _reactions: int = 0

    def __post_init__(self) -> None:
        # Button presses still to be shown with their answer: query id -> chat.
        self._pressed: dict[str, int] = {}

    @property
    def scenes(self) -> dict[str, str]:
        return SCENES[self.lang]

    async def settle(self) -> None:
        """Wait until every update has been handled, then print what the bot said."""
        app, double = self.app, self.double

        def idle() -> bool:
            return (
                not double.pending_updates
                and app.update_queue.empty()
                and app.update_processor.current_concurrent_updates == 0
            )

        for _ in range(2):  # a handler may have queued a follow-up
            await double.wait_until(idle, timeout=WAIT)
            await asyncio.sleep(0.05)
        self.flush()

    def flush(self) -> None:
        for message in self.double.sent[self._seen :]:
            self.transcript.bot_message(message)
        self._seen = len(self.double.sent)
        for query_id, chat_id in list(self._pressed.items()):
            answer = self.double.callback_answers.get(query_id)
            if answer is not None:
                del self._pressed[query_id]
                if answer.get("text"):
                    self.transcript.toast(chat_id, str(answer["text"]))
        for reaction in self.double.reactions[self._reactions :]:
            emoji = "".join(r.get("emoji", "") for r in reaction.get("reaction", []))
            self.transcript.reaction(int(reaction["chat_id"]), emoji)
        self._reactions = len(self.double.reactions)

    async def says(self, chat_id: int, user_id: int, text: str, **kw: Any) -> None:
        shown = self.scenes["reply"].format(text=text) if "reply_to_message_id" in kw else text
        self.transcript.person(chat_id, user_id, shown)
        self.double.user_sends(chat_id, user_id, text, **kw)
        await self.settle()

    async def presses(self, chat_id: int, user_id: int, message_id: int, data: str) -> None:
        message = self.double.world.message(chat_id, message_id) or {}
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        label = next(
            (b["text"] for row in rows for b in row if b.get("callback_data") == data), data
        )
        self.transcript.person(chat_id, user_id, self.scenes["press"].format(button=label))
        self._pressed[self.double.press_button(chat_id, user_id, message_id, data)] = chat_id
        await self.settle()

    async def taps_link(self, user_id: int, message_id: int) -> None:
        """A URL button to t.me/<bot>?start=<payload>: the client sends /start <payload>."""
        message = self.double.world.message(GROUP, message_id) or {}
        button = message["reply_markup"]["inline_keyboard"][0][0]
        self.transcript.person(GROUP, user_id, self.scenes["press"].format(button=button["text"]))
        payload = str(button["url"]).rsplit("?start=", 1)[1]
        self.double.user_sends(user_id, user_id, f"/start {payload}")
        await self.settle()

    def at(self, hour: int, minute: int, scene: str) -> None:
        self.clock.set(START.replace(hour=hour, minute=minute))
        self.transcript.scene(self.clock.now(), self.scenes[scene])

    async def until(self, check: Callable[[], Awaitable[bool]]) -> None:
        deadline = asyncio.get_running_loop().time() + WAIT
        while not await check():
            if asyncio.get_running_loop().time() > deadline:
                raise RuntimeError("the demo's bot did not finish in time")
            await asyncio.sleep(0.05)


def _lesson_audio() -> bytes:
    return resources.files("bot.sandbox.demo").joinpath("lesson.ogg").read_bytes()


async def run_demo(lang: Lang = "zh") -> list[str]:
    """Play the day; returns the transcript's lines (also printed as they happen)."""
    names = NAMES[lang]
    language = "zh-hans" if lang == "zh" else "en"
    with tempfile.TemporaryDirectory(prefix="microlesson-demo-") as tmp:
        async with TelegramDouble() as double:
            settings = parse_settings(
                {
                    "telegram": {
                        "token": double.token,
                        "api_base_url": double.base_url,
                        "poll_timeout": 1,
                    },
                    "storage": {
                        "url": f"sqlite+aiosqlite:///{Path(tmp) / 'demo.db'}",
                        "audio_dir": str(Path(tmp) / "audio"),
                    },
                    "logging": {"level": "WARNING"},
                },
                "demo",
            )
            clock = FakeClock(START)
            app = build_application(settings, clock=clock)
            title = "第一党支部" if lang == "zh" else "First Party Branch"
            transcript = Transcript(lang, ZONE, GROUP, title, names)
            day = Day(double, app, clock, transcript, lang)
            await app.initialize()
            await on_startup(app)
            await app.start()
            if app.updater is None:
                raise RuntimeError("the demo needs PTB's updater")
            await app.updater.start_polling(
                allowed_updates=ALLOWED_UPDATES, timeout=1, poll_interval=0
            )
            try:
                await _play(day, double, names, language, title)
            finally:
                if app.updater.running:
                    await app.updater.stop()
                await app.stop()
                await on_shutdown(app)
                await app.shutdown()
    return transcript.lines


async def _play(
    day: Day, double: TelegramDouble, names: dict[int, str], language: str, title: str
) -> None:
    s = day.scenes
    # Five people and the bot: Telegram counts the bot among the members.
    double.add_group(GROUP, title, type="supergroup", member_count=6)
    for uid, name in names.items():
        double.add_user(uid, name, language_code=language)
        double.set_member(GROUP, uid, "creator" if uid == SECRETARY else "member")

    day.at(7, 0, "setup")
    double.add_bot_to_group(GROUP, SECRETARY)
    await day.settle()
    await day.says(GROUP, SECRETARY, "/bind")
    await day.says(SECRETARY, SECRETARY, "/start")
    bound = next(m for m in double.sent if m.chat_id == GROUP and m.reply_markup)
    for uid in (21, 22, 23):  # one tap on the group's button opens the private chat
        await day.taps_link(uid, bound.message_id)
    # Liu Yang joins the group's list but never opens the private chat: 未开通推送.
    await day.says(GROUP, 24, "/join")

    day.at(7, 5, "upload")
    audio = _lesson_audio()
    day.transcript.person(SECRETARY, SECRETARY, s["voice"].format(seconds=35, title=s["title"]))
    double.user_sends_file(SECRETARY, SECRETARY, "voice", audio, caption=s["title"], duration=35)
    await day.until(lambda: _has_voice(double, SECRETARY))
    await day.settle()
    preview = next(m for m in double.sent if m.chat_id == SECRETARY and m.method == "sendVoice")

    day.at(7, 6, "broadcast")
    await day.presses(SECRETARY, SECRETARY, preview.message_id, "now:1")
    await day.until(lambda: _broadcast_done(day))
    await day.settle()
    lesson = next(m for m in double.sent if m.chat_id == GROUP and m.method == "sendVoice")
    copies = {m.chat_id: m for m in double.sent if m.method == "sendVoice" and m.chat_id > 0}

    day.at(9, 12, "day")
    listen = callback_data.listen(1)
    await day.presses(GROUP, 21, lesson.message_id, listen)
    await day.says(GROUP, 22, s["note"], reply_to_message_id=lesson.message_id)
    if 21 in copies:
        await day.presses(21, 21, copies[21].message_id, listen)

    day.at(20, 0, "reminder")
    await day.app.bot_data.services.reminders.send_due()
    await day.settle()

    day.at(20, 30, "report")
    await day.says(GROUP, SECRETARY, "/report")
    await day.says(SECRETARY, SECRETARY, "/report")


async def _has_voice(double: TelegramDouble, chat_id: int) -> bool:
    return any(m.chat_id == chat_id and m.method == "sendVoice" for m in double.sent)


async def _broadcast_done(day: Day) -> bool:
    async with day.app.bot_data.services.db.transaction() as s:
        status = await s.scalar(select(Lesson.status).where(Lesson.id == 1))
    return status == LessonStatus.SENT


def main(lang: Lang = "zh") -> int:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    asyncio.run(run_demo(lang))
    return 0
