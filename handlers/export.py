"""/export [YYYY-MM] in private chat: the month's ledger as two documents (CSV and XLSX)."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.core.errors import DomainError
from bot.core.i18n import Lang, t
from bot.groups.secretaries import GroupRef
from bot.secretary.ledger import Period
from bot.telegram import callback_data
from bot.telegram.context import AppContext, AppType
from bot.telegram.ledger_sending import send_ledger
from handlers.common import answer_error, answer_forged, is_group, lang_of, reply, reply_error

log = logging.getLogger(__name__)


async def _send(
    context: AppContext, chat_id: int, user_id: int, group: GroupRef, period: Period, lang: Lang
) -> None:
    await send_ledger(context.bot, context.services.export, chat_id, user_id, group, period, lang)


async def export_private(update: Update, context: AppContext) -> None:
    sender, message = update.effective_user, update.effective_message
    if sender is None or message is None:
        return
    lang = lang_of(update)
    args = context.args or []
    service = context.services.export
    try:
        if len(args) > 1:
            raise DomainError("export.usage")
        groups = await service.groups(sender.id)
        period = service.period(args[0] if args else None, groups[0].timezone)
        if len(groups) == 1:
            await _send(context, message.chat.id, sender.id, groups[0], period, lang)
            return
    except DomainError as exc:
        await reply_error(update, exc)
        return
    buttons = [
        [
            InlineKeyboardButton(
                group.title or str(group.chat_id),
                callback_data=callback_data.export(group.group_id, period.label),
            )
        ]
        for group in groups
    ]
    await message.reply_text(
        t("export.pick_group", lang, month=period.label),
        reply_markup=InlineKeyboardMarkup(buttons),
    )


async def export_in_group(update: Update, context: AppContext) -> None:
    await reply(update, "export.private_only")


async def on_pick(update: Update, context: AppContext) -> None:
    """A group picked for /export; the rights are checked again on the press."""
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    lang = lang_of(update)
    parsed = callback_data.parse_export(query.data)
    message = query.message
    if parsed is None or not isinstance(message, Message) or is_group(message.chat):
        await answer_forged(update)
        return
    group_id, month = parsed
    service = context.services.export
    try:
        mine = [g for g in await service.groups(sender.id) if g.group_id == group_id]
        if not mine:
            raise DomainError("export.not_secretary")
        period = service.period(month, mine[0].timezone)
    except DomainError as exc:
        await answer_error(update, exc)
        return
    await query.answer()
    await _send(context, message.chat.id, sender.id, mine[0], period, lang)


def register(app: AppType, group: int) -> None:
    app.add_handler(
        CommandHandler("export", export_private, filters=filters.ChatType.PRIVATE), group
    )
    app.add_handler(
        CommandHandler("export", export_in_group, filters=filters.ChatType.GROUPS), group
    )
    app.add_handler(CallbackQueryHandler(on_pick, pattern=callback_data.EXPORT_PATTERN), group)
