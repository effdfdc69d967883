"""/meetings [YYYY] in private: the secretary's 三会一课 against what is required, and the
button (or /partylesson N) that counts a daily lesson as the quarter's 党课."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.branch_life.meetings import YearTable, every_text, marks_text
from bot.core.errors import DomainError
from bot.core.i18n import Lang, t
from bot.groups.numbers import Numbered
from bot.telegram import callback_data
from bot.telegram.context import AppContext, AppType
from handlers.common import answer_error, answer_forged, lang_of, reply, reply_error
from handlers.numbered import numbered_command


def table_text(table: YearTable, lang: Lang) -> str:
    lines = [t("meetings.header", lang, group=table.group.title, year=table.year)]
    for row in table.rows:
        if not row.periods:
            continue  # "none": not counted
        lines.append(
            t(
                "meetings.row",
                lang,
                kind=row.kind,
                every=every_text(row, lang),
                held=row.held,
                required=row.required,
                periods=marks_text(row, lang),
            )
        )
    if table.party_lessons:
        marks = "、".join(
            t("meetings.party_lesson_mark", lang, quarter=q, n=n)
            for q, n in sorted(table.party_lessons.items())
        )
        lines.append(t("meetings.party_lesson_line", lang, marks=marks))
    return "\n".join(lines)


async def meetings(update: Update, context: AppContext) -> None:
    sender, message = update.effective_user, update.effective_message
    if sender is None or message is None:
        return
    lang = lang_of(update)
    args = context.args or []
    if len(args) > 1 or (args and not (args[0].isascii() and args[0].isdigit())):
        await reply(update, "meetings.usage")
        return
    try:
        tables = await context.services.meetings.for_secretary(
            sender.id, int(args[0]) if args else None
        )
    except DomainError as exc:
        await reply_error(update, exc)
        return
    for table in tables:
        button = InlineKeyboardButton(
            t("button.party_lesson", lang),
            callback_data=callback_data.party_lessons(table.group.group_id),
        )
        await message.reply_text(
            table_text(table, lang), reply_markup=InlineKeyboardMarkup([[button]])
        )


async def _mark_party_lesson(
    update: Update, context: AppContext, lesson_id: int, rest: list[str]
) -> None:
    if update.effective_user is None:
        return
    try:
        quarter, number = await context.services.meetings.mark_party_lesson(
            update.effective_user.id, lesson_id
        )
    except DomainError as exc:
        await reply_error(update, exc)
        return
    await reply(update, "meetings.party_lesson_marked", n=number, quarter=quarter)


party_lesson_command = numbered_command(
    "partylesson",
    Numbered.LESSON,
    _mark_party_lesson,
    "meetings.usage_party_lesson",
    not_found="meetings.no_lesson",
)


async def party_lesson_button(update: Update, context: AppContext) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    parsed = callback_data.parse_party_lesson(query.data)
    if parsed is None:
        await answer_forged(update)
        return
    lang = lang_of(update)
    kind, n = parsed
    service = context.services.meetings
    try:
        if kind == "g":
            lessons = await service.quarter_lessons(sender.id, n)
            await query.answer()
            if not lessons:
                await context.bot.send_message(sender.id, t("meetings.no_lessons", lang))
                return
            buttons = [
                [
                    InlineKeyboardButton(
                        f"#{number} {title}"[:60], callback_data=callback_data.party_lesson(i)
                    )
                ]
                for i, number, title in lessons
            ]
            await context.bot.send_message(
                sender.id,
                t("meetings.pick_lesson", lang),
                reply_markup=InlineKeyboardMarkup(buttons),
            )
            return
        quarter, number = await service.mark_party_lesson(sender.id, n)
    except DomainError as exc:
        await answer_error(update, exc)
        return
    await query.answer()
    await context.bot.send_message(
        sender.id, t("meetings.party_lesson_marked", lang, n=number, quarter=quarter)
    )


def register(app: AppType, group: int) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("meetings", meetings, filters=private), group=group)
    app.add_handler(
        CommandHandler("partylesson", party_lesson_command, filters=private), group=group
    )
    app.add_handler(
        CallbackQueryHandler(party_lesson_button, pattern=callback_data.PARTY_LESSON_PATTERN),
        group=group,
    )
