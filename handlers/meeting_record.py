"""/record N: the 纪实表 of an activity day in private chat, its buttons, and what the secretary
adds to it (minutes, photos, who recorded it)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import ClassVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.branch_life.events import RecordView
from bot.branch_life.events.record import SeveralNamed
from bot.branch_life.meeting_record import build_docx
from bot.core.errors import DomainError
from bot.core.formatting import file_part, shown_name
from bot.core.i18n import Lang, t
from bot.core.text_limits import MESSAGE_LIMIT, clip, utf16_len
from bot.core.vocabulary import CheckinMethod, ReplyStatus
from bot.core.when import full_day, year_day
from bot.groups.numbers import Numbered
from bot.telegram import callback_data
from bot.telegram.callback_data import RecordAction
from bot.telegram.context import AppContext, AppType
from handlers import recorder_picker
from handlers.common import (
    answer_error,
    answer_forged,
    lang_of,
    reply,
    reply_error,
)
from handlers.numbered import resolve, typed_number
from handlers.prompts import Prompt, ask, ask_typed, cancel_markup, close

log = logging.getLogger(__name__)

PRIVATE = filters.ChatType.PRIVATE
# The 纪实表's text fields a button asks for, and the words /record N takes for each.
TEXT_FIELDS = {
    RecordAction.CHAIR: "chair",
    RecordAction.AGENDA: "agenda",
    RecordAction.GUESTS: "guests",
}
TYPED_FIELDS = {
    "主持人": "chair",
    "chair": "chair",
    "记录人": "recorder",
    "recorder": "recorder",
    "议程": "agenda",
    "agenda": "agenda",
    "列席": "guests",
    "guests": "guests",
    "纪要": "minutes",
    "minutes": "minutes",
}
ASK_KEYS = {
    RecordAction.MINUTES: "event.send_minutes",
    RecordAction.PHOTOS: "event.send_photos",
    RecordAction.CHAIR: "event.send_chair",
    RecordAction.AGENDA: "event.send_agenda",
    RecordAction.GUESTS: "event.send_guests",
}
# What the reply field hints for a typed part; photos are sent, not typed: that question keeps
# its ❌ button.
HINT_KEYS = {
    RecordAction.MINUTES: "event.minutes_hint",
    RecordAction.CHAIR: "event.chair_hint",
    RecordAction.AGENDA: "event.agenda_hint",
    RecordAction.GUESTS: "event.guests_hint",
}
# The 纪实表's input stays open longer than a question: photos are sent one by one.
RECORD_INPUT_MINUTES = 30


@dataclass(frozen=True)
class RecordInput(Prompt):
    """A 纪实表 button pressed: the next text or voice is the minutes, or photos are attached
    (as many as are sent while it lasts)."""

    event_id: int
    action: RecordAction
    number: int  # the event's #N in its group, for what is said
    kind: ClassVar[str] = "record"
    lifetime: ClassVar[timedelta | None] = timedelta(minutes=RECORD_INPUT_MINUTES)

    def accepts(self, message: Message) -> bool:
        if self.action is RecordAction.MINUTES:
            return bool(message.text or message.voice)
        if self.action is RecordAction.PHOTOS:
            return bool(message.photo)
        return bool(message.text)

    async def answer(self, update: Update, context: AppContext, message: Message) -> None:
        sender, events = update.effective_user, context.services.events
        if sender is None:
            return
        try:
            if self.action is RecordAction.PHOTOS:
                file_id = message.photo[-1].file_id
                count = await events.add_photo(sender.id, self.event_id, file_id)
                await reply(update, "event.photo_saved", n=self.number, count=count)
                return
            if self.action in TEXT_FIELDS:
                field = TEXT_FIELDS[self.action]
                await events.edit_record(sender.id, self.event_id, field, message.text or "")
            elif message.voice is not None:
                field = "minutes_voice"  # attached beside the text minutes, never instead
                await events.edit_record(sender.id, self.event_id, field, message.voice.file_id)
            else:
                field = "minutes"
                await events.edit_record(sender.id, self.event_id, field, message.text or "")
        except DomainError as exc:
            close(context, self)
            await reply_error(update, exc)
            return
        close(context, self)
        if field in ("minutes", "minutes_voice"):
            await reply(update, "event.minutes_saved", n=self.number)
        else:
            lang = lang_of(update)
            await reply(
                update, "event.field_saved", n=self.number, field=t(f"event.field.{field}", lang)
            )


def record_text(view: RecordView, lang: Lang) -> str:
    event = view.event
    present = []
    for attendee in view.present:
        name = shown_name(attendee.name, attendee.name_is_fallback, lang)
        by = shown_name(attendee.by_name or "", attendee.by_is_fallback, lang)
        if attendee.method == CheckinMethod.CHAIR:
            present.append(t("event.rec_chair", lang, name=name))
        elif attendee.method == CheckinMethod.PROXY:
            present.append(
                t(
                    "event.rec_proxy",
                    lang,
                    name=name,
                    by=by,
                    reason=attendee.reason,
                )
            )
        elif attendee.method == CheckinMethod.LATE:
            present.append(
                t(
                    "event.rec_late",
                    lang,
                    name=name,
                    by=by,
                    reason=attendee.reason,
                )
            )
        else:
            present.append(name)
    absent = [
        t(
            "event.rec_leave",
            lang,
            name=shown_name(attendee.name, attendee.name_is_fallback, lang),
            reason=attendee.reason or t("event.rec_no_reason", lang),
        )
        if attendee.reason is not None
        else t(
            "event.rec_no_show" if attendee.answer == ReplyStatus.ATTEND else "event.rec_no_answer",
            lang,
            name=shown_name(attendee.name, attendee.name_is_fallback, lang),
        )
        for attendee in view.absent
    ]
    minutes = view.minutes or "—"

    def text_with(minutes: str) -> str:
        if view.minutes_voice:
            minutes = t("event.rec_with_voice", lang, minutes=minutes)
        return t(
            "event.record",
            lang,
            n=event.number,
            kind=event.label,
            title=event.title,
            when=f"{full_day(event.local().date(), lang)} {event.local():%H:%M}",
            place=event.place or "—",
            expected=view.expected,
            came=len(view.present),
            leave=view.on_leave,
            missing=view.missing,
            chair=view.chair or "—",
            guests=view.guests or "—",
            agenda="；".join(view.agenda) or "—",
            present="、".join(present) or "—",
            absent="、".join(absent) or "—",
            recorder=view.recorder or "—",
            minutes=minutes,
            photos=len(view.photos),
            until=year_day(view.editable_until.astimezone(event.local().tzinfo).date(), lang),
            edits=len(view.history),
        )

    text = text_with(minutes)
    if utf16_len(text) <= MESSAGE_LIMIT:
        return text
    # Long minutes are clipped here and stay whole in the DOCX, whose button comes with this
    # message; a record too long even without them (a very large group) is clipped at the end.
    note = t("event.rec_clipped", lang)
    room = MESSAGE_LIMIT - utf16_len(text_with("")) - utf16_len(note)
    if room > 0:
        text = text_with(clip(minutes, room) + note)
    return clip(text, MESSAGE_LIMIT)


def record_buttons(event_id: int, lang: Lang) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("button.rec_minutes", lang),
                    callback_data=callback_data.record_action(event_id, RecordAction.MINUTES),
                ),
                InlineKeyboardButton(
                    t("button.rec_photos", lang),
                    callback_data=callback_data.record_action(event_id, RecordAction.PHOTOS),
                ),
                InlineKeyboardButton(
                    t("button.rec_export", lang),
                    callback_data=callback_data.record_action(event_id, RecordAction.EXPORT),
                ),
            ],
            [
                InlineKeyboardButton(
                    t(f"button.rec_{field}", lang),
                    callback_data=callback_data.record_action(event_id, action),
                )
                for action, field in TEXT_FIELDS.items()
            ],
            [
                InlineKeyboardButton(
                    t("button.sign_late", lang),
                    callback_data=callback_data.sign_open(CheckinMethod.LATE, event_id),
                ),
                InlineKeyboardButton(
                    t("button.rec_recorder", lang),
                    callback_data=callback_data.recorder_page(event_id, 0),
                ),
            ],
        ]
    )


async def record(update: Update, context: AppContext) -> None:
    """/record N shows the 纪实表; /record N 纪要|议程|… text sets that field."""
    message = update.effective_message
    if message is None:
        return
    args = context.args or []
    try:
        number = typed_number(args, "event.usage_record")
        if len(args) >= 3 and args[1] in TYPED_FIELDS:
            # The text after the word as written: minutes and agenda keep their lines.
            rest = [args[1], (message.text or "").split(args[1], 1)[1].strip()]
        elif len(args) != 1:
            raise DomainError("event.usage_record")
        else:
            rest = []
        event_id = await resolve(
            update, context, Numbered.EVENT, number, "record", rest, _record_of
        )
    except DomainError as exc:
        await reply_error(update, exc)
        return
    if event_id is not None:
        await _record_of(update, context, event_id, rest)


async def _record_of(update: Update, context: AppContext, event_id: int, rest: list[str]) -> None:
    message, sender = update.effective_message, update.effective_user
    if message is None or sender is None:
        return
    lang = lang_of(update)
    events = context.services.events
    try:
        if rest:
            word, body = rest
            try:
                await events.edit_record(sender.id, event_id, TYPED_FIELDS[word], body)
            except SeveralNamed as several:
                if TYPED_FIELDS[word] != "recorder":
                    raise
                await recorder_picker.ask_which(update, context, event_id, body, several.keys)
                return
        view = await events.record(sender.id, event_id)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    await message.reply_text(record_text(view, lang), reply_markup=record_buttons(event_id, lang))


async def on_record_button(update: Update, context: AppContext) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    lang = lang_of(update)
    parsed = callback_data.parse_record_action(query.data)
    if parsed is None:
        await answer_forged(update)
        return
    event_id, action = parsed
    services = context.services
    try:
        view = await services.events.record(sender.id, event_id)
        if action is not RecordAction.EXPORT and services.clock.now() > view.editable_until:
            raise DomainError(
                "event.record_locked",
                n=view.event.number,
                days=services.settings.branch_life.record_edit_days,
            )
        if action is RecordAction.EXPORT and not view.minutes:
            # A filed 纪实表 has written minutes: a recording alone is no record.
            raise DomainError("event.docx_needs_minutes", n=view.event.number)
    except DomainError as exc:
        await answer_error(update, exc)
        return
    await query.answer()
    if action in HINT_KEYS:
        await ask_typed(
            context,
            sender.id,
            RecordInput(event_id, action, view.event.number),
            t(ASK_KEYS[action], lang, n=view.event.number),
            t(HINT_KEYS[action], lang),
            lang,
        )
        return
    if action is RecordAction.PHOTOS:
        ask(context, RecordInput(event_id, action, view.event.number))
        await context.bot.send_message(
            sender.id,
            t(ASK_KEYS[action], lang, n=view.event.number),
            reply_markup=cancel_markup(RecordInput, lang),
        )
        return
    photos = []
    for file_id in view.photos:
        try:
            file = await context.bot.get_file(file_id)
            photos.append(bytes(await file.download_as_bytearray()))
        except TelegramError as exc:
            log.info("photo %s of event %s not fetched: %s", file_id, event_id, exc.message)
    data = await asyncio.to_thread(build_docx, view, photos)
    await context.bot.send_document(
        sender.id,
        data,
        filename=f"纪实表-{file_part(view.event.group_title, '活动')}-{view.event.number}.docx",
        caption=t("event.exported", lang, n=view.event.number, title=view.event.title),
    )


def register(app: AppType, group: int) -> None:
    app.add_handler(CommandHandler("record", record, filters=PRIVATE), group)
    app.add_handler(
        CallbackQueryHandler(on_record_button, pattern=callback_data.RECORD_PATTERN), group
    )
