"""/join (add me to this group's roster) and /leave (请假)."""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler, filters

from bot.core.errors import DomainError
from bot.core.formatting import day_ranges
from bot.core.i18n import t
from bot.core.when import fold, parse_day
from bot.members.leave import parse_leave_days
from bot.members.lookup import names_a_member
from bot.telegram import callback_data
from bot.telegram.callback_data import LeavePick
from bot.telegram.context import AppContext, AppType
from handlers import leave_picker
from handlers.common import lang_of, reply, reply_error, user_info
from handlers.sign_for import labels


async def join(update: Update, context: AppContext) -> None:
    chat, sender = update.effective_chat, update.effective_user
    if chat is None or sender is None:
        return
    try:
        title = await context.services.groups.join(chat.id, user_info(sender))
    except DomainError as exc:
        await reply_error(update, exc)
        return
    await reply(update, "join.done", group=title)


async def join_private(update: Update, context: AppContext) -> None:
    await reply(update, "bind.private_only_group")


async def leave(update: Update, context: AppContext) -> None:
    sender = update.effective_user
    if sender is None:
        return
    args = context.args or []
    service = context.services.leave
    lang = lang_of(update)
    if not args:
        upcoming = await service.upcoming(sender.id)
        if upcoming:
            await reply(update, "leave.list", days=day_ranges(upcoming, lang))
        await leave_picker.ask(update, context)
        return
    target = args[0] if names_a_member(args[0]) else None
    # "/leave 张三": no digits and no day word, so a name; the days by buttons.
    lone_name = len(args) == 1 and not any(ch.isdigit() for ch in fold(args[0]))
    if target is None and lone_name and not _is_day(args[0], service.today()):
        await _pick_days_for(update, context, args[0])
        return
    try:
        if target is None and len(args) > 1 and not _is_day(args[0], service.today()):
            # "/leave 张三 3月9日": a name on the roster (or a Telegram name) of a member.
            target = await _named(update, context, args[0], args[1:])
            if target is None:
                return  # several of that name: the buttons ask which
        view = await service.add(user_info(sender), args[1:] if target else args, target)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    days = day_ranges([(view.start, view.end)], lang)
    if target is None:
        await reply(update, "leave.done_self", days=days)
    else:
        await reply(update, "leave.done_other", name=view.name, days=days)


async def _pick_days_for(update: Update, context: AppContext, name: str) -> None:
    """A name alone: the picker's day buttons for that member (several: whom first)."""
    sender, message = update.effective_user, update.effective_message
    if sender is None or message is None:
        return
    lang = lang_of(update)
    service = context.services.leave
    found = await service.named(sender.id, name)
    if not found:
        secretary = bool(await service.pickable(sender.id))
        try:
            if not secretary:  # a member names nobody: it was a date, typed wrong
                parse_leave_days([name], service.today())
            raise DomainError("leave.unknown_member", who=fold(name))
        except DomainError as exc:
            await reply_error(update, exc)
        return
    if len(found) == 1:
        rows = leave_picker.start_markup(
            service.today(), lang, member=found[0].user_id, secretary=False
        )
        await message.reply_text(
            t("leave.pick_start", lang), reply_markup=InlineKeyboardMarkup(rows)
        )
        return
    rows = [
        [
            InlineKeyboardButton(
                label,
                callback_data=callback_data.leave_pick(LeavePick(member=p.user_id, action="o")),
            )
        ]
        for p, label in zip(found, labels(found, lang), strict=True)
    ]
    await message.reply_text(t("leave.pick_member", lang), reply_markup=InlineKeyboardMarkup(rows))


def _is_day(text: str, today: date) -> bool:
    try:
        parse_day(text, today)
    except DomainError:
        return False
    return True


async def _named(update: Update, context: AppContext, name: str, day_args: list[str]) -> str | None:
    """The member a typed name means among those the secretary may record leave for: one is
    that member (its id), several ask which by buttons (None), none is refused."""
    sender, message = update.effective_user, update.effective_message
    if sender is None or message is None:
        return None
    service = context.services.leave
    who = fold(name)
    found = await service.named(sender.id, who)
    if not found:
        raise DomainError("leave.unknown_member", who=who)
    if len(found) == 1:
        return str(found[0].user_id)
    start, end = parse_leave_days(day_args, service.today())  # a bad date is said first
    lang = lang_of(update)
    rows = [
        [
            InlineKeyboardButton(
                label,
                callback_data=callback_data.leave_pick(
                    LeavePick(
                        end=True,
                        member=person.user_id,
                        start=f"{start:%Y%m%d}",
                        action=f"d{end:%Y%m%d}",
                    )
                ),
            )
        ]
        for person, label in zip(found, labels(found, lang), strict=True)
    ]
    days = day_ranges([(start, end)], lang)
    await message.reply_text(
        t("leave.which_member", lang, name=who, days=days),
        reply_markup=InlineKeyboardMarkup(rows),
    )
    return None


async def leave_group(update: Update, context: AppContext) -> None:
    await reply(update, "group.private_only")


def register(app: AppType, group: int) -> None:
    app.add_handler(CommandHandler("join", join, filters=filters.ChatType.GROUPS), group)
    app.add_handler(CommandHandler("join", join_private, filters=filters.ChatType.PRIVATE), group)
    app.add_handler(CommandHandler("leave", leave, filters=filters.ChatType.PRIVATE), group)
    app.add_handler(CommandHandler("leave", leave_group, filters=filters.ChatType.GROUPS), group)
