"""The human side: users and groups doing things that Telegram turns into updates."""

from __future__ import annotations

import itertools
import time
from pathlib import Path
from typing import Any

from .media import DEFAULT_MIME, KINDS, media_payload
from .state import JSON, PRESENT_STATUSES, Chat, User, World, now

# Telegram's stand-in in `from` for messages sent on behalf of a channel.
CHANNEL_BOT = 136817688
# Who Telegram names as the sender of an anonymous admin's message.
GROUP_ANONYMOUS_BOT: JSON = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _command_entities(text: str) -> JSON:
    """A leading bot command (such as /start) is marked as an entity, as Telegram's clients do."""
    if not text.startswith("/"):
        return {}
    command = text.split(maxsplit=1)[0]
    return {"entities": [{"type": "bot_command", "offset": 0, "length": _utf16_len(command)}]}


class Humans:
    """Mixin for TelegramDouble; every helper is synchronous and enqueues updates."""

    world: World
    _callback_seq = itertools.count(1)

    # -- setting the scene
    def add_user(
        self,
        user_id: int,
        first_name: str,
        *,
        language_code: str | None = "zh-hans",
        username: str | None = None,
        last_name: str | None = None,
    ) -> User:
        user = User(user_id, first_name, last_name, username, language_code)
        self.world.users[user_id] = user
        return user

    def add_group(
        self,
        chat_id: int,
        title: str,
        *,
        type: str = "group",
        is_forum: bool = False,
        member_count: int | None = None,
    ) -> Chat:
        if chat_id >= 0:
            raise ValueError("group ids are negative")
        if type not in ("group", "supergroup"):
            raise ValueError("type must be 'group' or 'supergroup'")
        chat = Chat(chat_id, type, title, is_forum=is_forum, member_count=member_count)
        self.world.chats[chat_id] = chat
        self.world.members.setdefault(chat_id, {})
        return chat

    def set_member(self, chat_id: int, user_id: int, status: str) -> None:
        """Set a membership silently (no update); use user_joins() etc. to notify the bot."""
        self.world.set_status(chat_id, user_id, status)

    def set_member_count(self, chat_id: int, count: int | None) -> None:
        self.world.chat(chat_id).member_count = count

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

    # -- users talking
    def user_sends(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        *,
        reply_to_message_id: int | None = None,
        message_thread_id: int | None = None,
    ) -> JSON:
        chat = self._sender_chat(chat_id, user_id)
        fields = self._reply_fields(chat, reply_to_message_id, message_thread_id)
        fields.update(_command_entities(text))
        return self._post(chat, user_id, text=text, **fields)

    def user_edits(self, chat_id: int, user_id: int, message_id: int, text: str) -> JSON:
        """A person edits the text of a message they sent; the bot gets an edited_message."""
        world = self.world
        message = world.message(chat_id, message_id)
        if message is None:
            raise ValueError(f"no message {message_id} in chat {chat_id}")
        if message["from"]["id"] != user_id:
            raise ValueError(f"user {user_id} did not send message {message_id}")
        field = "caption" if "caption" in message and "text" not in message else "text"
        message[field] = text
        message["edit_date"] = now()
        chat = world.chat(chat_id)
        if self._bot_sees(chat, message):
            world.enqueue("edited_message", dict(message))
        return message

    def user_sends_file(
        self,
        chat_id: int,
        user_id: int,
        kind: str,
        path_or_bytes: str | Path | bytes | None = None,
        *,
        caption: str | None = None,
        duration: int | None = None,
        mime_type: str | None = None,
        file_name: str | None = None,
        file_size: int | None = None,
        reply_to_message_id: int | None = None,
        message_thread_id: int | None = None,
    ) -> JSON:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}")
        if isinstance(path_or_bytes, str | Path):
            path = Path(path_or_bytes)
            data: bytes | None = path.read_bytes()
            file_name = file_name or path.name
        else:
            data = path_or_bytes
        if data is None and file_size is None:
            raise ValueError("give the file's bytes/path, or declare file_size")
        chat = self._sender_chat(chat_id, user_id)
        fields = self._reply_fields(chat, reply_to_message_id, message_thread_id)
        if kind in ("audio", "document") and file_name is None:
            file_name = f"{kind}.{'mp3' if kind == 'audio' else 'bin'}"
        stored = self.world.store_file(
            kind,
            data,
            file_size=file_size,
            mime_type=mime_type or DEFAULT_MIME.get(kind),
            file_name=file_name,
            duration=duration,
        )
        fields[kind] = media_payload(stored, kind)
        return self._post(chat, user_id, caption=caption, **fields)

    def press_button(
        self, chat_id: int, user_id: int, message_id: int, data: str, *, check: bool = True
    ) -> str:
        """Press an inline button; check=False lets a test send forged callback data."""
        world = self.world
        message = world.message(chat_id, message_id)
        if message is None:
            raise ValueError(f"no message {message_id} in chat {chat_id}")
        if check:
            rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
            datas = [b.get("callback_data") for row in rows for b in row]
            if data not in datas:
                raise ValueError(f"message {message_id} has no button {data!r}; it has {datas}")
        query_id = f"{world.bot_id}{next(self._callback_seq):08d}"
        world.open_callbacks.add(query_id)
        world.callback_pressed_at[query_id] = time.monotonic()
        world.enqueue(
            "callback_query",
            {
                "id": query_id,
                "from": world.user_dict(user_id),
                "chat_instance": str(-abs(chat_id) * 7919),
                "message": message,
                "data": data,
            },
        )
        return query_id

    def react(self, chat_id: int, user_id: int, message_id: int, emoji: str | None) -> JSON | None:
        """Set (or with None clear) a user's reaction; needs the bot to be admin in groups."""
        world = self.world
        chat = world.chat(chat_id)
        if world.message(chat_id, message_id) is None:
            raise ValueError(f"no message {message_id} in chat {chat_id}")
        key = (chat_id, message_id, user_id)
        old = world.user_reactions.get(key, [])
        new = [{"type": "emoji", "emoji": emoji}] if emoji else []
        world.user_reactions[key] = new
        if chat.type != "private" and not world.is_admin(chat_id, world.bot_id):
            return None
        return world.enqueue(
            "message_reaction",
            {
                "chat": chat.to_dict(),
                "message_id": message_id,
                "user": world.user_dict(user_id),
                "date": now(),
                "old_reaction": old,
                "new_reaction": new,
            },
        )

    # -- membership
    def add_bot_to_group(self, chat_id: int, by_user_id: int, *, as_admin: bool = False) -> JSON:
        world = self.world
        chat = world.chat(chat_id)
        world.members.setdefault(chat_id, {}).setdefault(by_user_id, "member")
        old = world.set_status(chat_id, world.bot_id, "administrator" if as_admin else "member")
        self._member_update(
            chat, by_user_id, world.bot_id, old, world.status(chat_id, world.bot_id)
        )
        return self._post(chat, by_user_id, service=True, new_chat_members=[world.bot_user])

    def promote_bot(self, chat_id: int, by_user_id: int, *, admin: bool = True) -> JSON | None:
        world = self.world
        old = world.set_status(chat_id, world.bot_id, "administrator" if admin else "member")
        return self._member_update(
            world.chat(chat_id), by_user_id, world.bot_id, old, world.status(chat_id, world.bot_id)
        )

    def remove_bot_from_group(
        self, chat_id: int, by_user_id: int, *, status: str | None = None
    ) -> JSON:
        world = self.world
        chat = world.chat(chat_id)
        # Removing from a supergroup bans; from a basic group it just removes.
        status = status or ("kicked" if chat.type == "supergroup" else "left")
        message = self._post(chat, by_user_id, service=True, left_chat_member=world.bot_user)
        old = world.set_status(chat_id, world.bot_id, status)
        self._member_update(chat, by_user_id, world.bot_id, old, status)
        return message

    def user_joins(self, chat_id: int, user_id: int) -> JSON:
        world = self.world
        chat = world.chat(chat_id)
        old = world.set_status(chat_id, user_id, "member")
        message = self._post(
            chat, user_id, service=True, new_chat_members=[world.user_dict(user_id)]
        )
        self._member_update(chat, user_id, user_id, old, "member")
        return message

    def user_leaves(self, chat_id: int, user_id: int) -> JSON:
        world = self.world
        chat = world.chat(chat_id)
        old = world.set_status(chat_id, user_id, "left")
        message = self._post(chat, user_id, service=True, left_chat_member=world.user_dict(user_id))
        self._member_update(chat, user_id, user_id, old, "left")
        return message

    def migrate_group(self, old_id: int, new_id: int, *, by_user_id: int | None = None) -> Chat:
        world = self.world
        old = world.chat(old_id)
        if old.type != "group":
            raise ValueError("only basic groups migrate")
        members = world.members.get(old_id, {})
        if by_user_id is None:
            by_user_id = next(
                (u for u, s in members.items() if s == "creator"), next(iter(members), world.bot_id)
            )
        new = Chat(new_id, "supergroup", old.title, member_count=old.member_count)
        world.chats[new_id] = new
        world.members[new_id] = dict(members)
        self._post(old, by_user_id, service=True, migrate_to_chat_id=new_id)
        old.migrated_to = new_id
        self._post(new, by_user_id, service=True, migrate_from_chat_id=old_id)
        return new

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

    # -- rights (issue 9 item 4): admins changing quietly, admins posting as the group
    def change_member_status(
        self, chat_id: int, user_id: int, status: str, *, by_user_id: int, notify: bool = True
    ) -> JSON | None:
        """Promote, demote or restrict someone. notify=False: the bot hears nothing (as when
        it is not an admin, or chat_member is not in allowed_updates) and must ask."""
        world = self.world
        old = world.set_status(chat_id, user_id, status)
        if not notify:
            return None
        return self._member_update(world.chat(chat_id), by_user_id, user_id, old, status)

    def admin_sends_as_group(
        self, chat_id: int, user_id: int, text: str, *, reply_to_message_id: int | None = None
    ) -> JSON:
        """An admin with "Remain anonymous" on writes: Telegram shows the group as the sender
        (sender_chat) and GroupAnonymousBot as `from`; the bot cannot tell who it was."""
        world = self.world
        chat = world.chat(chat_id)
        if chat.type != "supergroup" or not world.is_admin(chat_id, user_id):
            raise ValueError("only an admin of a supergroup can post as the group")
        fields: JSON = {"text": text, "sender_chat": chat.to_dict()}
        fields.update(self._reply_fields(chat, reply_to_message_id, None))
        fields.update(_command_entities(text))
        message = world.new_message(chat, dict(GROUP_ANONYMOUS_BOT), **fields)
        if self._bot_sees(chat, message):
            world.enqueue("message", message)
        return message

    # -- messages a person sends not as themselves, and forwards
    def channel_sends(
        self,
        chat_id: int,
        channel_id: int,
        text: str,
        *,
        channel_title: str = "频道",
        reply_to_message_id: int | None = None,
    ) -> JSON:
        """A message in a group on behalf of a channel: `from` is Telegram's Channel_Bot."""
        chat = self.world.chat(chat_id)
        fields = self._reply_fields(chat, reply_to_message_id, None)
        fields.update(_command_entities(text))
        message = self.world.new_message(
            chat,
            {"id": CHANNEL_BOT, "is_bot": True, "first_name": "Channel", "username": "Channel_Bot"},
            text=text,
            sender_chat={"id": channel_id, "type": "channel", "title": channel_title},
            **fields,
        )
        if self._bot_sees(chat, message):
            self.world.enqueue("message", message)
        return message

    def user_forwards(
        self, to_chat_id: int, user_id: int, from_chat_id: int, message_id: int
    ) -> JSON:
        """A person forwards a message (the bot's lesson, say) into another chat."""
        world = self.world
        original = world.message(from_chat_id, message_id)
        if original is None:
            raise ValueError(f"no message {message_id} in chat {from_chat_id}")
        chat = self._sender_chat(to_chat_id, user_id)
        content = {
            k: v
            for k, v in original.items()
            if k in ("text", "entities", "caption", "caption_entities", *KINDS)
        }
        origin: JSON = {"type": "user", "sender_user": original["from"], "date": original["date"]}
        return self._post(chat, user_id, forward_origin=origin, **content)
