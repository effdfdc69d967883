"""Arms broadcast jobs from the database and runs them; catch-up after downtime."""

from __future__ import annotations

import logging
from collections.abc import Coroutine
from datetime import timedelta
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import TelegramError
from telegram.ext import CallbackContext, JobQueue

from bot.core.clock import Clock
from bot.core.i18n import lang_for, t
from bot.core.vocabulary import LessonStatus
from bot.core.when import short_day_time
from bot.delivery.deliveries import DeliveryService
from bot.delivery.plans import DueLesson
from bot.lessons.lessons import LessonService
from bot.members.members import MemberService
from bot.telegram import callback_data
from bot.telegram.broadcaster import Broadcaster
from bot.telegram.callback_data import LessonAction

log = logging.getLogger(__name__)


def job_id(lesson_id: int) -> str:
    return f"broadcast-{lesson_id}"


class BroadcastRunner:
    """The database is the schedule; this keeps one in-memory job per lesson in step with it."""

    def __init__(
        self,
        *,
        bot: Bot,
        job_queue: JobQueue[Any],
        broadcaster: Broadcaster,
        deliveries: DeliveryService,
        lessons: LessonService,
        members: MemberService,
        clock: Clock,
        catch_up: timedelta,
        spawn: Any,
    ) -> None:
        self._bot = bot
        self._jobs = job_queue
        self._broadcaster = broadcaster
        self._deliveries = deliveries
        self._lessons = lessons
        self._members = members
        self._clock = clock
        self._catch_up = catch_up
        # application.create_task: tasks the application tracks and awaits at shutdown.
        self._spawn = spawn

    async def restore(self) -> None:
        """At start: re-arm every pending lesson; catch up or mark missed what passed."""
        await self._deliveries.recover_in_flight()
        for due in await self._deliveries.lessons_to_arm():
            await self._arm(due)

    def lesson_changed(self, lesson_id: int) -> None:
        coro: Coroutine[Any, Any, None] = self._rearm(lesson_id)
        self._spawn(coro)

    async def _rearm(self, lesson_id: int) -> None:
        for job in self._jobs.get_jobs_by_name(job_id(lesson_id)):
            job.schedule_removal()
        due = await self._deliveries.lesson_slot(lesson_id)
        if due is not None and due.status in (LessonStatus.QUEUED, LessonStatus.SENDING):
            await self._arm(due)

    async def _arm(self, due: DueLesson) -> None:
        now = self._clock.now()
        delay = (due.slot_at - now).total_seconds()
        if due.status == LessonStatus.QUEUED and delay < -self._catch_up.total_seconds():
            if await self._deliveries.mark_missed(due.lesson_id, self._catch_up):
                await self._tell_missed(due)
            return
        self._jobs.run_once(
            self._job,
            when=max(0.0, delay),
            data=due,
            name=job_id(due.lesson_id),
            job_kwargs={
                "id": job_id(due.lesson_id),
                "replace_existing": True,
                # APScheduler's default grace is 1 s: a busy loop would silently skip the lesson.
                "misfire_grace_time": int(self._catch_up.total_seconds()) or 60,
            },
        )
        log.info("lesson #%s armed in %.0f s", due.lesson_id, max(0.0, delay))

    async def _job(self, context: CallbackContext[Any, Any, Any, Any]) -> None:
        armed = context.job.data if context.job else None
        if not isinstance(armed, DueLesson):
            return
        current = await self._deliveries.lesson_slot(armed.lesson_id)
        if current is None or current.status not in (LessonStatus.QUEUED, LessonStatus.SENDING):
            return
        if current.status == LessonStatus.QUEUED and current.slot_at != armed.slot_at:
            return  # moved since this job was armed; its own job will run it
        await self.broadcast(armed.lesson_id)

    async def broadcast(self, lesson_id: int) -> dict[str, int] | None:
        result = await self._broadcaster.run(lesson_id)
        if result is None:
            return None
        counts, group_error = result
        if group_error is not None:
            await self._tell_group_unreachable(lesson_id, group_error)
        await self._broadcaster.delivered(lesson_id)
        return counts

    async def _tell(
        self, user_id: int, text: str, markup: InlineKeyboardMarkup | None = None
    ) -> None:
        try:
            await self._bot.send_message(user_id, text, reply_markup=markup)
        except TelegramError as exc:
            log.warning("could not alert secretary %s: %s", user_id, exc.message)

    async def _tell_missed(self, due: DueLesson) -> None:
        info = await self._lessons.info(due.lesson_id)
        if info is None:
            return
        lang = lang_for(await self._members.language(info.author_id))
        slots = await self._lessons.free_slots_for(due.lesson_id, 1)
        buttons = []
        if slots:
            local = slots[0].astimezone(info.zone)
            buttons.append(
                [
                    InlineKeyboardButton(
                        t("button.use_slot", lang, when=short_day_time(local, lang)),
                        callback_data=callback_data.use_slot(due.lesson_id, slots[0]),
                    )
                ]
            )
        buttons.append(
            [
                InlineKeyboardButton(
                    t("button.send_now", lang),
                    callback_data=callback_data.lesson_action(LessonAction.SEND_NOW, due.lesson_id),
                ),
                InlineKeyboardButton(
                    t("button.cancel", lang),
                    callback_data=callback_data.lesson_action(LessonAction.CANCEL, due.lesson_id),
                ),
            ]
        )
        local_missed = due.slot_at.astimezone(info.zone)
        await self._tell(
            info.author_id,
            t(
                "alert.missed",
                lang,
                n=info.number,
                title=info.title,
                when=short_day_time(local_missed, lang),
            ),
            InlineKeyboardMarkup(buttons),
        )

    async def _tell_group_unreachable(self, lesson_id: int, reason: str) -> None:
        info = await self._lessons.info(lesson_id)
        if info is None:
            return
        lang = lang_for(await self._members.language(info.author_id))
        await self._tell(
            info.author_id,
            t(
                "alert.group_unreachable",
                lang,
                n=info.number,
                group=info.group_title,
                reason=reason,
            ),
        )
