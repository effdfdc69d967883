"""/export [YYYY-MM [党小组]] in private chat: the month's ledger as two documents (CSV and
XLSX). A group whose roster has 党小组 gets a row of buttons first: the whole branch or one
党小组 (the argument is the typed way to the same)."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.core.errors import DomainError
from bot.core.i18n import Lang, t
from bot.groups.secretaries import GroupRef
from bot.secretary.ledger import Period
from bot.secretary.ledger_figures import party_group_order
from bot.telegram import callback_data
from bot.telegram.context import AppContext, AppType
from bot.telegram.ledger_sending import send_ledger
from handlers.common import answer_error, answer_forged, is_group, lang_of, reply, reply_error

log = logging.getLogger(__name__)


async def _send(
    context: AppContext,
    chat_id: int,
    user_id: int,
    group: GroupRef,
    period: Period,
    lang: Lang,
    party_group: str | None = None,
) -> None:
    await send_ledger(
        context.bot, context.services.export, chat_id, user_id, group, period, lang, party_group
    )


async def _party_groups(context: AppContext, user_id: int, group_id: int) -> list[str]:
    """The group's 党小组 in their natural order (the buttons' indexes point into this)."""
    names = await context.services.roster.party_groups(user_id, group_id)
    return sorted(names, key=party_group_order)


async def _send_or_ask(
    context: AppContext, chat_id: int, user_id: int, group: GroupRef, period: Period, lang: Lang
) -> None:
    """The ledger at once, or first the 党小组 buttons when the group's roster has any."""
    names = await _party_groups(context, user_id, group.group_id)
    if not names:
        await _send(context, chat_id, user_id, group, period, lang)
        return
    month = period.label
    buttons = [
        InlineKeyboardButton(
            t("export.whole_branch", lang),
            callback_data=callback_data.export_party(group.group_id, month, 0),
        ),
        *(
            InlineKeyboardButton(
                name, callback_data=callback_data.export_party(group.group_id, month, i)
            )
            for i, name in enumerate(names, start=1)
        ),
    ]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]  # three a row: short names
    await context.bot.send_message(
        chat_id,
        t("export.pick_party_group", lang, group=group.title, month=month),
        reply_markup=InlineKeyboardMarkup(rows),
    )


async def export_private(update: Update, context: AppContext) -> None:
    sender, message = update.effective_user, update.effective_message
    if sender is None or message is None:
        return
    lang = lang_of(update)
    args = context.args or []
    service = context.services.export
    try:
        if len(args) > 2:
            raise DomainError("export.usage")
        groups = await service.groups(sender.id)
        period = service.period(args[0] if args else None, groups[0].timezone)
        if len(args) == 2:
            # Typed: the groups that have this 党小组 (a refusal naming the ones there are).
            wanted, known = args[1], set[str]()
            having = []
            for group in groups:
                names = await _party_groups(context, sender.id, group.group_id)
                known.update(names)
                if wanted in names:
                    having.append(group)
            if not having:
                listing = "、".join(sorted(known, key=party_group_order)) or "—"
                raise DomainError("export.unknown_party_group", name=wanted, names=listing)
            if len(having) == 1:
                await _send(context, message.chat.id, sender.id, having[0], period, lang, wanted)
                return
            groups = having  # several have it: the group's pick then offers its 党小组
        elif len(groups) == 1:
            await _send_or_ask(context, message.chat.id, sender.id, groups[0], period, lang)
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
    await _send_or_ask(context, message.chat.id, sender.id, mine[0], period, lang)


async def on_pick_party_group(update: Update, context: AppContext) -> None:
    """The whole branch or one 党小组 picked; rights and the 党小组 are checked on the press."""
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    lang = lang_of(update)
    parsed = callback_data.parse_export_party(query.data)
    message = query.message
    if parsed is None or not isinstance(message, Message) or is_group(message.chat):
        await answer_forged(update)
        return
    group_id, month, index = parsed
    service = context.services.export
    try:
        mine = [g for g in await service.groups(sender.id) if g.group_id == group_id]
        if not mine:
            raise DomainError("export.not_secretary")
        period = service.period(month, mine[0].timezone)
        names = await _party_groups(context, sender.id, group_id)
    except DomainError as exc:
        await answer_error(update, exc)
        return
    if index > len(names):  # forged, or the roster lost a 党小组 since the buttons were made
        await answer_forged(update)
        return
    await query.answer()
    party_group = names[index - 1] if index else None
    await _send(context, message.chat.id, sender.id, mine[0], period, lang, party_group)


def register(app: AppType, group: int) -> None:
    app.add_handler(
        CommandHandler("export", export_private, filters=filters.ChatType.PRIVATE), group
    )
    app.add_handler(
        CommandHandler("export", export_in_group, filters=filters.ChatType.GROUPS), group
    )
    app.add_handler(CallbackQueryHandler(on_pick, pattern=callback_data.EXPORT_PATTERN), group)
    app.add_handler(
        CallbackQueryHandler(on_pick_party_group, pattern=callback_data.EXPORT_PARTY_PATTERN),
        group,
    )
