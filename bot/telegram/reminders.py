"""Sends the evening reminders the ledger says are due: one line to the group (the team figure,
with the quiz's figures folded in), then one private nudge to each member who has not listened
(rate-limited like the broadcast)."""

from __future__ import annotations

import asyncio
import logging
from functools import partial

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters
from telegram.error import BadRequest

from bot.branch_life.quiz import QuizFigure, QuizService
from bot.core.i18n import lang_for, t
from bot.core.vocabulary import ReminderStatus, TargetKind
from bot.delivery.reminders import ReminderPlan, ReminderService, ReminderTarget, TeamFigure
from bot.telegram.lesson_message import lesson_link, write_note_button
from bot.telegram.quiz_polls import QuizSender
from bot.telegram.send_once import GroupMigrated, Sent, Unreachability, Unreachable, send_once

log = logging.getLogger(__name__)

WORKERS = 8


def evening_line(number: int, team: TeamFigure, quiz: QuizFigure | None) -> str:
    """The group's one line of the evening: who listened, and the quiz in figures if any."""
    line = t("reminder.group", "zh", n=number, listened=team.listened, expected=team.expected)
    if quiz is None:
        return line
    if not quiz.people:
        return line + t("quiz.evening_none", "zh")
    return line + t("quiz.evening_figure", "zh", people=quiz.people, percent=quiz.percent)


class ReminderSender:
    def __init__(
        self,
        bot: Bot,
        reminders: ReminderService,
        *,
        workers: int = WORKERS,
        paid: bool = False,
        quiz: QuizService | None = None,
        quiz_polls: QuizSender | None = None,
    ) -> None:
        self._bot = bot
        # The quiz's figures go out in the evening line, once its polls are closed.
        self._quiz = quiz
        self._quiz_polls = quiz_polls
        # [broadcast] paid: nudges go at the paid rate too.
        self._paid: bool | None = True if paid else None
        self._reminders = reminders
        self._workers = workers
        self._lock = asyncio.Lock()

    async def send_due(self) -> int:
        """Send every reminder that is due now; returns how many messages went out."""
        # One run at a time; a second caller waits, then finds nothing left to send.
        async with self._lock:
            if self._quiz_polls is not None:
                # Polls closing at the reminder time close first: the line gives final figures.
                try:
                    await self._quiz_polls.close_due()
                except Exception:
                    log.exception("quiz polls not closed before the evening line")
            sent = 0
            for plan in await self._reminders.due():
                sent += await self._send_plan(plan)
            return sent

    async def _send_plan(self, plan: ReminderPlan) -> int:
        queue: asyncio.Queue[ReminderTarget] = asyncio.Queue()
        for target in plan.targets:
            queue.put_nowait(target)
        sent = 0

        async def worker() -> None:
            nonlocal sent
            while not queue.empty():
                target = queue.get_nowait()
                try:
                    if await self._send_one(plan, target):
                        sent += 1
                except Exception:
                    log.exception(
                        "reminder %s of lesson #%s failed", target.reminder_id, plan.lesson_id
                    )

        await asyncio.gather(*(worker() for _ in range(min(self._workers, len(plan.targets)))))
        log.info("reminders for lesson #%s: %d sent", plan.lesson_id, sent)
        return sent

    async def _send_one(self, plan: ReminderPlan, target: ReminderTarget) -> bool:
        group = target.kind == TargetKind.GROUP
        if group and self._quiz is not None and await self._quiz.still_open(plan.lesson_id):
            # A lesson sent late keeps its quiz open a while: the line waits for it (pending).
            return False
        if not await self._reminders.claim(target, plan.lesson_id):
            return False
        # The figures are read once, not again on each flood or network retry of the send.
        line = (
            evening_line(
                plan.number,
                await self._reminders.team_figure(plan.lesson_id),
                await self._quiz.figure(plan.lesson_id) if self._quiz is not None else None,
            )
            if group
            else None
        )
        outcome = await send_once(partial(self._send, plan, target, line))
        if isinstance(outcome, Sent):
            await self._reminders.settle(target, ReminderStatus.DELIVERED)
            return True
        if isinstance(outcome, Unreachable) and outcome.why != Unreachability.CHAT_GONE:
            await self._reminders.settle(target, ReminderStatus.UNREACHABLE, outcome.reason)
        elif isinstance(outcome, GroupMigrated):
            await self._reminders.settle(
                target, ReminderStatus.FAILED, f"group moved to {outcome.new_chat_id}"
            )
        else:
            # Not tried again: a reminder that may have gone out is not sent a second time, and
            # one refused by flood control past its waits stays unsent rather than hold the rest.
            await self._reminders.settle(target, ReminderStatus.FAILED, outcome.reason)
        return False

    async def _send(self, plan: ReminderPlan, target: ReminderTarget, line: str | None) -> None:
        if line is not None:
            await self._bot.send_message(
                target.chat_id,
                line,
                message_thread_id=plan.thread_id,
                allow_paid_broadcast=self._paid,
            )
        else:
            await self._nudge(plan, target)

    async def _nudge(self, plan: ReminderPlan, target: ReminderTarget) -> None:
        lang = lang_for(target.language_code)
        row = [write_note_button(plan.lesson_id, lang)]
        if self._bot.username:
            link = lesson_link(self._bot.username, plan.lesson_id)
            row.insert(0, InlineKeyboardButton(t("button.listen_now", lang), url=link))
        markup = InlineKeyboardMarkup([row])
        reply = (
            ReplyParameters(target.copy_message_id, allow_sending_without_reply=True)
            if target.copy_message_id
            else None
        )
        text = t("reminder.private", lang, n=plan.number, title=plan.title)
        try:
            await self._bot.send_message(
                target.chat_id,
                text,
                reply_markup=markup,
                reply_parameters=reply,
                allow_paid_broadcast=self._paid,
            )
        except BadRequest as exc:
            if reply is None or "reply" not in exc.message.lower():
                raise
            await self._bot.send_message(
                target.chat_id, text, reply_markup=markup, allow_paid_broadcast=self._paid
            )
