"""Activity days: /event, the 参加/请假 buttons and the leave reason, /signin (the rotating QR),
the sign-in link; /signfor and /latesign are in handlers.sign_for, /record in
handlers.meeting_record."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import ClassVar

from telegram import Message, Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.branch_life.events import EventView
from bot.branch_life.events.views import event_words
from bot.branch_life.signin_codes import parse_payload
from bot.core.errors import DomainError
from bot.core.i18n import Lang, t
from bot.groups.numbers import Numbered
from bot.telegram import callback_data
from bot.telegram.context import AppContext, AppType
from bot.telegram.event_notices import reply_buttons, when_text
from handlers import event_wizard
from handlers.common import (
    answer_error,
    answer_forged,
    is_group,
    lang_of,
    reply,
    reply_error,
    user_info,
)
from handlers.numbered import numbered_command
from handlers.prompts import Prompt, ask_typed, close

log = logging.getLogger(__name__)

PRIVATE = filters.ChatType.PRIVATE


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


def announcement(view: EventView, lang: Lang) -> str:
    return t(
        "event.announce",
        lang,
        n=view.number,
        kind=view.label,
        title=view.title,
        when=when_text(view, lang),
        place=view.place or "—",
    )


async def event(update: Update, context: AppContext) -> None:
    message = update.effective_message
    if message is None:
        return
    chat_id = message.chat.id if is_group(message.chat) else None
    words = event_words((message.text or "").partition(" ")[2])
    if not words and chat_id is None:
        await event_wizard.start(update, context)  # step by step, by buttons
        return
    await publish(update, context, words, chat_id)


async def publish(
    update: Update, context: AppContext, words: list[str], chat_id: int | None
) -> bool:
    """Create the event (typed or built step by step) and post it in its group."""
    message, sender = update.effective_message, update.effective_user
    if message is None or sender is None:
        return False
    lang = lang_of(update)
    try:
        view = await context.services.events.create(user_info(sender), words, chat_id)
    except DomainError as exc:
        await reply_error(update, exc)
        return False
    try:
        posted = await context.bot.send_message(
            view.group_chat_id,
            announcement(view, "zh"),
            reply_markup=reply_buttons(view.id, "zh"),
            message_thread_id=view.thread_id,
        )
    except TelegramError as exc:
        log.warning("event %s not posted: %s", view.id, exc.message)
        await reply(update, "event.not_posted", n=view.number)
        return True
    await context.services.events.set_message(view.id, posted.message_id)
    if message.chat.id != view.group_chat_id:  # made in private: say where it went
        await context.bot.send_message(
            message.chat.id, t("event.created", lang, n=view.number, group=view.group_title)
        )
    return True


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
        await ask_typed(
            context,
            sender.id,
            LeaveReason(event_id),
            t("event.ask_reason", lang, kind=result.event.label, title=result.event.title),
            t("event.reason_hint", lang),
            lang,
        )
    except Forbidden:
        await answer_error(update, DomainError("event.leave_start_first"))
        return
    await query.answer(t("event.leave_recorded", lang))


async def _signin(update: Update, context: AppContext, event_id: int, rest: list[str]) -> None:
    sender = update.effective_user
    if sender is None:
        return
    try:
        view = await context.services.events.open_signin(sender.id, event_id)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    await context.services.signin_qr.show(sender.id, view, lang_of(update))


signin = numbered_command("signin", Numbered.EVENT, _signin, "event.usage_signin")


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


def register(app: AppType, group: int) -> None:
    app.add_handler(CommandHandler("event", event), group)
    app.add_handler(CommandHandler("signin", signin, filters=PRIVATE), group)
    app.add_handler(CallbackQueryHandler(on_reply, pattern=callback_data.EVENT_PATTERN), group)
    app.add_handler(CallbackQueryHandler(on_qr_refresh, pattern=callback_data.QR_PATTERN), group)
