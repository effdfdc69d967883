"""The broadcast's first button: "✅ 已收听", in the group or on a private copy."""

from __future__ import annotations

import logging
from functools import partial

from telegram import Message, Update
from telegram.ext import CallbackQueryHandler

from bot.core.errors import DomainError
from bot.core.i18n import Lang, t
from bot.core.scoring import Timing
from bot.engagement.evidence import Earned, Outcome
from bot.engagement.listens import Press
from bot.telegram import callback_data
from bot.telegram.context import AppContext, AppType
from handlers.common import (
    answer_error,
    answer_forged,
    carried_lesson,
    is_group,
    lang_of,
    member_status,
    user_info,
)

log = logging.getLogger(__name__)


def earned_text(earned: Earned, lang: Lang) -> str:
    """What a press earned, in one line: "已记录 +1 分，连续学习 5 天"."""
    if earned.outcome is Outcome.ALREADY:
        text = t("listen.already", lang)
    elif earned.timing is Timing.LATE:
        text = t("listen.recorded_late", lang)
    else:
        key = "listen.recorded_makeup" if earned.timing is Timing.MAKEUP else "listen.recorded"
        text = t(key, lang, points=earned.points)
        if earned.capped:
            text += t("listen.capped", lang)
    if earned.streak > 0:
        text += t("listen.streak", lang, n=earned.streak)
    return text


def gains_text(earned: Earned, lang: Lang) -> str:
    """ "，+2 分，连续学习 3 天": what a note earned, to follow a sentence."""
    text = t("gain.points", lang, points=earned.points) if earned.points else ""
    if earned.capped:
        text += t("listen.capped", lang)
    if earned.streak > 0:
        text += t("listen.streak", lang, n=earned.streak)
    return text


async def on_listened(update: Update, context: AppContext) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    lang = lang_of(update)
    lesson_id = callback_data.parse_listen(query.data)
    message = query.message
    if lesson_id is None or message is None:
        await answer_forged(update)
        return
    services = context.services
    press = Press(
        chat_id=message.chat.id,
        in_group=is_group(message.chat),
        message_id=message.message_id,
        lesson_id=lesson_id,
        user=user_info(sender),
        carried_lesson=carried_lesson(message, context.bot.id)
        if isinstance(message, Message)
        else None,
    )
    earned = await services.listens.press(press)
    if earned.outcome is Outcome.STRANGER:
        # Someone the bot has not seen in this group: Telegram says whether they are in it.
        fetch = partial(member_status, context)
        if await services.presence.in_group(press.chat_id, press.user, fetch):
            earned = await services.listens.press(press)
    if earned.outcome in (Outcome.RECORDED, Outcome.ALREADY):
        # Counted before answering: an answer Telegram refuses must not hold the count back.
        if earned.new_listener:
            services.live_count.bump(earned.lesson_id)
        await query.answer(earned_text(earned, lang))
        return
    log.info("listen press refused (%s): lesson %s, user %s", earned.outcome, lesson_id, sender.id)
    key = {
        Outcome.FORGED: "button.forged",
        Outcome.NOT_MEMBER: "listen.not_member",
        Outcome.GONE: "listen.gone",
        Outcome.STRANGER: "listen.not_in_group",
    }[earned.outcome]
    await answer_error(update, DomainError(key))


def register(app: AppType, group: int) -> None:
    app.add_handler(CallbackQueryHandler(on_listened, pattern=callback_data.LISTEN_PATTERN), group)
