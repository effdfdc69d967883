"""Sends what bot.branch_life.birthdays says is due: the member's greeting, the secretaries'
heads-up (with a button to greet in the group, which only a secretary's press sends), and that
group post."""

from __future__ import annotations

import logging
from functools import partial

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import TelegramError

from bot.branch_life.birthdays import BirthdayService, GroupPost, Notice
from bot.core.formatting import shown_name
from bot.core.i18n import lang_for, t
from bot.core.vocabulary import NoticeKind, NoticeStatus
from bot.core.when import month_day
from bot.telegram import callback_data
from bot.telegram.send_once import Sent, Unreachability, Unreachable, send_once

log = logging.getLogger(__name__)


class BirthdaySender:
    def __init__(self, bot: Bot, birthdays: BirthdayService) -> None:
        self._bot = bot
        self._birthdays = birthdays

    async def send_due(self) -> int:
        sent = 0
        for notice in await self._birthdays.due():
            if await self._send(notice):
                sent += 1
        return sent

    async def _send(self, notice: Notice) -> bool:
        lang = lang_for(notice.language_code)
        markup = None
        if notice.kind == NoticeKind.GREETING:
            text = t("birthday.greeting", lang, name=notice.name, years=notice.years)
            if notice.leap_moved:
                text += t("birthday.leap_note", lang)
        else:
            text = t(
                "birthday.headsup",
                lang,
                name=shown_name(notice.name, notice.name_is_fallback, lang),
                years=notice.years,
                day=month_day(notice.day, lang),
                group=notice.group_title,
            )
            if notice.leap_moved:
                text += t("birthday.leap_note_secretary", lang)
            markup = InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            t("button.birthday_post", lang),
                            callback_data=callback_data.birthday_post(
                                notice.group_id, notice.user_id, notice.year
                            ),
                        )
                    ]
                ]
            )
        outcome = await send_once(
            partial(self._bot.send_message, notice.chat_id, text, reply_markup=markup)
        )
        if isinstance(outcome, Sent):
            await self._birthdays.settle(notice.notice_id, NoticeStatus.DELIVERED)
            return True
        if isinstance(outcome, Unreachable) and outcome.why != Unreachability.CHAT_GONE:
            log.info("birthday %s to %s: %s", notice.kind, notice.chat_id, outcome.reason)
            await self._birthdays.settle(
                notice.notice_id, NoticeStatus.UNREACHABLE, unreachable_user=notice.chat_id
            )
            return False
        # Not retried: a greeting that may have arrived is not sent a second time.
        log.warning("birthday %s to %s failed: %s", notice.kind, notice.chat_id, outcome)
        await self._birthdays.settle(notice.notice_id, NoticeStatus.FAILED)
        return False

    async def post_in_group(self, post: GroupPost) -> bool:
        try:
            await self._bot.send_message(
                post.chat_id,
                t("birthday.group_post", "zh", name=post.name, years=post.years),
                message_thread_id=post.thread_id,
            )
        except TelegramError as exc:
            log.warning("birthday post in %s failed: %s", post.chat_id, exc.message)
            await self._birthdays.settle(post.notice_id, NoticeStatus.FAILED)
            return False
        await self._birthdays.settle(post.notice_id, NoticeStatus.DELIVERED)
        return True
