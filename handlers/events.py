"""Activity days: /event, the 参加/请假 buttons and the leave reason, /signin (the rotating QR),
the sign-in link, /signfor (代签), /latesign (补签) and /record (the 纪实表 and its export)."""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import ClassVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.branch_life.events import EventView, RecordView
from bot.branch_life.meeting_record import build_docx
from bot.branch_life.signin_codes import parse_payload
from bot.core.errors import DomainError
from bot.core.i18n import Lang, t
from bot.core.vocabulary import CheckinMethod
from bot.telegram import callback_data
from bot.telegram.callback_data import RecordAction
from bot.telegram.context import AppContext, AppType
from bot.telegram.event_notices import reply_buttons, when_text
from handlers.common import (
    answer_error,
    answer_forged,
    is_group,
    lang_of,
    reply,
    reply_error,
    user_info,
)
from handlers.prompts import Prompt, ask, cancel_markup, close

log = logging.getLogger(__name__)

PRIVATE = filters.ChatType.PRIVATE
RECORD_INPUT_MINUTES = 30
_N = re.compile(r"^#?(\d{1,9})$")


def _event_number(args: list[str], usage: str) -> int:
    if not args or not _N.match(args[0]):
        raise DomainError(usage)
    return int(args[0].lstrip("#"))


@dataclass(frozen=True)
class LeaveReason(Prompt):
    """请假 pressed: the next text is the reason."""

    event_id: int
    kind: ClassVar[str] = "leave_reason"

    async def answer(self, update: Update, context: AppContext, message: Message) -> None:
        if update.effective_user is None:
            return
        try:
            await context.services.events.set_reason(
                self.event_id, update.effective_user.id, message.text or ""
            )
        except DomainError as exc:
            await reply_error(update, exc)  # still open: the next text may do
            return
        close(context, self)
        await reply(update, "event.reason_saved")


@dataclass(frozen=True)
class RecordInput(Prompt):
    """A 纪实表 button pressed: the next text or voice is the minutes, or photos are attached
    (as many as are sent while it lasts)."""

    event_id: int
    action: RecordAction
    kind: ClassVar[str] = "record"
    lifetime: ClassVar[timedelta | None] = timedelta(minutes=RECORD_INPUT_MINUTES)

    def accepts(self, message: Message) -> bool:
        if self.action is RecordAction.MINUTES:
            return bool(message.text or message.voice)
        return bool(message.photo)

    async def answer(self, update: Update, context: AppContext, message: Message) -> None:
        sender, events = update.effective_user, context.services.events
        if sender is None:
            return
        try:
            if self.action is RecordAction.PHOTOS:
                file_id = message.photo[-1].file_id
                count = await events.add_photo(sender.id, self.event_id, file_id)
                await reply(update, "event.photo_saved", n=self.event_id, count=count)
                return
            if message.voice is not None:
                field, value = "minutes_voice", message.voice.file_id
            else:
                field, value = "minutes", message.text or ""
            await events.edit_record(sender.id, self.event_id, field, value)
        except DomainError as exc:
            close(context, self)
            await reply_error(update, exc)
            return
        close(context, self)
        await reply(update, "event.minutes_saved", n=self.event_id)


def announcement(view: EventView, lang: Lang) -> str:
    return t(
        "event.announce",
        lang,
        n=view.id,
        kind=view.kind,
        title=view.title,
        when=when_text(view),
        place=view.place or "—",
    )


async def event(update: Update, context: AppContext) -> None:
    message, sender = update.effective_message, update.effective_user
    if message is None or sender is None:
        return
    lang = lang_of(update)
    chat_id = message.chat.id if is_group(message.chat) else None
    try:
        view = await context.services.events.create(user_info(sender), context.args or [], chat_id)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    try:
        posted = await context.bot.send_message(
            view.group_chat_id,
            announcement(view, "zh"),
            reply_markup=reply_buttons(view.id, "zh"),
            message_thread_id=view.thread_id,
        )
    except TelegramError as exc:
        log.warning("event %s not posted: %s", view.id, exc.message)
        await reply(update, "event.not_posted", n=view.id)
        return
    await context.services.events.set_message(view.id, posted.message_id)
    if chat_id is None:
        await message.reply_text(t("event.created", lang, n=view.id, group=view.group_title))


async def on_reply(update: Update, context: AppContext) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    lang = lang_of(update)
    parsed = callback_data.parse_event_reply(query.data)
    if parsed is None or query.message is None:
        await answer_forged(update)
        return
    event_id, attend = parsed
    markup = getattr(query.message, "reply_markup", None)
    carried = markup is not None and any(
        button.callback_data == query.data for row in markup.inline_keyboard for button in row
    )
    try:
        result = await context.services.events.reply(
            event_id,
            user_info(sender),
            attend,
            query.message.chat.id,
            query.message.message_id,
            carried=carried,
        )
    except DomainError as exc:
        await answer_error(update, exc)
        return
    if attend:
        await query.answer(t("event.attend_recorded", lang, title=result.event.title))
        return
    try:
        await context.bot.send_message(
            sender.id,
            t("event.ask_reason", lang, kind=result.event.kind, title=result.event.title),
            reply_markup=cancel_markup(LeaveReason, lang),
        )
    except Forbidden:
        await answer_error(update, DomainError("event.leave_start_first"))
        return
    ask(context, LeaveReason(event_id))
    await query.answer(t("event.leave_recorded", lang))


async def signin(update: Update, context: AppContext) -> None:
    sender = update.effective_user
    if sender is None:
        return
    lang = lang_of(update)
    try:
        n = _event_number(context.args or [], "event.usage_signin")
        view = await context.services.events.open_signin(sender.id, n)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    await context.services.signin_qr.show(sender.id, view, lang)


async def on_qr_refresh(update: Update, context: AppContext) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    lang = lang_of(update)
    event_id = callback_data.parse_qr_refresh(query.data)
    if event_id is None:
        await answer_forged(update)
        return
    try:
        await context.services.events.authorize(sender.id, event_id)
    except DomainError as exc:
        await answer_error(update, exc)
        return
    await context.services.signin_qr.rotate_all(force=True)
    await query.answer(t("event.qr_refreshed", lang))


async def sign_in_link(update: Update, context: AppContext) -> None:
    """/start s<event>_<code>: the member scanned the QR code in the room."""
    sender, args = update.effective_user, context.args or []
    parsed = parse_payload(args[0]) if args else None
    if sender is None or parsed is None:
        return
    user = user_info(sender)
    await context.services.members.start(user, lesson_link=True)
    result = await context.services.events.check_in(parsed[0], parsed[1], user)
    title = result.event.title if result.event else ""
    await reply(update, f"event.checkin_{result.outcome}", title=title)


async def _sign_for(update: Update, context: AppContext, method: str) -> None:
    sender = update.effective_user
    if sender is None:
        return
    args = context.args or []
    usage = "event.usage_signfor" if method == CheckinMethod.PROXY else "event.usage_latesign"
    try:
        n = _event_number(args, usage)
        if len(args) < 3:
            raise DomainError(usage)
        _, name = await context.services.events.sign_for(
            sender.id, n, args[1], " ".join(args[2:]), method
        )
    except DomainError as exc:
        await reply_error(update, exc)
        return
    key = "event.signed_for" if method == CheckinMethod.PROXY else "event.late_signed"
    await reply(update, key, name=name, n=n)


async def signfor(update: Update, context: AppContext) -> None:
    await _sign_for(update, context, CheckinMethod.PROXY)


async def latesign(update: Update, context: AppContext) -> None:
    await _sign_for(update, context, CheckinMethod.LATE)


def record_text(view: RecordView, lang: Lang) -> str:
    e = view.event
    present = []
    for a in view.present:
        if a.method == CheckinMethod.PROXY:
            present.append(t("event.rec_proxy", lang, name=a.name, by=a.by_name, reason=a.reason))
        elif a.method == CheckinMethod.LATE:
            present.append(t("event.rec_late", lang, name=a.name, by=a.by_name, reason=a.reason))
        else:
            present.append(a.name)
    absent = [
        t("event.rec_leave", lang, name=a.name, reason=a.reason or t("event.rec_no_reason", lang))
        if a.reason is not None
        else t("event.rec_no_answer", lang, name=a.name)
        for a in view.absent
    ]
    if view.minutes:
        minutes = view.minutes
    elif view.minutes_voice:
        minutes = t("event.rec_voice", lang)
    else:
        minutes = "—"
    return t(
        "event.record",
        lang,
        n=e.id,
        kind=e.kind,
        title=e.title,
        when=when_text(e),
        place=e.place or "—",
        expected=view.expected,
        came=len(view.present),
        present="、".join(present) or "—",
        absent="、".join(absent) or "—",
        recorder=view.recorder or "—",
        minutes=minutes,
        photos=len(view.photos),
        until=f"{view.editable_until.astimezone(e.local().tzinfo):%Y-%m-%d}",
        edits=len(view.history),
    )


def _record_buttons(event_id: int, lang: Lang) -> InlineKeyboardMarkup:
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
            ]
        ]
    )


async def record(update: Update, context: AppContext) -> None:
    message, sender = update.effective_message, update.effective_user
    if message is None or sender is None:
        return
    lang = lang_of(update)
    args = context.args or []
    events = context.services.events
    try:
        n = _event_number(args, "event.usage_record")
        if len(args) >= 3 and args[1] in ("记录人", "recorder"):
            await events.edit_record(sender.id, n, "recorder", " ".join(args[2:]))
        elif len(args) >= 3 and args[1] in ("纪要", "minutes"):
            text = message.text or ""
            body = text.split(args[1], 1)[1].strip()
            await events.edit_record(sender.id, n, "minutes", body)
        elif len(args) != 1:
            raise DomainError("event.usage_record")
        view = await events.record(sender.id, n)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    await message.reply_text(record_text(view, lang), reply_markup=_record_buttons(n, lang))


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
                n=event_id,
                days=services.settings.branch_life.record_edit_days,
            )
    except DomainError as exc:
        await answer_error(update, exc)
        return
    await query.answer()
    if action is not RecordAction.EXPORT:
        ask(context, RecordInput(event_id, action))
        key = "event.send_minutes" if action is RecordAction.MINUTES else "event.send_photos"
        await context.bot.send_message(
            sender.id, t(key, lang, n=event_id), reply_markup=cancel_markup(RecordInput, lang)
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
        filename=f"纪实表-{event_id}.docx",
        caption=t("event.exported", lang, n=event_id, title=view.event.title),
    )


def register(app: AppType, group: int) -> None:
    app.add_handler(CommandHandler("event", event), group)
    app.add_handler(CommandHandler("signin", signin, filters=PRIVATE), group)
    app.add_handler(CommandHandler("signfor", signfor, filters=PRIVATE), group)
    app.add_handler(CommandHandler("latesign", latesign, filters=PRIVATE), group)
    app.add_handler(CommandHandler("record", record, filters=PRIVATE), group)
    app.add_handler(CallbackQueryHandler(on_reply, pattern=callback_data.EVENT_PATTERN), group)
    app.add_handler(CallbackQueryHandler(on_qr_refresh, pattern=callback_data.QR_PATTERN), group)
    app.add_handler(
        CallbackQueryHandler(on_record_button, pattern=callback_data.RECORD_PATTERN), group
    )
