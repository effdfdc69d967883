"""/start and /stop in private chat: subscribing to the morning push."""

from __future__ import annotations

import re

from telegram import Update
from telegram.constants import ChatMemberStatus
from telegram.ext import CommandHandler, filters

from bot.context import AppContext, AppType
from handlers.common import member_status, reply, user_info

_LESSON_LINK = re.compile(r"^l(\d{1,9})$")
_PRESENT = {
    ChatMemberStatus.OWNER,
    ChatMemberStatus.ADMINISTRATOR,
    ChatMemberStatus.MEMBER,
    ChatMemberStatus.RESTRICTED,
}


async def start(update: Update, context: AppContext) -> None:
    if update.effective_user is None:
        return
    user = user_info(update.effective_user)
    services = context.services
    result = await services.members.start(user)
    if not result.group_titles:
        # Not seen in any bound group yet: ask Telegram, once, for each bound group.
        for group in await services.groups.bound():
            status = await member_status(context, group.chat_id, user.user_id)
            if status in _PRESENT:
                await services.groups.record_presence(
                    group.chat_id, user, status, "get_chat_member"
                )
        result = await services.members.start(user)
    await reply(update, "start.private", name=user.first_name)
    if result.subscribed:
        await reply(update, "start.subscribed", groups="、".join(result.group_titles))
    else:
        await reply(update, "start.no_group")
    payload = (context.args or [""])[0]
    match = _LESSON_LINK.match(payload)
    if match is not None:
        # Opened from a lesson's link button: give them their private copy (at most once).
        await services.runner.private_copy(int(match.group(1)), user.user_id)


async def stop(update: Update, context: AppContext) -> None:
    if update.effective_user is None:
        return
    was_on = await context.services.members.stop(user_info(update.effective_user))
    await reply(update, "stop.done" if was_on else "stop.already")


def register(app: AppType) -> None:
    app.add_handler(CommandHandler("start", start, filters=filters.ChatType.PRIVATE))
    app.add_handler(CommandHandler("stop", stop, filters=filters.ChatType.PRIVATE))
