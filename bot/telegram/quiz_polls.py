"""Sends a lesson's quiz as Telegram quiz polls after it goes out (to members' private chats;
to the group too with `[quiz] in_group`), and closes them at the group's reminder time
(stopPoll). The group is told figures only, never names, in the evening line
(bot/telegram/reminders.py)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from functools import partial

from telegram import Bot
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.branch_life.quiz import AnswerResult, QuizPollTarget, QuizService
from bot.core.i18n import lang_for, t
from bot.telegram.send_once import Sent, send_once

log = logging.getLogger(__name__)

# How long an answer to a poll still being sent waits for its id to be written down.
ANSWER_WAIT_SECONDS = 30
# sendPoll's explanation: 0-200 characters, at most 2 line feeds.
MAX_EXPLANATION = 200


def explanation(target: QuizPollTarget) -> str:
    """The right answer, shown by Telegram after a wrong pick or on the lamp icon."""
    right = " ".join(target.options[target.correct].split())
    text = t("quiz.explanation", lang_for(target.language_code), right=right)
    return text if len(text) <= MAX_EXPLANATION else text[: MAX_EXPLANATION - 1] + "…"


class QuizSender:
    def __init__(self, bot: Bot, quiz: QuizService) -> None:
        self._bot = bot
        self._quiz = quiz
        self._lock = asyncio.Lock()
        # Sends under way: an answer can arrive before its poll's id is written down.
        self._sending = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def lesson_delivered(self, lesson_id: int) -> int:
        """The lesson reached the group or a member: send its questions where not yet sent."""
        sent = 0
        self._sending += 1
        self._idle.clear()
        try:
            for target in await self._quiz.plan_polls(lesson_id):
                if await self._send(target):
                    sent += 1
        finally:
            self._sending -= 1
            if not self._sending:
                self._idle.set()
        return sent

    async def answer(self, poll_id: str, user_id: int, option_ids: list[int]) -> AnswerResult:
        """Score a poll answer; one for a poll whose send is still finishing waits for it."""
        result = await self._quiz.answer(poll_id, user_id, option_ids)
        if result.unknown and not self._idle.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._idle.wait(), ANSWER_WAIT_SECONDS)
            result = await self._quiz.answer(poll_id, user_id, option_ids)
        return result

    async def _send(self, target: QuizPollTarget) -> bool:
        outcome = await send_once(
            partial(
                self._bot.send_poll,
                target.chat_id,
                target.question,
                list(target.options),
                is_anonymous=False,  # answers arrive as poll_answer updates
                type="quiz",
                correct_option_ids=[target.correct],  # type: ignore[list-item]
                explanation=explanation(target),
                message_thread_id=target.thread_id,
            )
        )
        if not isinstance(outcome, Sent):
            # The row stays without a message: never sent again (a missing poll beats two).
            log.warning("quiz poll to %s not sent: %s", target.chat_id, outcome)
            return False
        message = outcome.value
        if message.poll is not None:
            await self._quiz.poll_sent(target.poll_row, message.message_id, message.poll.id)
        return True

    async def close_due(self) -> int:
        """Stop the polls whose time has come (their figures go out in the evening line)."""
        async with self._lock:
            closed = 0
            for poll in await self._quiz.closing():
                try:
                    await self._bot.stop_poll(poll.chat_id, poll.message_id)
                    closed += 1
                except (BadRequest, Forbidden) as exc:
                    log.info("poll in %s not stopped: %s", poll.chat_id, exc.message)
                except TelegramError as exc:
                    log.warning("poll in %s not stopped: %s", poll.chat_id, exc.message)
            return closed
