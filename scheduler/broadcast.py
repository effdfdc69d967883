"""Sending one lesson to its group and subscribers, following the delivery ledger."""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    WebAppInfo,
)
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot import callback_data
from bot.deliveries import BroadcastPlan, DeliveryService, Target
from bot.formatting import local_day
from bot.groups import GroupService
from bot.i18n import Lang, lang_for, t

log = logging.getLogger(__name__)

MAX_NETWORK_ATTEMPTS = 5
WORKERS = 24
PAID_WORKERS = 96


def lesson_caption(plan: BroadcastPlan, lang: Lang) -> str:
    day = local_day(plan.slot_at, plan.timezone, lang)
    return t("broadcast.caption", lang, n=plan.lesson_id, title=plan.title, day=day)


def lesson_link(bot_username: str, lesson_id: int) -> str:
    """The deep link that opens a lesson in private chat."""
    return f"https://t.me/{bot_username}?start=l{lesson_id}"


@dataclass(frozen=True)
class MiniApp:
    """Where the Mini App player is ([web] public_url and app_name); empty: not set up."""

    public_url: str = ""
    app_name: str = ""

    @property
    def on(self) -> bool:
        # Telegram opens Mini Apps over HTTPS only: a plain-HTTP address gets no buttons.
        return self.public_url.startswith("https://")

    def player_url(self, lesson_id: int) -> str | None:
        """For a web_app button (private chats only, as Telegram allows)."""
        return f"{self.public_url}/app/?lesson={lesson_id}" if self.on else None

    def direct_link(self, bot_username: str, lesson_id: int) -> str | None:
        """The direct Mini App link a group message can carry (no web_app buttons there)."""
        if not (self.on and self.app_name and bot_username):
            return None
        return f"https://t.me/{bot_username}/{self.app_name}?startapp=l{lesson_id}"


def lesson_markup(
    lesson_id: int,
    lang: Lang,
    bot_username: str | None,
    count: int | None = None,
    miniapp: MiniApp | None = None,
) -> InlineKeyboardMarkup:
    """First the "listened" button (with the live count in the group), then the private link;
    then the player: the group's (bot_username given) by direct link, a private copy's by a
    web_app button."""
    label = t("button.listened_count", lang, count=count) if count else t("button.listened", lang)
    rows = [[InlineKeyboardButton(label, callback_data=callback_data.listen(lesson_id))]]
    if bot_username:
        rows.append(
            [
                InlineKeyboardButton(
                    t("button.open_private", lang), url=lesson_link(bot_username, lesson_id)
                )
            ]
        )
    if miniapp is not None:
        player = t("button.player", lang)
        if bot_username:
            link = miniapp.direct_link(bot_username, lesson_id)
            if link:
                rows.append([InlineKeyboardButton(player, url=link)])
        elif url := miniapp.player_url(lesson_id):
            rows.append([InlineKeyboardButton(player, web_app=WebAppInfo(url))])
    return InlineKeyboardMarkup(rows)


def _may_have_arrived(exc: TimedOut) -> bool:
    """A timeout after the request went out (not one while connecting or waiting for a
    connection from the pool) may have delivered the message."""
    return not isinstance(exc.__cause__, httpx.ConnectTimeout | httpx.PoolTimeout)


def retry_seconds(exc: RetryAfter) -> float:
    """How long Telegram asked to wait (PTB is moving retry_after from int to timedelta)."""
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


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
        # [broadcast] paid (issue 11): more workers keep 1000 sends a second in flight.
        self._paid = paid
        if paid and workers == WORKERS:
            self._workers = PAID_WORKERS
        self._running: set[int] = set()
        self._audio: dict[int, bytes] = {}

    @property
    def running(self) -> frozenset[int]:
        return frozenset(self._running)

    async def run(self, lesson_id: int) -> tuple[dict[str, int], str | None] | None:
        """Send what the ledger says is left; return the counts and a group error, if any."""
        if lesson_id in self._running:
            return None
        self._running.add(lesson_id)
        try:
            plan = await self._deliveries.begin(lesson_id)
            if plan is None:
                return None
            log.info(
                "broadcasting lesson #%s: group %s, %d private chats left",
                lesson_id,
                "pending" if plan.group_target else "done",
                len(plan.private_targets),
            )
            file_id = plan.voice_file_id
            group_error: str | None = None
            if plan.group_target is not None:
                try:
                    file_id = await self._deliver(plan, plan.group_target, file_id) or file_id
                except GroupUnreachable as exc:
                    group_error = str(exc)
            targets = list(plan.private_targets)
            # The first private send uploads the audio if nothing has yet; the rest reuse it.
            while file_id is None and targets:
                file_id = await self._deliver(plan, targets.pop(0), None)
            await self._deliver_all(plan, file_id)
            counts = await self._deliveries.finish(lesson_id)
            log.info("lesson #%s broadcast: %s", lesson_id, counts)
            return counts, group_error
        finally:
            self._running.discard(lesson_id)
            self._audio.pop(lesson_id, None)

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
        return True

    async def _deliver_all(self, plan: BroadcastPlan, file_id: str | None) -> None:
        """Workers take the private sends from the ledger, a few at a time: with several
        instances on one PostgreSQL each claims rows the others skip (issue 11)."""
        claimed: deque[Target] = deque()
        refill = asyncio.Lock()

        async def next_target() -> Target | None:
            async with refill:
                if not claimed:
                    claimed.extend(
                        await self._deliveries.claim_batch(plan.lesson_id, self._workers)
                    )
                return claimed.popleft() if claimed else None

        async def worker() -> None:
            while (target := await next_target()) is not None:
                try:
                    await self._deliver_claimed(plan, target, file_id)
                except Exception:
                    # One bad recipient never stalls the others.
                    log.exception(
                        "delivery %s of lesson #%s failed", target.delivery_id, plan.lesson_id
                    )

        await asyncio.gather(*(worker() for _ in range(self._workers)))

    async def _voice(self, plan: BroadcastPlan, file_id: str | None) -> str | InputFile:
        if file_id is not None:
            return file_id
        data = self._audio.get(plan.lesson_id)
        if data is None:
            data = await asyncio.to_thread(Path(plan.audio_path).read_bytes)
            self._audio[plan.lesson_id] = data
        return InputFile(data, filename=f"lesson-{plan.lesson_id}.ogg")

    async def _send(self, plan: BroadcastPlan, target: Target, voice: str | InputFile) -> Message:
        lang: Lang = "zh" if target.kind == "group" else lang_for(target.language_code)
        return await self._bot.send_voice(
            chat_id=target.chat_id,
            voice=voice,
            caption=lesson_caption(plan, lang),
            duration=max(1, round(plan.duration)),
            reply_markup=lesson_markup(
                plan.lesson_id,
                lang,
                self._bot.username if target.kind == "group" else None,
                miniapp=self._miniapp,
            ),
            message_thread_id=plan.thread_id if target.kind == "group" else None,
            allow_paid_broadcast=True if self._paid else None,
        )

    async def _deliver(
        self, plan: BroadcastPlan, target: Target, file_id: str | None
    ) -> str | None:
        """Send to one chat, settle its ledger row; return the voice file_id Telegram gave.

        Whatever goes wrong, the row is settled: a row left in flight would keep the lesson
        "sending" (and /sendnow refusing it) until a restart.
        """
        if not await self._deliveries.claim(target):
            return None
        return await self._deliver_claimed(plan, target, file_id)

    async def _deliver_claimed(
        self, plan: BroadcastPlan, target: Target, file_id: str | None
    ) -> str | None:
        try:
            return await self._send_and_settle(plan, target, file_id)
        except GroupUnreachable:
            raise
        except Exception as exc:
            log.exception("delivery %s of lesson #%s broke", target.delivery_id, plan.lesson_id)
            await self._deliveries.failed(target, f"internal error: {exc!r}")
            if target.kind == "group":
                raise GroupUnreachable(f"internal error: {exc!r}") from exc
            return None

    async def _send_and_settle(
        self, plan: BroadcastPlan, target: Target, file_id: str | None
    ) -> str | None:
        network_failures = 0
        while True:
            try:
                message = await self._send(plan, target, await self._voice(plan, file_id))
            except RetryAfter as exc:
                # Flood control: nothing was delivered; wait as told and try the same chat again.
                await asyncio.sleep(retry_seconds(exc))
                continue
            except ChatMigrated as exc:
                await self._groups.migrate(target.chat_id, exc.new_chat_id)
                target = Target(target.delivery_id, exc.new_chat_id, target.user_id, target.kind)
                continue
            except Forbidden as exc:
                await self._deliveries.unreachable(target, exc.message)
                if target.kind == "group":
                    raise GroupUnreachable(exc.message) from exc
                return None
            except BadRequest as exc:
                if "chat not found" in exc.message.lower():
                    await self._deliveries.unreachable(target, exc.message)
                else:
                    await self._deliveries.failed(target, exc.message)
                if target.kind == "group":
                    raise GroupUnreachable(exc.message) from exc
                return None
            except NetworkError as exc:  # TimedOut included
                if isinstance(exc, TimedOut) and _may_have_arrived(exc):
                    # Retrying could deliver it twice: record it as uncertain, at most once.
                    await self._deliveries.uncertain(target, f"timed out: {exc.message}")
                    return None
                # Refused or dropped before anything was sent: try again, a few times.
                network_failures += 1
                if network_failures >= MAX_NETWORK_ATTEMPTS:
                    await self._deliveries.failed(target, f"network: {exc.message}")
                    if target.kind == "group":
                        raise GroupUnreachable(exc.message) from exc
                    return None
                await asyncio.sleep(self._backoff * 2 ** (network_failures - 1))
                continue
            except TelegramError as exc:
                await self._deliveries.failed(target, exc.message)
                if target.kind == "group":
                    raise GroupUnreachable(exc.message) from exc
                return None
            new_file_id = message.voice.file_id if message.voice else None
            try:
                await self._deliveries.delivered(
                    target, message.message_id, plan.lesson_id, new_file_id
                )
            except Exception as exc:
                # Telegram has it; the ledger says so as far as it can, and never resends it.
                log.exception("could not record delivery %s as sent", target.delivery_id)
                await self._deliveries.uncertain(target, f"sent, not recorded: {exc!r}")
            if target.kind == "group" and plan.pin:
                await self._pin(target.chat_id, message.message_id)
            return new_file_id

    async def _pin(self, chat_id: int, message_id: int) -> None:
        try:
            await self._bot.pin_chat_message(chat_id, message_id, disable_notification=True)
        except TelegramError as exc:
            # Usually the bot is not an admin with the pin right; the lesson is still out.
            log.warning("could not pin lesson message in %s: %s", chat_id, exc.message)
