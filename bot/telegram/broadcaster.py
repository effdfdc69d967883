"""Sending one lesson to its group and subscribers, following the delivery ledger."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from telegram import Bot, InlineKeyboardMarkup, InputFile
from telegram.error import TelegramError
from telegram.warnings import PTBUserWarning

from bot.core.i18n import Lang, lang_for
from bot.core.vocabulary import TargetKind
from bot.delivery.deliveries import DeliveryService
from bot.delivery.plans import BroadcastPlan, Target
from bot.delivery.recovery import LEASE_HEARTBEAT
from bot.groups.groups import GroupService
from bot.telegram.lesson_message import lesson_caption, lesson_markup
from bot.telegram.miniapp import MiniApp
from bot.telegram.rate_limit import MessageRateLimiter
from bot.telegram.send_once import (
    Failed,
    GroupMigrated,
    MayHaveArrived,
    Outcome,
    Unreachable,
    send_once,
)
from bot.telegram.sent_log import SentLog
from storage.db import retry_on_disconnect

log = logging.getLogger(__name__)
# The raw sendVoice below is deliberate (see Broadcaster._send); PTB would warn on every send.
warnings.filterwarnings(
    "ignore", message=r"Please use 'Bot\.sendVoice' instead", category=PTBUserWarning
)

MAX_NETWORK_ATTEMPTS = 5
# Sends in flight at once: the rate times Telegram's answer time, with room for slow answers.
# More only costs: each open connection is one more for the client to keep and check.
WORKERS = 8
PAID_WORKERS = 40
# Rows claimed per trip to the database; what is claimed and not yet sent goes back to pending
# at a restart (it cannot have arrived).
CLAIM_BATCH = 64


class GroupUnreachable(Exception):
    """The group itself refused the lesson; the secretary must be told."""


class Broadcaster:
    def __init__(
        self,
        bot: Bot,
        deliveries: DeliveryService,
        groups: GroupService,
        *,
        workers: int = WORKERS,
        backoff: float = 1.0,
        paid: bool = False,
        miniapp: MiniApp | None = None,
    ) -> None:
        self._bot = bot
        self._miniapp = miniapp
        self._deliveries = deliveries
        self._groups = groups
        self._workers = workers
        self._backoff = backoff
        # [broadcast] paid: more workers keep 1000 sends a second in flight.
        self._paid = paid
        if paid and workers == WORKERS:
            self._workers = PAID_WORKERS
        self._running: set[int] = set()
        self._audio: dict[int, bytes] = {}
        # Caption and buttons per (lesson, language, kind): the same for thousands of sends.
        self._dressing: dict[tuple[int, str, str], tuple[str, InlineKeyboardMarkup]] = {}
        # Called with the lesson id once it reached the group or a member (the quiz polls
        # follow the lesson), after a broadcast and after each private copy.
        self.on_delivered: list[Callable[[int], Awaitable[object]]] = []

    @property
    def running(self) -> frozenset[int]:
        return frozenset(self._running)

    async def run(self, lesson_id: int) -> tuple[dict[str, int], str | None] | None:
        """Send what the ledger says is left; return the counts and a group error, if any."""
        if lesson_id in self._running:
            return None
        self._running.add(lesson_id)
        try:
            plan = await retry_on_disconnect(
                "begin a broadcast", lambda: self._deliveries.begin(lesson_id)
            )
            if plan is None:
                return None
            log.info(
                "broadcasting lesson #%s: %s, %d private chats left",
                lesson_id,
                "the group first" if plan.group_target else "the group has it",
                len(plan.private_targets),
            )
            # Every running instance broadcasts the same lesson at its slot.
            await self._share_rate()
            file_id = plan.voice_file_id
            group_error: str | None = None
            if plan.group_target is not None:
                try:
                    file_id = await self._deliver(plan, plan.group_target, file_id) or file_id
                except GroupUnreachable as exc:
                    group_error = str(exc)
            # The first private send uploads the audio if nothing has yet; the rest reuse it.
            # Asked of the ledger, not of this plan's list: another instance may have uploaded
            # it meanwhile, or claimed the first rows (trying those one by one kept a second
            # instance busy until the first had sent everything).
            while file_id is None:
                file_id = await self._deliveries.voice_file_id(lesson_id)
                if file_id is not None:
                    break
                first = await self._deliveries.claim_batch(lesson_id, 1)
                if not first:
                    break
                file_id = await self._deliver_claimed(plan, first[0], None)
            await self._deliver_all(plan, file_id)
            # Another instance may have died holding some of this lesson's sends.
            while True:
                if not await self._deliveries.lease_held():
                    await self._renew_lease([])
                taken, waiting = await retry_on_disconnect(
                    "take back a gone instance's sends",
                    lambda: self._deliveries.reclaim_from_gone(lesson_id),
                )
                if not taken:
                    if not waiting:
                        break
                    await asyncio.sleep(LEASE_HEARTBEAT)  # a gone instance's grace runs
                    continue
                # The loop above may have ended with no file_id (the others had every row):
                # ask the ledger again rather than upload the audio for each send.
                file_id = file_id or await self._deliveries.voice_file_id(lesson_id)
                await self._deliver_all(plan, file_id)
            counts = await retry_on_disconnect(
                "close a broadcast", lambda: self._deliveries.finish(lesson_id)
            )
            log.info("lesson #%s broadcast: %s", lesson_id, counts)
            return counts, group_error
        finally:
            self._running.discard(lesson_id)
            self._audio.pop(lesson_id, None)
            self._dressing = {k: v for k, v in self._dressing.items() if k[0] != lesson_id}

    async def private_copy(self, lesson_id: int, user_id: int) -> bool:
        """Send one member the lesson in private chat, unless the ledger says they have it."""
        plan = await self._deliveries.begin_private_copy(lesson_id, user_id)
        if plan is None or not plan.private_targets:
            return False
        try:
            await self._deliver(plan, plan.private_targets[0], plan.voice_file_id)
        finally:
            # A copy sent while the broadcast runs may be the ledger's last open row.
            await self._deliveries.finish(lesson_id)
        await self.delivered(lesson_id)
        return True

    async def delivered(self, lesson_id: int) -> None:
        """Run what follows a lesson's delivery; one hook failing never stops the others."""
        for hook in self.on_delivered:
            try:
                await hook(lesson_id)
            except Exception:
                log.exception("after-delivery work for lesson #%s failed", lesson_id)

    async def _deliver_all(self, plan: BroadcastPlan, file_id: str | None) -> None:
        """Workers take the private sends from the ledger, a batch at a time: with several
        instances on one PostgreSQL each claims rows the others skip. What Telegram
        accepted is written in batches too (SentLog)."""
        claimed: deque[Target] = deque()
        refill = asyncio.Lock()
        sent = SentLog(self._deliveries, plan.lesson_id)
        batch = max(CLAIM_BATCH, self._workers)

        async def renew_if_lost() -> None:
            # Under `refill`: no worker takes a claimed row meanwhile.
            if not await self._deliveries.lease_held():
                unsent = [target.delivery_id for target in claimed]
                claimed.clear()
                await self._renew_lease(unsent)

        async def next_target() -> Target | None:
            async with refill:
                if not claimed:
                    # The lease, before each claim batch: a row claimed under a lost lease
                    # is one another instance may take back and send again.
                    await renew_if_lost()
                    claimed.extend(
                        await retry_on_disconnect(
                            "claim sends",
                            lambda: self._deliveries.claim_batch(plan.lesson_id, batch),
                        )
                    )
                return claimed.popleft() if claimed else None

        async def heartbeat() -> None:
            while True:
                await asyncio.sleep(LEASE_HEARTBEAT)
                async with refill:
                    await renew_if_lost()

        async def worker() -> None:
            while (target := await next_target()) is not None:
                try:
                    await self._deliver_claimed(plan, target, file_id, sent)
                except Exception:
                    # One bad recipient never stalls the others.
                    log.exception(
                        "delivery %s of lesson #%s failed", target.delivery_id, plan.lesson_id
                    )

        recorder = asyncio.create_task(sent.run())
        beat = asyncio.create_task(heartbeat())
        try:
            await asyncio.gather(*(worker() for _ in range(self._workers)))
        finally:
            beat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beat
            sent.close()
            await recorder

    async def _renew_lease(self, unsent: list[int]) -> None:
        """This instance's lease is gone: what it held in flight becomes uncertain (claimed
        rows never sent go back to pending), a new lease is taken, and the shared rate is
        shared again."""
        await retry_on_disconnect(
            "take a new lease", lambda: self._deliveries.take_new_lease(unsent)
        )
        await self._share_rate()

    async def _share_rate(self) -> None:
        """The bot's rate, split among the instances running now (ExtBot: the app's limiter)."""
        limiter = getattr(self._bot, "rate_limiter", None)
        if isinstance(limiter, MessageRateLimiter):
            limiter.share_with(await self._deliveries.live_instance_count())

    async def _voice(self, plan: BroadcastPlan, file_id: str | None) -> str | InputFile:
        if file_id is not None:
            return file_id
        data = self._audio.get(plan.lesson_id)
        if data is None:
            data = await asyncio.to_thread(Path(plan.audio_path).read_bytes)
            self._audio[plan.lesson_id] = data
        return InputFile(data, filename=f"lesson-{plan.lesson_id}.ogg")

    def _dress(self, plan: BroadcastPlan, target: Target) -> tuple[str, InlineKeyboardMarkup]:
        lang: Lang = "zh" if target.kind == TargetKind.GROUP else lang_for(target.language_code)
        key = (plan.lesson_id, lang, target.kind)
        dressing = self._dressing.get(key)
        if dressing is None:
            username = self._bot.username if target.kind == TargetKind.GROUP else None
            dressing = (
                lesson_caption(plan, lang, in_group=target.kind == TargetKind.GROUP),
                lesson_markup(plan.lesson_id, lang, username, miniapp=self._miniapp),
            )
            self._dressing[key] = dressing
        return dressing

    async def _send(
        self, plan: BroadcastPlan, target: Target, file_id: str | None
    ) -> tuple[int, str | None]:
        """Send the lesson; return Telegram's message id and the voice's file_id."""
        voice = await self._voice(plan, file_id)
        caption, markup = self._dress(plan, target)
        if isinstance(voice, str) and target.kind != TargetKind.GROUP:
            # The bulk of a broadcast: the same voice by file_id to each member. The ledger
            # keeps two fields of the answer; building PTB's Message from it, and PTB asking
            # the disk whether a file_id is a local path, cost more than the request itself
            # (benchmarks/bench_scale.py). Errors are PTB's as with send_voice.
            kwargs: dict[str, object] = {
                "chat_id": target.chat_id,
                "voice": voice,
                "caption": caption,
                "duration": max(1, round(plan.duration)),
                "reply_markup": markup,
            }
            if self._paid:
                kwargs["allow_paid_broadcast"] = True
            result = await self._bot.do_api_request("sendVoice", api_kwargs=kwargs)
            sent_voice = result.get("voice") or {}
            return int(result["message_id"]), sent_voice.get("file_id")
        message = await self._bot.send_voice(
            chat_id=target.chat_id,
            voice=voice,
            caption=caption,
            duration=max(1, round(plan.duration)),
            reply_markup=markup,
            message_thread_id=plan.thread_id if target.kind == TargetKind.GROUP else None,
            allow_paid_broadcast=True if self._paid else None,
        )
        return message.message_id, message.voice.file_id if message.voice else None

    async def _deliver(
        self, plan: BroadcastPlan, target: Target, file_id: str | None
    ) -> str | None:
        """Send to one chat, settle its ledger row; return the voice file_id Telegram gave.

        Whatever goes wrong, the row is settled: a row left in flight would keep the lesson
        in LessonStatus.SENDING (and /sendnow refusing it) until a restart.
        """
        if not await self._deliveries.claim(target):
            return None
        return await self._deliver_claimed(plan, target, file_id)

    async def _deliver_claimed(
        self, plan: BroadcastPlan, target: Target, file_id: str | None, sent: SentLog | None = None
    ) -> str | None:
        try:
            return await self._send_and_settle(plan, target, file_id, sent)
        except GroupUnreachable:
            raise
        except Exception as exc:
            log.exception("delivery %s of lesson #%s broke", target.delivery_id, plan.lesson_id)
            await self._deliveries.failed(target, f"internal error: {exc!r}")
            if target.kind == TargetKind.GROUP:
                raise GroupUnreachable(f"internal error: {exc!r}") from exc
            return None

    async def _send_and_settle(
        self, plan: BroadcastPlan, target: Target, file_id: str | None, sent: SentLog | None
    ) -> str | None:
        outcome = await self._send_once(plan, target, file_id)
        if isinstance(outcome, GroupMigrated):
            # The group became a supergroup: the database follows it, and so does the lesson.
            await self._groups.migrate(target.chat_id, outcome.new_chat_id)
            target = replace(target, chat_id=outcome.new_chat_id)
            outcome = await self._send_once(plan, target, file_id)
        if isinstance(outcome, MayHaveArrived):
            # Retrying could deliver it twice: record it as uncertain, at most once.
            await self._deliveries.uncertain(target, outcome.reason)
            return None
        if isinstance(outcome, Unreachable):
            await self._deliveries.unreachable(target, outcome.reason)
            reason = outcome.reason
        elif isinstance(outcome, Failed):
            await self._deliveries.failed(target, outcome.reason)
            reason = outcome.reason
        elif isinstance(outcome, GroupMigrated):
            # Moved again straight after moving: not followed round in circles.
            reason = f"group moved again, to {outcome.new_chat_id}"
            await self._deliveries.failed(target, reason)
        else:
            return await self._settle_sent(plan, target, outcome.value, sent)
        if target.kind == TargetKind.GROUP:
            raise GroupUnreachable(reason)
        return None

    async def _send_once(
        self, plan: BroadcastPlan, target: Target, file_id: str | None
    ) -> Outcome[tuple[int, str | None]]:
        return await send_once(
            partial(self._send, plan, target, file_id),
            network_attempts=MAX_NETWORK_ATTEMPTS,
            backoff=self._backoff,
        )

    async def _settle_sent(
        self,
        plan: BroadcastPlan,
        target: Target,
        answer: tuple[int, str | None],
        sent: SentLog | None,
    ) -> str | None:
        """Telegram has the copy: write it down (a batch at a time in a broadcast)."""
        message_id, new_file_id = answer
        if sent is not None and target.kind != TargetKind.GROUP:
            sent.add(target, message_id, new_file_id)
            return new_file_id
        try:
            await self._deliveries.delivered(target, message_id, plan.lesson_id, new_file_id)
        except Exception as exc:
            # Telegram has it; the ledger says so as far as it can, and never resends it.
            log.exception("could not record delivery %s as sent", target.delivery_id)
            await self._deliveries.uncertain(target, f"sent, not recorded: {exc!r}")
        if target.kind == TargetKind.GROUP and plan.pin:
            await self._pin(target.chat_id, message_id)
        return new_file_id

    async def _pin(self, chat_id: int, message_id: int) -> None:
        try:
            await self._bot.pin_chat_message(chat_id, message_id, disable_notification=True)
        except TelegramError as exc:
            # Usually the bot is not an admin with the pin right; the lesson is still out.
            log.warning("could not pin lesson message in %s: %s", chat_id, exc.message)
