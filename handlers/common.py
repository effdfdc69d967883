"""Helpers every handler uses: plain values from an Update, replies in the user's language."""

from __future__ import annotations

import logging

from telegram import Chat, Message, Update, User
from telegram.constants import ChatMemberStatus
from telegram.error import BadRequest, Forbidden

from bot.core.errors import DomainError
from bot.core.i18n import Lang, lang_for, t
from bot.core.text_limits import split_lines
from bot.members.members import UserInfo
from bot.telegram import callback_data
from bot.telegram.context import AppContext

log = logging.getLogger(__name__)


def user_info(user: User) -> UserInfo:
    return UserInfo(
        user_id=user.id,
        first_name=user.first_name,
        last_name=user.last_name,
        username=user.username,
        language_code=user.language_code,
    )


def lang_of(update: Update) -> Lang:
    user = update.effective_user
    return lang_for(user.language_code if user else None)


def is_group(chat: Chat | None) -> bool:
    return chat is not None and chat.type in (Chat.GROUP, Chat.SUPERGROUP)


async def reply(update: Update, key: str, **params: object) -> Message | None:
    """Reply to the update's message with a text in the sender's language.

    A text that lists things (groups, leave days) can outgrow one message: it goes in parts,
    and the last part is returned."""
    message = update.effective_message
    if message is None:
        return None
    sent = None
    for part in split_lines(t(key, lang_of(update), **params).split("\n")):
        sent = await message.reply_text(part)
    return sent


# --- refusals: a DomainError is shown to the user here and nowhere else -------------------
async def reply_error(update: Update, error: DomainError) -> None:
    """A refusal, as a reply to the message (or in the chat of the pressed button)."""
    log.info("refused %s for user %s", error.key, getattr(update.effective_user, "id", None))
    await reply(update, error.key, **error.params)


async def answer_error(update: Update, error: DomainError) -> None:
    """A refusal, as the pressed button's answer: an alert the user has to close."""
    query = update.callback_query
    if query is None:
        return
    log.info("refused %s for user %s (button)", error.key, query.from_user.id)
    await query.answer(error.text(lang_of(update)), show_alert=True)


async def answer_forged(update: Update) -> None:
    """Data no button of ours carries (or a button used where it was never sent)."""
    query = update.callback_query
    if query is None:
        return
    log.info("forged callback data %r from %s", query.data, query.from_user.id)
    await query.answer(t("button.forged", lang_of(update)), show_alert=True)


async def member_status(context: AppContext, chat_id: int, user_id: int) -> str:
    """Ask Telegram for a person's status in a chat ("left" if Telegram cannot say)."""
    try:
        member = await context.bot.get_chat_member(chat_id, user_id)
    except (BadRequest, Forbidden) as exc:
        # User or chat unknown to Telegram, or the bot is no longer in the chat.
        log.info("getChatMember(%s, %s) refused: %s", chat_id, user_id, exc.message)
        return str(ChatMemberStatus.LEFT)
    return str(member.status)


def carried_lesson(message: Message | None, bot_id: int) -> int | None:
    """The lesson whose "listened" button this voice message of the bot's own carries."""
    if message is None or message.voice is None:
        return None
    if message.from_user is None or message.from_user.id != bot_id:
        return None
    markup = message.reply_markup
    if markup is None or not markup.inline_keyboard or not markup.inline_keyboard[0]:
        return None
    data = markup.inline_keyboard[0][0].callback_data
    return callback_data.parse_listen(data if isinstance(data, str) else None)
