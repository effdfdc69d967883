"""/birthday in private chat: record, show or clear a political birthday (政治生日); the
secretary's "greet in the group" button."""

from __future__ import annotations

import re
from dataclasses import replace

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.branch_life.birthdays import BirthdayView
from bot.core.errors import DomainError
from bot.core.i18n import Lang, t
from bot.core.when import fold, year_day
from bot.members.lookup import names_a_member
from bot.telegram import callback_data
from bot.telegram.context import AppContext, AppType
from handlers import birthday_picker
from handlers.common import answer_error, answer_forged, lang_of, reply, reply_error, user_info

# Anything with a four-digit year is meant as a date (bot.core.when reads it); "@名" or an
# id names a member.
_CLEAR = ("clear", "清除", "删除")
_DATE = re.compile(r"\d{4}\D|年")


def _shown(view: BirthdayView, update: Update, own: bool, name: str | None = None) -> str:
    lang = lang_of(update)
    if name is not None:  # the roster's name the secretary typed
        view = replace(view, name=name)
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
            await _show_own(update, context)
            return
        if _DATE.search(fold(args[0])) and not names_a_member(args[0]):
            value = " ".join(args)  # "1998年 7月 1日": one date, however spaced
            view = await service.set(actor, value, None)
            await reply(
                update,
                "birthday.saved",
                name=view.name,
                day=_day(view, lang_of(update)),
                years=view.years,
            )
            return
        if args[0].lower() in _CLEAR:
            if len(args) > 1:
                raise DomainError("birthday.usage")
            gone = await service.clear(actor, None)
            await reply(update, "birthday.cleared" if gone else "birthday.nothing_to_clear")
            return
        target, name = args[0], None
        if len(args) > 2 and not _DATE.search(fold(" ".join(args[1:]))):
            raise DomainError("birthday.usage")
        if not names_a_member(target):
            found = await birthday_picker.named(update, context, target)
            if not found:
                if not args[1:] and any(ch.isdigit() for ch in target):
                    raise DomainError("birthday.bad_date")  # a date typed wrong, not a name
                raise DomainError("birthday.unknown_member", who=fold(target))
            if len(found) > 1:
                await birthday_picker.ask_which(update, context, target, found)
                return
            target, name = str(found[0].user_id), found[0].name
        rest = args[1:]
        if not rest:
            view = await service.show(sender.id, target)
            await reply(update, "birthday.raw", text=_shown(view, update, False, name))
            return
        if rest[0].lower() in _CLEAR:
            gone = await service.clear(actor, target)
            await reply(update, "birthday.cleared" if gone else "birthday.nothing_to_clear")
            return
        view = await service.set(actor, " ".join(rest), target)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    await reply(
        update,
        "birthday.saved_for",
        name=name or view.name,
        day=_day(view, lang_of(update)),
        years=view.years,
    )


def _day(view: BirthdayView, lang: Lang) -> str:
    # The understood date, not the typed one ("1998 7 1" is echoed 1998年7月1日).
    return year_day(view.joined, lang) if view.joined else ""


async def _show_own(update: Update, context: AppContext) -> None:
    """/birthday alone: one's own date; a secretary also gets the button for a member's."""
    sender, message = update.effective_user, update.effective_message
    if sender is None or message is None:
        return
    lang = lang_of(update)
    text = _shown(await context.services.birthdays.show(sender.id), update, True)
    markup = None
    if await context.services.leave.pickable(sender.id):
        markup = InlineKeyboardMarkup([birthday_picker.members_row(lang)])
    await message.reply_text(t("birthday.raw", lang, text=text), reply_markup=markup)


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
