"""What Telegram does with what people do: which messages the bot sees (privacy mode), who may
write where (a private chat opens when the user writes and closes when they block the bot),
and which membership changes the bot is told about."""

from __future__ import annotations

from typing import Any

from ..state import JSON, PRESENT_STATUSES, Chat, World, now


class HumanBase:
    """The world and the delivery rules the human-side mixins of TelegramDouble build on."""

    world: World

    # -- delivery rules
    def _bot_sees(self, chat: Chat, message: JSON, *, service: bool = False) -> bool:
        world = self.world
        if chat.type == "private":
            return True
        if world.status(chat.id, world.bot_id) not in PRESENT_STATUSES:
            return False
        if service or not world.privacy_mode or world.is_admin(chat.id, world.bot_id):
            return True
        # Privacy mode: commands meant for this bot, replies to it, and mentions only.
        text: str = message.get("text") or message.get("caption") or ""
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            return (
                "@" not in command or command.split("@", 1)[1].lower() == world.bot_username.lower()
            )
        replied = message.get("reply_to_message")
        if replied and replied.get("from", {}).get("id") == world.bot_id:
            return True
        return f"@{world.bot_username}".lower() in text.lower()

    def _post(self, chat: Chat, user_id: int, *, service: bool = False, **fields: Any) -> JSON:
        message = self.world.new_message(chat, self.world.user_dict(user_id), **fields)
        if self._bot_sees(chat, message, service=service):
            self.world.enqueue("message", message)
        return message

    def _member_update(
        self, chat: Chat, actor_id: int, user_id: int, old: str, new: str
    ) -> JSON | None:
        world = self.world
        payload = {
            "chat": chat.to_dict(),
            "from": world.user_dict(actor_id),
            "date": now(),
            "old_chat_member": world.member_dict(chat.id, user_id, old),
            "new_chat_member": world.member_dict(chat.id, user_id, new),
        }
        if user_id == world.bot_id:
            return world.enqueue("my_chat_member", payload)
        # Telegram tells only admins about other members (and only if asked: allowed_updates).
        if world.is_admin(chat.id, world.bot_id):
            return world.enqueue("chat_member", payload)
        return None

    def _sender_chat(self, chat_id: int, user_id: int) -> Chat:
        world = self.world
        user = world.user(user_id)
        if chat_id == user_id:
            chat = world.private_chat(user)
            if user.blocked:  # writing again = pressing "Restart": unblocks the bot
                self.user_unblocks(user_id)
            user.started = True
            return chat
        chat = world.chat(chat_id)
        if chat.migrated_to is not None:
            raise ValueError(f"group {chat_id} migrated to {chat.migrated_to}")
        known = world.members.get(chat_id, {})
        if user_id not in known:
            known[user_id] = "member"  # convenience: first writer becomes a member
        elif known[user_id] not in PRESENT_STATUSES:
            raise ValueError(f"user {user_id} is {known[user_id]} in chat {chat_id}")
        return chat

    def _reply_fields(
        self, chat: Chat, reply_to_message_id: int | None, message_thread_id: int | None
    ) -> JSON:
        fields: JSON = {}
        if reply_to_message_id is not None:
            replied = self.world.message(chat.id, reply_to_message_id)
            if replied is None:
                raise ValueError(f"no message {reply_to_message_id} in chat {chat.id}")
            fields["reply_to_message"] = {
                k: v for k, v in replied.items() if k != "reply_to_message"
            }
        if message_thread_id is not None and chat.is_forum:
            fields.update(message_thread_id=message_thread_id, is_topic_message=True)
        return fields

    # -- a private chat closing and opening again (writing to the bot reopens it)
    def user_blocks_bot(self, user_id: int) -> JSON:
        world = self.world
        user = world.user(user_id)
        user.blocked = True
        chat = world.private_chat(user)
        return self._private_member_update(chat, user_id, "member", "kicked")

    def user_unblocks(self, user_id: int) -> JSON:
        world = self.world
        user = world.user(user_id)
        user.blocked, user.started = False, True
        chat = world.private_chat(user)
        return self._private_member_update(chat, user_id, "kicked", "member")

    def _private_member_update(self, chat: Chat, user_id: int, old: str, new: str) -> JSON:
        world = self.world
        return world.enqueue(
            "my_chat_member",
            {
                "chat": chat.to_dict(),
                "from": world.user_dict(user_id),
                "date": now(),
                "old_chat_member": world.member_dict(chat.id, world.bot_id, old),
                "new_chat_member": world.member_dict(chat.id, world.bot_id, new),
            },
        )
