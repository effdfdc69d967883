"""/report in the group (figures only, naming nobody) and in private chat (names, for the
group's secretaries), and the 精选 buttons under the notes."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update, WebAppInfo
from telegram.error import BadRequest, TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.core.errors import DomainError
from bot.core.formatting import shown_name
from bot.core.i18n import Lang, t
from bot.core.scoring import ListenSource
from bot.core.when import short_day, short_day_time
from bot.groups.numbers import Numbered
from bot.secretary.report import LessonReport, NoteLine
from bot.telegram import callback_data
from bot.telegram.context import AppContext, AppType
from bot.telegram.miniapp import MiniApp
from handlers.common import answer_error, answer_forged, is_group, lang_of, reply_error
from handlers.numbered import resolve, typed_number

log = logging.getLogger(__name__)

# Telegram allows 4096 characters a message; notes are split well below that.
CHUNK = 3500
NAMED = ("via:button", "via:private", "via:note", "via:player")
NOT_HEARD = ("opened", "not_listened", "on_leave", "unlinked", "not_started", "unreachable", "left")


def figures_text(report: LessonReport, lang: Lang, member_count: int | None) -> str:
    """The figures, naming nobody: what the group may see."""
    src = report.by_source
    lines = [
        t(
            "report.header",
            lang,
            group=report.group.title,
            n=report.number,
            title=report.title,
            day=short_day(report.day, lang),
        ),
        t(
            "report.figures",
            lang,
            expected=report.expected,
            listened=report.listened,
            ways=_ways(src, lang),
            makeup=report.makeup,
            late=report.late,
            wrote=report.wrote,
            not_listened=report.not_listened,
            on_leave=report.on_leave,
            unlinked=report.unlinked,
            not_started=report.not_started,
            unreachable=report.unreachable,
            left=report.left,
            delivered=report.delivered,
            uncertain=report.uncertain,
            failed=report.failed,
        ),
    ]
    if report.opened:
        lines.append(t("report.opened", lang, opened=report.opened))
    if report.quiz_questions:
        lines.append(
            t(
                "report.quiz",
                lang,
                questions=report.quiz_questions,
                answered=report.quiz_answered,
                all_right=report.quiz_all_right,
            )
        )
    if member_count is not None:
        lines.append(t("report.coverage", lang, known=report.known, total=member_count))
    else:
        lines.append(t("report.coverage_unknown", lang, known=report.known))
    lines.append(t("report.footnote", lang))
    return "\n".join(lines)


def named_text(report: LessonReport, lang: Lang, member_count: int | None) -> str:
    """The figures, then who is in each group: for the secretary only."""
    sep = "、" if lang == "zh" else ", "
    lines = [figures_text(report, lang, member_count), ""]
    for key in (*NAMED, *NOT_HEARD):
        names = report.names.get(key)
        if names:
            label = t(f"report.label.{key}", lang)
            shown = sep.join(shown_name(name, fallback, lang) for name, fallback in names)
            lines.append(t("report.names", lang, label=label, names=shown))
    if report.quiz_results:
        results = sep.join(
            f"{shown_name(*name, lang)} {right}/{answered}"
            for name, right, answered in report.quiz_results
        )
        lines.append(t("report.quiz_names", lang, results=results))
    return "\n".join(lines).strip()[:4000]


def feature_markup(notes: list[NoteLine], first: int, lang: Lang) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(
            t("button.feature_off" if note.featured else "button.feature_on", lang, i=i),
            callback_data=callback_data.feature(note.note_id, not note.featured),
        )
        for i, note in enumerate(notes, start=first)
    ]
    return InlineKeyboardMarkup([buttons[i : i + 4] for i in range(0, len(buttons), 4)])


def notes_messages(report: LessonReport, lang: Lang) -> list[tuple[str, InlineKeyboardMarkup]]:
    """The notes, verbatim (never parsed as HTML), in chunks, each with its 精选 buttons."""
    out: list[tuple[str, InlineKeyboardMarkup]] = []
    header = t("report.notes_header", lang, count=len(report.notes) + report.more_notes)
    lines: list[str] = [header]
    chunk: list[NoteLine] = []
    first = 1
    for i, note in enumerate(report.notes, start=1):
        name = shown_name(*note.name, lang)
        line = t("report.note_line", lang, i=i, name=name, text=note.text)
        if chunk and sum(len(x) + 1 for x in lines) + len(line) > CHUNK:
            out.append(("\n".join(lines), feature_markup(chunk, first, lang)))
            lines, chunk, first = [], [], i
        lines.append(line)
        chunk.append(note)
    if report.more_notes:
        lines.append(t("report.notes_more", lang, more=report.more_notes))
    out.append(("\n".join(lines), feature_markup(chunk, first, lang)))
    return out


async def _member_count(context: AppContext, chat_id: int) -> int | None:
    """The group's size as Telegram counts it, less the bot itself; None if it cannot say."""
    try:
        return max(0, await context.bot.get_chat_member_count(chat_id) - 1)
    except TelegramError as exc:
        log.info("getChatMemberCount(%s) refused: %s", chat_id, exc.message)
        return None


async def _typed_lesson(update: Update, context: AppContext) -> tuple[bool, int | None]:
    """/report [N]: (go on?, the lesson's id or None for the latest); raises a usage error."""
    args = context.args or []
    if len(args) > 1:
        raise DomainError("report.usage")
    if not args:
        return True, None
    number = typed_number(args, "report.usage")
    lesson_id = await resolve(
        update,
        context,
        Numbered.LESSON,
        number,
        "report",
        [],
        _report_of,
        not_found="report.lesson_not_found",
    )
    return lesson_id is not None, lesson_id


async def report_in_group(update: Update, context: AppContext) -> None:
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None:
        return
    lang = lang_of(update)
    try:
        go_on, lesson_id = await _typed_lesson(update, context)
        if not go_on:
            return
        report = await context.services.report.for_group_chat(chat.id, lesson_id)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    count = await _member_count(context, chat.id)
    await message.reply_text(figures_text(report, lang, count))
    await _event_figures(context, message, report, lang)


def dashboard_markup(public_url: str, group_id: int, lang: Lang) -> InlineKeyboardMarkup | None:
    """The dashboard's web_app button, only when the Mini App has a public address (and only
    in private chat: Telegram refuses web_app buttons anywhere else)."""
    url = MiniApp(public_url).dashboard_url(group_id)
    if url is None:  # no public address, or not HTTPS (Telegram opens Mini Apps over HTTPS only)
        return None
    button = InlineKeyboardButton(t("button.dashboard", lang), web_app=WebAppInfo(url))
    return InlineKeyboardMarkup([[button]])


async def report_private(update: Update, context: AppContext) -> None:
    sender = update.effective_user
    if sender is None:
        return
    try:
        if context.args and not await context.services.secretaries.groups_of(sender.id):
            # A member names no lesson here: the refusal is the report's, not "no such #N".
            raise DomainError("report.not_secretary")
        go_on, lesson_id = await _typed_lesson(update, context)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    if go_on:
        await show_reports(update, context, lesson_id)


async def _report_of(update: Update, context: AppContext, lesson_id: int, rest: list[str]) -> None:
    await show_reports(update, context, lesson_id)


async def show_reports(update: Update, context: AppContext, lesson_id: int | None) -> None:
    """The named report of a lesson (None: each group's latest), its notes and figures."""
    sender, message = update.effective_user, update.effective_message
    if sender is None or message is None:
        return
    lang = lang_of(update)
    try:
        reports = await context.services.report.for_secretary(sender.id, lesson_id)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    for report in reports:
        count = await _member_count(context, report.group.chat_id)
        markup = dashboard_markup(
            context.services.settings.web.public_url, report.group.group_id, lang
        )
        await message.reply_text(named_text(report, lang, count), reply_markup=markup)
        if not report.notes:
            await message.reply_text(t("report.no_notes", lang))
        for text, markup in notes_messages(report, lang) if report.notes else []:
            await message.reply_text(text, reply_markup=markup)
        await _event_figures(context, message, report, lang)


async def _event_figures(
    context: AppContext, message: Message, report: LessonReport, lang: Lang
) -> None:
    """The nearest activity day's attendance, in figures (branch life)."""
    figures = await context.services.events.recent_figures(report.group.group_id)
    if figures is None:
        return
    zone = ZoneInfo(report.group.timezone)
    await message.reply_text(
        t(
            "report.event",
            lang,
            n=figures.number,
            title=figures.title,
            kind=figures.kind,
            when=short_day_time(figures.starts_at.astimezone(zone), lang),
            expected=figures.expected,
            attending=figures.attending,
            on_leave=figures.on_leave,
            no_reply=figures.no_reply,
            signed_in=figures.signed_in,
            by_qr=figures.by_qr,
            by_proxy=figures.by_proxy,
            by_late=figures.by_late,
        )
    )


def _toggled(
    markup: InlineKeyboardMarkup | None, old: str, new: str, label: str
) -> InlineKeyboardMarkup | None:
    """The same keyboard with the pressed button flipped."""
    if markup is None:
        return None
    rows = [
        [
            InlineKeyboardButton(label, callback_data=new)
            if button.callback_data == old
            else button
            for button in row
        ]
        for row in markup.inline_keyboard
    ]
    return InlineKeyboardMarkup(rows)


async def on_feature(update: Update, context: AppContext) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    lang = lang_of(update)
    parsed = callback_data.parse_feature(query.data)
    message = query.message
    if parsed is None or message is None or is_group(message.chat):
        await answer_forged(update)
        return
    note_id, on = parsed
    try:
        await context.services.report.set_featured(sender.id, note_id, on)
    except DomainError as exc:
        await answer_error(update, exc)
        return
    await query.answer(t("report.featured" if on else "report.unfeatured", lang))
    # The button's number stays; only its state flips.
    old = query.data or ""
    number = ""
    keyboard = message.reply_markup if isinstance(message, Message) else None
    for row in keyboard.inline_keyboard if keyboard else ():
        for button in row:
            if button.callback_data == old:
                number = button.text.rsplit(" ", 1)[-1]
    label = t("button.feature_off" if on else "button.feature_on", lang, i=number)
    try:
        await query.edit_message_reply_markup(
            _toggled(keyboard, old, callback_data.feature(note_id, not on), label)
        )
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise


def register(app: AppType, group: int) -> None:
    app.add_handler(
        CommandHandler("report", report_in_group, filters=filters.ChatType.GROUPS), group
    )
    app.add_handler(
        CommandHandler("report", report_private, filters=filters.ChatType.PRIVATE), group
    )
    app.add_handler(CallbackQueryHandler(on_feature, pattern=callback_data.FEATURE_PATTERN), group)


def _ways(sources: Mapping[str, int], lang: Lang) -> str:
    """按钮 · 心得 · 播放器 always; 私聊 only where old listens were recorded that way."""
    shown = [ListenSource.BUTTON, ListenSource.NOTE, ListenSource.PLAYER]
    if sources.get(ListenSource.PRIVATE, 0):
        shown.insert(1, ListenSource.PRIVATE)
    return " · ".join(t(f"report.via.{way}", lang, n=sources.get(way, 0)) for way in shown)
