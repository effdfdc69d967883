"""Commands from an anonymous admin (posting as the group): say what to do, change nothing."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, MessageHandler, filters

from bot.telegram.context import AppContext, AppType
from handlers.common import reply

# Commands that only make sense in the group: the admin has to show who they are there.
GROUP_COMMANDS = frozenset({"bind", "unbind", "settime", "skip", "unskip", "join"})
# Commands about the sender that work in private chat with the bot.
PRIVATE_COMMANDS = frozenset(
    {"sendnow", "schedule", "cancel", "move", "title", "lessons", "leave", "me", "start", "stop"}
)


async def anonymous_command(update: Update, context: AppContext) -> None:
    """Telegram shows such a message as sent by the group itself (from: GroupAnonymousBot)."""
    message = update.effective_message
    if message is None or message.sender_chat is None or message.text is None:
        return
    if message.sender_chat.id != message.chat.id:
        return  # a channel posting in its discussion group is not an admin of it
    head = message.text.split(maxsplit=1)[0].removeprefix("/")
    command, _, addressee = head.partition("@")
    if addressee and addressee.lower() != (context.bot.username or "").lower():
        return
    command = command.lower()
    if command in GROUP_COMMANDS:
        await reply(update, "anon.group_command", cmd=command)
    elif command in PRIVATE_COMMANDS:
        await reply(update, "anon.private_command", cmd=command)
    else:
        return  # /help, /settings, /rank answer the same whoever asks
    raise ApplicationHandlerStop


def register(app: AppType, group: int) -> None:
    app.add_handler(
        MessageHandler(
            filters.ChatType.GROUPS
            & filters.UpdateType.MESSAGE
            & filters.COMMAND
            & filters.SenderChat.ALL,
            anonymous_command,
        ),
        group,
    )
