"""What the bot sees happen to groups: being added or removed, joins, leaves, migration."""

from __future__ import annotations

import logging

from telegram import ChatMemberUpdated, Update
from telegram.constants import ChatMemberStatus
from telegram.ext import ChatMemberHandler, MessageHandler, filters

from bot.core.vocabulary import ADMIN_STATUSES, BOT_PRESENT_STATUSES, MemberStatus, PresenceSource
from bot.telegram.context import AppContext, AppType
from handlers.common import is_group, user_info

log = logging.getLogger(__name__)


async def my_chat_member(update: Update, context: AppContext) -> None:
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None:
        return
    if change.chat.type == change.chat.PRIVATE:
        # The person blocked the bot: unreachable until they start it again.
        if change.new_chat_member.status == ChatMemberStatus.BANNED:
            await context.services.members.mark_unreachable(change.from_user.id, "blocked")
        return
    if not is_group(change.chat):
        return
    context.services.rights.forget(change.chat.id)  # the bot's own view of the group changed
    await context.services.groups.bot_status_changed(
        change.chat.id, change.chat.title or "", change.chat.type, change.new_chat_member.status
    )
    # Whoever added the bot is in the group.
    if change.new_chat_member.status in BOT_PRESENT_STATUSES:
        await context.services.groups.record_presence(
            change.chat.id,
            user_info(change.from_user),
            MemberStatus.MEMBER,
            PresenceSource.ACTIVITY,
        )


async def chat_member(update: Update, context: AppContext) -> None:
    change = update.chat_member
    if change is None or not is_group(change.chat):
        return
    person = change.new_chat_member.user
    old, new = change.old_chat_member.status, change.new_chat_member.status
    if old in ADMIN_STATUSES or new in ADMIN_STATUSES:
        # A promotion, demotion, or an admin leaving: Telegram is asked again on the next check.
        context.services.rights.forget(change.chat.id)
    if person.is_bot:
        return
    await context.services.groups.record_presence(
        change.chat.id, user_info(person), change.new_chat_member.status, PresenceSource.CHAT_MEMBER
    )
    if (old in ADMIN_STATUSES) != (new in ADMIN_STATUSES):
        # Became or stopped being an admin: the secretary's private menu follows.
        await context.services.menus.refresh([person.id])


async def migrated(update: Update, context: AppContext) -> None:
    message = update.effective_message
    if message is None:
        return
    context.services.rights.forget(
        *(
            i
            for i in (message.chat.id, message.migrate_to_chat_id, message.migrate_from_chat_id)
            if i
        )
    )
    if message.migrate_to_chat_id:
        await context.services.groups.migrate(message.chat.id, message.migrate_to_chat_id)
    elif message.migrate_from_chat_id:
        await context.services.groups.migrate(message.migrate_from_chat_id, message.chat.id)


async def members_changed(update: Update, context: AppContext) -> None:
    message = update.effective_message
    if message is None:
        return
    groups = context.services.groups
    for person in message.new_chat_members or ():
        if not person.is_bot:
            await groups.record_presence(
                message.chat.id,
                user_info(person),
                MemberStatus.MEMBER,
                PresenceSource.SERVICE_MESSAGE,
            )
    left = message.left_chat_member
    if left is not None:
        # Whoever left may have been an admin (or it was the bot): ask Telegram again.
        context.services.rights.forget(message.chat.id)
    if left is not None and not left.is_bot:
        await groups.record_presence(
            message.chat.id, user_info(left), MemberStatus.LEFT, PresenceSource.SERVICE_MESSAGE
        )


async def activity(update: Update, context: AppContext) -> None:
    """Anyone who writes in a known group is a member of it."""
    message, sender = update.effective_message, update.effective_user
    if message is None or sender is None or sender.is_bot or not is_group(message.chat):
        return
    if message.new_chat_members or message.left_chat_member:
        return
    await context.services.groups.record_presence(
        message.chat.id, user_info(sender), MemberStatus.MEMBER, PresenceSource.ACTIVITY
    )


def register(app: AppType, group: int) -> None:
    app.add_handler(ChatMemberHandler(my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER), group)
    app.add_handler(ChatMemberHandler(chat_member, ChatMemberHandler.CHAT_MEMBER), group)
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, migrated), group)
    app.add_handler(
        MessageHandler(
            filters.StatusUpdate.NEW_CHAT_MEMBERS | filters.StatusUpdate.LEFT_CHAT_MEMBER,
            members_changed,
        ),
        group,
    )


def register_activity(app: AppType, group: int) -> None:
    app.add_handler(
        MessageHandler(filters.ChatType.GROUPS & ~filters.StatusUpdate.ALL, activity),
        group,
    )
