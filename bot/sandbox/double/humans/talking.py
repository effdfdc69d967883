"""People talking to the bot: writing, editing, sending files, pressing buttons, reacting,
forwarding, and writing not as themselves (an anonymous admin, a channel)."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

from ..entities import utf16_len
from ..media import DEFAULT_MIME, KINDS, media_payload
from ..state import JSON, now
from .base import HumanBase

# Telegram's stand-in in `from` for messages sent on behalf of a channel.
CHANNEL_BOT = 136817688
# Who Telegram names as the sender of an anonymous admin's message.
GROUP_ANONYMOUS_BOT: JSON = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}


def _command_entities(text: str) -> JSON:
    """A leading bot command (such as /start) is marked as an entity, as Telegram's clients do."""
    if not text.startswith("/"):
        return {}
    command = text.split(maxsplit=1)[0]
    return {"entities": [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]}


class Talking(HumanBase):
    _callback_seq = itertools.count(1)

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

    # -- messages a person sends not as themselves, and forwards
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
