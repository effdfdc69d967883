"""/birthday in private chat: record, show or clear a political birthday (政治生日); the
secretary's "greet in the group" button."""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.branch_life.birthdays import BirthdayView
from bot.core.errors import DomainError
from bot.core.i18n import t
from bot.core.when import year_day
from bot.members.lookup import names_a_member
from bot.telegram import callback_data
from bot.telegram.context import AppContext, AppType
from handlers.common import answer_error, answer_forged, lang_of, reply, reply_error, user_info

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _shown(view: BirthdayView, update: Update, own: bool) -> str:
    lang = lang_of(update)
    if view.private:
        return t("birthday.members_own", lang, name=view.name)
    if view.joined is None:
        return t("birthday.none_own" if own else "birthday.none_other", lang, name=view.name)
    return t(
        "birthday.show",
        lang,
        name=view.name,
        day=year_day(view.joined, lang),
        years=view.years,
    )


async def birthday(update: Update, context: AppContext) -> None:
    sender = update.effective_user
    if sender is None:
        return
    args = context.args or []
    service = context.services.birthdays
    actor = user_info(sender)
    try:
        if not args:
            await reply(
                update, "birthday.raw", text=_shown(await service.show(sender.id), update, True)
            )
            return
        target: str | None = None
        if len(args) == 2:
            target, args = args[0], args[1:]
        elif len(args) > 2:
            raise DomainError("birthday.usage")
        value = args[0]
        if value.lower() in ("clear", "清除", "删除"):
            gone = await service.clear(actor, target)
            await reply(update, "birthday.cleared" if gone else "birthday.nothing_to_clear")
            return
        if not _DATE.match(value):
            if target is None and names_a_member(value):
                view = await service.show(sender.id, value)
                await reply(update, "birthday.raw", text=_shown(view, update, False))
                return
            raise DomainError("birthday.bad_date")
        view = await service.set(actor, value, target)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    key = "birthday.saved" if target is None else "birthday.saved_for"
    shown = year_day(view.joined, lang_of(update)) if view.joined else value
    await reply(update, key, name=view.name, day=shown, years=view.years)


async def on_post(update: Update, context: AppContext) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    lang = lang_of(update)
    parsed = callback_data.parse_birthday_post(query.data)
    if parsed is None:
        await answer_forged(update)
        return
    try:
        post = await context.services.birthdays.claim_group_post(sender.id, *parsed)
    except DomainError as exc:
        await answer_error(update, exc)
        return
    ok = await context.services.birthday_sender.post_in_group(post)
    await query.answer(t("birthday.posted" if ok else "birthday.post_failed", lang))


def register(app: AppType, group: int) -> None:
    app.add_handler(CommandHandler("birthday", birthday, filters=filters.ChatType.PRIVATE), group)
    app.add_handler(CallbackQueryHandler(on_post, pattern=callback_data.BIRTHDAY_PATTERN), group)
