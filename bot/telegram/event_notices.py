"""Activity days, the Telegram side: the reminders to members who have not answered, and the
sign-in QR code shown on the secretary's phone, changed every window until sign-in closes."""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import datetime
from functools import partial

import qrcode
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputMediaPhoto
from telegram.error import BadRequest, TelegramError

from bot.branch_life.events import (
    EventService,
    EventView,
    ReminderTarget,
)
from bot.core.clock import Clock
from bot.core.i18n import Lang, lang_for, t
from bot.core.vocabulary import CheckinMethod, EventReminderKind, ReminderStatus
from bot.core.when import short_day_time
from bot.telegram import callback_data
from bot.telegram.send_once import GroupMigrated, Sent, Unreachability, Unreachable, send_once

log = logging.getLogger(__name__)


def reply_buttons(event_id: int, lang: Lang) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("button.event_attend", lang),
                    callback_data=callback_data.event_reply(event_id, True),
                ),
                InlineKeyboardButton(
                    t("button.event_leave", lang),
                    callback_data=callback_data.event_reply(event_id, False),
                ),
            ]
        ]
    )


def when_text(view: EventView, lang: Lang) -> str:
    """When an event starts, as announcements and reminders say it: "3月4日（周三）14:30"."""
    return short_day_time(view.local(), lang)


class EventReminderSender:
    def __init__(self, bot: Bot, events: EventService) -> None:
        self._bot = bot
        self._events = events
        self._lock = asyncio.Lock()

    async def send_due(self) -> int:
        async with self._lock:
            sent = 0
            for target in await self._events.reminders_due():
                if await self._send(target):
                    sent += 1
            return sent

    async def _send(self, target: ReminderTarget) -> bool:
        if not await self._events.claim_reminder(target):
            return False
        lang = lang_for(target.language_code)
        event = target.event
        text = t(
            "event.reminder_day"
            if target.kind == EventReminderKind.DAY_BEFORE
            else "event.reminder_hour",
            lang,
            kind=event.label,
            title=event.title,
            when=when_text(event, lang),
            place=event.place or "—",
        )
        outcome = await send_once(
            partial(
                self._bot.send_message,
                target.user_id,
                text,
                reply_markup=reply_buttons(event.id, lang),
            )
        )
        if isinstance(outcome, Sent):
            await self._events.settle_reminder(target.reminder_id, ReminderStatus.DELIVERED)
            return True
        if isinstance(outcome, Unreachable) and outcome.why != Unreachability.CHAT_GONE:
            await self._events.settle_reminder(
                target.reminder_id, ReminderStatus.UNREACHABLE, outcome.reason
            )
        elif isinstance(outcome, GroupMigrated):  # a private chat never migrates
            await self._events.settle_reminder(
                target.reminder_id, ReminderStatus.FAILED, "chat migrated"
            )
        else:
            # Not retried: one that may have arrived is not sent twice.
            await self._events.settle_reminder(
                target.reminder_id, ReminderStatus.FAILED, outcome.reason
            )
        return False


def qr_png(url: str) -> bytes:
    """The QR code of a link as PNG bytes (CPU work: call it in a thread)."""
    image = qrcode.make(url, box_size=10, border=2)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()


class SigninQr:
    """The secretary's sign-in QR message: sent once, then its photo replaced every window."""

    def __init__(self, bot: Bot, events: EventService, clock: Clock) -> None:
        self._bot = bot
        self._events = events
        self._clock = clock
        self._shown: dict[int, int] = {}  # event id -> window on show
        self._lock = asyncio.Lock()

    def link(self, event_id: int, at: datetime) -> str:
        return f"https://t.me/{self._bot.username}?start={self._events.codes.payload(event_id, at)}"

    def _caption(self, view: EventView, lang: Lang) -> str:
        return t(
            "event.qr_caption",
            lang,
            kind=view.kind,
            title=view.title,
            seconds=self._events.codes.rotate_seconds,
        )

    def _markup(self, event_id: int, lang: Lang) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        t("button.qr_refresh", lang),
                        callback_data=callback_data.qr_refresh(event_id),
                    ),
                    InlineKeyboardButton(
                        t("button.sign_proxy", lang),
                        callback_data=callback_data.sign_open(CheckinMethod.PROXY, event_id),
                    ),
                ]
            ]
        )

    async def show(self, chat_id: int, view: EventView, lang: Lang) -> None:
        now = self._clock.now()
        png = await asyncio.to_thread(qr_png, self.link(view.id, now))
        message = await self._bot.send_photo(
            chat_id,
            png,
            caption=self._caption(view, lang),
            reply_markup=self._markup(view.id, lang),
            filename=f"signin-{view.id}.png",
        )
        self._shown[view.id] = self._events.codes.window(now)
        await self._events.set_qr_message(view.id, chat_id, message.message_id)

    async def rotate_all(self, *, force: bool = False) -> int:
        """Replace every QR whose window has passed; close those whose sign-in ended."""
        async with self._lock:
            changed = 0
            for view, chat_id, message_id in await self._events.qr_messages():
                if await self._rotate(view, chat_id, message_id, force=force):
                    changed += 1
            return changed

    async def _rotate(self, view: EventView, chat_id: int, message_id: int, *, force: bool) -> bool:
        now = self._clock.now()
        lang: Lang = "zh"
        try:
            if not self._events.signin_open(view, now):
                await self._events.set_qr_message(view.id, None, None)
                self._shown.pop(view.id, None)
                # The code's photo goes: an old picture of it must not look valid.
                await self._bot.delete_message(chat_id, message_id)
                await self._bot.send_message(chat_id, t("event.qr_closed", lang, title=view.title))
                return True
            window = self._events.codes.window(now)
            if not force and self._shown.get(view.id) == window:
                return False
            png = await asyncio.to_thread(qr_png, self.link(view.id, now))
            await self._bot.edit_message_media(
                InputMediaPhoto(
                    png, caption=self._caption(view, lang), filename=f"signin-{view.id}.png"
                ),
                chat_id=chat_id,
                message_id=message_id,
                reply_markup=self._markup(view.id, lang),
            )
            self._shown[view.id] = window
            return True
        except BadRequest as exc:
            if "not modified" in exc.message.lower():
                return False
            # The secretary deleted the message: stop rotating it.
            log.info("sign-in QR of event %s gone: %s", view.id, exc.message)
            await self._events.set_qr_message(view.id, None, None)
            return False
        except TelegramError as exc:
            log.warning("sign-in QR of event %s not rotated: %s", view.id, exc.message)
            return False
