"""A roster file (XLSX or CSV) sent in private chat: the group it is for, the preview, and the
secretary's 确认导入. The file is read in memory and never written to disk; only the rows as
understood wait (in the database) for the confirmation."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot.core.errors import DomainError
from bot.core.i18n import Lang, t
from bot.members.roster_file import MAX_BYTES
from bot.members.roster_import import Applied, Preview
from bot.telegram import callback_data
from bot.telegram.callback_data import ImportAction
from bot.telegram.context import AppContext, AppType
from handlers.common import answer_error, answer_forged, is_group, lang_of, reply, reply_error
from handlers.prompts import Prompt, ask, cancel_markup, close, pending
from handlers.roster import secretary_groups

log = logging.getLogger(__name__)

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Only a spreadsheet goes to the roster; any other document stays the lesson intake's.
ROSTER_FILES = filters.ChatType.PRIVATE & (
    filters.Document.FileExtension("xlsx")
    | filters.Document.FileExtension("csv")
    | filters.Document.MimeType(XLSX_MIME)
    | filters.Document.MimeType("text/csv")
)
NAMES_SHOWN = 30  # a preview lists at most this many names per kind


@dataclass(frozen=True)
class ImportPick(Prompt):
    """A secretary of several groups sent a roster: which group is it for? A button answers."""

    data: bytes
    kind: ClassVar[str] = "roster_pick"

    def accepts(self, message: Message) -> bool:
        return False

    async def answer(self, update: Update, context: AppContext, message: Message) -> None:
        return None  # never called: accepts no message


FIELD_KEYS = {
    "category": "roster.field.category",
    "party_group": "roster.field.party_group",
    "joined_party_on": "roster.field.joined_party_on",
    "duty": "roster.field.duty",
    "telegram": "roster.field.telegram",
    "remark": "roster.field.remark",
    "restored": "roster.field.restored",
}


def _names(names: Sequence[str], lang: Lang) -> str:
    shown = ("、" if lang == "zh" else ", ").join(names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        shown += t("roster.preview.more", lang, n=len(names) - NAMES_SHOWN)
    return shown


def preview_text(preview: Preview, lang: Lang) -> str:
    """What confirming would do, in words: new, changed (and how), unchanged, unreadable."""
    lines = [
        t(
            "roster.preview.header",
            lang,
            group=preview.group.title,
            new=len(preview.new),
            changed=len(preview.changed),
            unchanged=preview.unchanged,
        )
    ]
    if preview.new:
        lines.append(
            t("roster.preview.new", lang, names=_names([r.name for r in preview.new], lang))
        )
    if preview.changed:
        lines.append(t("roster.preview.changed", lang))
        sep = "、" if lang == "zh" else ", "
        for row, fields in preview.changed[:NAMES_SHOWN]:
            what = sep.join(t(FIELD_KEYS[f], lang) for f in fields if f in FIELD_KEYS)
            lines.append(t("roster.preview.changed_line", lang, name=row.name, fields=what))
    if preview.absent:
        lines.append(t("roster.preview.absent", lang, n=preview.absent))
    if preview.bad:
        lines.append(t("roster.preview.bad", lang, n=len(preview.bad)))
        for bad in preview.bad:
            lines.append(
                t(
                    "roster.preview.bad_line",
                    lang,
                    line=bad.line,
                    name=bad.name or "—",
                    reason=t(bad.reason, lang, value=bad.value),
                )
            )
    lines.append(t("roster.preview.ask", lang))
    return "\n".join(lines)


def applied_text(applied: Applied, lang: Lang) -> str:
    return t(
        "roster.import.done",
        lang,
        group=applied.group.title,
        added=applied.added,
        changed=applied.changed,
        linked=applied.linked,
    )


async def _preview(update: Update, context: AppContext, group_id: int, data: bytes) -> None:
    sender, chat = update.effective_user, update.effective_chat
    if sender is None or chat is None:
        return
    lang = lang_of(update)
    try:
        preview = await context.services.roster_imports.preview(sender.id, group_id, data)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("roster.preview.confirm", lang),
                    callback_data=callback_data.roster_import(
                        ImportAction.CONFIRM, preview.import_id
                    ),
                ),
                InlineKeyboardButton(
                    t("roster.preview.cancel", lang),
                    callback_data=callback_data.roster_import(
                        ImportAction.DISCARD, preview.import_id
                    ),
                ),
            ]
        ]
    )
    text = preview_text(preview, lang)
    # A long preview goes in parts; the buttons stay under the last.
    parts = text.split("\n")
    chunks: list[str] = []
    for line in parts:
        if chunks and len(chunks[-1]) + len(line) + 1 < 3500:
            chunks[-1] += "\n" + line
        else:
            chunks.append(line)
    for chunk in chunks[:-1]:
        await context.bot.send_message(chat.id, chunk)
    await context.bot.send_message(chat.id, chunks[-1], reply_markup=markup)


async def on_document(update: Update, context: AppContext) -> None:
    message, sender = update.effective_message, update.effective_user
    if message is None or sender is None or message.document is None:
        return
    document = message.document
    lang = lang_of(update)
    try:
        groups = await secretary_groups(context, update)
        if not groups:
            raise DomainError("roster.not_secretary")
        if document.file_size is not None and document.file_size > MAX_BYTES:
            raise DomainError("roster.file_too_big")
    except DomainError as exc:
        await reply_error(update, exc)
        return
    try:
        tg_file = await context.bot.get_file(document.file_id)
        data = bytes(await tg_file.download_as_bytearray())
    except TelegramError as exc:
        log.info("roster file %s not downloaded: %s", document.file_unique_id, exc.message)
        await reply(update, "roster.import.download_failed")
        return
    if len(data) > MAX_BYTES:
        await reply(update, "roster.file_too_big")
        return
    if len(groups) == 1:
        await _preview(update, context, groups[0].group_id, data)
        return
    ask(context, ImportPick(data))
    rows: list[Sequence[InlineKeyboardButton]] = [
        [
            InlineKeyboardButton(
                group.title or str(group.chat_id),
                callback_data=callback_data.roster_import(ImportAction.GROUP, group.group_id),
            )
        ]
        for group in groups
    ]
    rows += cancel_markup(ImportPick, lang).inline_keyboard
    await message.reply_text(
        t("roster.import.pick_group", lang), reply_markup=InlineKeyboardMarkup(rows)
    )


async def on_button(update: Update, context: AppContext) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    parsed = callback_data.parse_roster_import(query.data)
    message = query.message
    if parsed is None or not isinstance(message, Message) or is_group(message.chat):
        await answer_forged(update)
        return
    action, number = parsed
    lang = lang_of(update)
    imports = context.services.roster_imports
    try:
        if action is ImportAction.GROUP:
            pick = pending(context, ImportPick)
            if pick is None:
                raise DomainError("roster.import_gone")
            close(context, pick)
            await query.answer()
            await message.edit_reply_markup(None)
            await _preview(update, context, number, pick.data)
        elif action is ImportAction.CONFIRM:
            applied = await imports.confirm(sender.id, number)
            await query.answer()
            await message.edit_reply_markup(None)
            await message.reply_text(applied_text(applied, lang))
        else:
            await imports.discard(sender.id, number)
            await query.answer()
            await message.edit_reply_markup(None)
            await message.reply_text(t("roster.import.cancelled", lang))
    except DomainError as exc:
        await answer_error(update, exc)


def register(app: AppType, group: int) -> None:
    app.add_handler(MessageHandler(ROSTER_FILES & filters.UpdateType.MESSAGE, on_document), group)
    app.add_handler(
        CallbackQueryHandler(on_button, pattern=callback_data.ROSTER_IMPORT_PATTERN), group
    )
