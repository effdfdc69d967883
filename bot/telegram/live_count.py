"""The live count on the group's "✅ 已收听 N" button, edited at most once per interval."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, TelegramError
from telegram.ext import CallbackContext, JobQueue

from bot.engagement.listens import ListenService
from bot.telegram.lesson_message import lesson_markup
from bot.telegram.miniapp import MiniApp

log = logging.getLogger(__name__)


def job_name(lesson_id: int) -> str:
    return f"live-count-{lesson_id}"


class LiveCount:
    """Debounces edits: Telegram counts each edit in a group against its 20 messages a minute.

    The first new listener is shown at once; later ones are gathered into one edit per
    `interval` seconds (real time: this paces requests to Telegram, not the lesson's day).
    """

    def __init__(
        self,
        bot: Bot,
        job_queue: JobQueue[Any],
        listens: ListenService,
        interval: float,
        miniapp: MiniApp | None = None,
    ) -> None:
        self._bot = bot
        # The group message keeps its player link when the count is edited in.
        self._miniapp = miniapp
        self._jobs = job_queue
        self._listens = listens
        self._interval = interval
        self._armed: set[int] = set()
        self._editing: set[int] = set()
        self._last_edit: dict[int, float] = {}
        self._shown: dict[int, int] = {}

    def bump(self, lesson_id: int) -> None:
        """A new listener: make sure an edit is on its way."""
        if lesson_id in self._armed:
            return
        self._armed.add(lesson_id)
        if lesson_id not in self._editing:  # else the running edit schedules the next one
            self._schedule(lesson_id)

    def _schedule(self, lesson_id: int) -> None:
        now = asyncio.get_running_loop().time()
        last = self._last_edit.get(lesson_id)
        delay = 0.0 if last is None else max(0.0, last + self._interval - now)
        self._jobs.run_once(
            self._job,
            when=delay,
            data=lesson_id,
            name=job_name(lesson_id),
            job_kwargs={"misfire_grace_time": 60},
        )

    async def _job(self, context: CallbackContext[Any, Any, Any, Any]) -> None:
        lesson_id = context.job.data if context.job else None
        if not isinstance(lesson_id, int):
            return
        # Disarm first: a press during this edit arms the next one.
        self._armed.discard(lesson_id)
        self._editing.add(lesson_id)
        try:
            await self._edit(lesson_id)
        finally:
            self._editing.discard(lesson_id)
            # Counted from when the edit was done, so two edits never reach Telegram closer
            # together than the interval, however long one took.
            self._last_edit[lesson_id] = asyncio.get_running_loop().time()
            if lesson_id in self._armed:
                self._schedule(lesson_id)

    async def _edit(self, lesson_id: int) -> None:
        found = await self._listens.listener_count(lesson_id)
        if found is None:
            return
        chat_id, message_id, count = found
        if self._shown.get(lesson_id) == count:
            return
        try:
            await self._bot.edit_message_reply_markup(
                chat_id,
                message_id,
                reply_markup=lesson_markup(
                    lesson_id, "zh", self._bot.username, count, miniapp=self._miniapp
                ),
            )
        except BadRequest as exc:
            if "not modified" not in exc.message.lower():
                log.warning("live count of lesson #%s not shown: %s", lesson_id, exc.message)
                return
        except TelegramError as exc:
            log.warning("live count of lesson #%s not shown: %s", lesson_id, exc.message)
            return
        self._shown[lesson_id] = count
