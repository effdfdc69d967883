"""/committee in private, for the 机关党委's admins ([committee] admins): this month's figures
for every branch and a total line, and /committee export [YYYY-MM] (or its button) as one
XLSX. Figures only: never a name, a note or a member's points."""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update, WebAppInfo
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.core.errors import DomainError
from bot.core.i18n import Lang, t
from bot.secretary.committee import CommitteeMonth, parse_month
from bot.secretary.committee_workbook import build_committee_xlsx
from bot.telegram import callback_data
from bot.telegram.context import AppContext, AppType
from bot.telegram.miniapp import MiniApp
from handlers.common import answer_error, answer_forged, lang_of, reply, reply_error


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.0%}"


def committee_text(month: CommitteeMonth, lang: Lang) -> str:
    lines = [t("committee.header", lang, name=month.name, year=month.year, month=month.month)]
    if not month.branches:
        lines.append(t("committee.none", lang, name=month.name))
    for b in month.branches:
        lines.append(
            t(
                "committee.branch",
                lang,
                group=b.group.title,
                lessons=len(b.lessons),
                rate=rate_text(b.rate),
                notes=b.notes,
                held=b.meetings_held,
                required=b.meetings_required,
                roster=b.roster,
                linked=b.linked,
            )
        )
    lines.append(
        t(
            "committee.total",
            lang,
            branches=len(month.branches),
            lessons=month.lessons,
            rate=rate_text(month.rate),
            notes=month.notes,
            held=month.meetings_held,
            required=month.meetings_required,
            roster=month.roster,
            linked=month.linked,
        )
    )
    return "\n".join(lines)


async def _send_export(
    context: AppContext, chat_id: int, month: CommitteeMonth, lang: Lang
) -> None:
    data = await asyncio.to_thread(build_committee_xlsx, month)
    await context.bot.send_document(
        chat_id,
        data,
        filename=f"{month.name}-{month.year}-{month.month:02d}.xlsx",
        caption=t("committee.exported", lang, name=month.name, year=month.year, month=month.month),
    )


async def committee(update: Update, context: AppContext) -> None:
    sender, message = update.effective_user, update.effective_message
    if sender is None or message is None:
        return
    lang = lang_of(update)
    args = context.args or []
    service = context.services.committee
    try:
        service.check(sender.id)  # refused first: a stranger learns nothing of the usage
        if not args:
            month = await service.month(sender.id)
            buttons = [
                InlineKeyboardButton(
                    t("button.committee_export", lang),
                    callback_data=callback_data.committee_export(month.year, month.month),
                )
            ]
            # The Mini App's view, where the deployment has an HTTPS address for it.
            url = MiniApp(context.services.settings.web.public_url).committee_url()
            if url is not None:
                buttons.append(
                    InlineKeyboardButton(t("button.committee_view", lang), web_app=WebAppInfo(url))
                )
            await message.reply_text(
                committee_text(month, lang), reply_markup=InlineKeyboardMarkup([buttons])
            )
            return
        named = parse_month(args[1]) if len(args) == 2 else None
        if args[0] != "export" or len(args) > 2 or (len(args) == 2 and named is None):
            await reply(update, "committee.usage")
            return
        month = await service.month(sender.id, *(named or (None, None)))
    except DomainError as exc:
        await reply_error(update, exc)
        return
    await _send_export(context, message.chat_id, month, lang)


async def export_button(update: Update, context: AppContext) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    parsed = callback_data.parse_committee_export(query.data)
    if parsed is None:
        await answer_forged(update)
        return
    try:
        month = await context.services.committee.month(sender.id, *parsed)
    except DomainError as exc:
        await answer_error(update, exc)
        return
    await query.answer()
    await _send_export(context, sender.id, month, lang_of(update))


def register(app: AppType, group: int) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("committee", committee, filters=private), group=group)
    app.add_handler(
        CallbackQueryHandler(export_button, pattern=callback_data.COMMITTEE_PATTERN), group=group
    )
