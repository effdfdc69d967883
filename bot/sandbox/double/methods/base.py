"""What every Bot API method of the double shares: the chat a call names (and whether the bot
may reach it), the message it names, text and caption limits, and a bot message landing in a
chat (the Message it answers and the SentMessage tests read)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from ..entities import rendered, utf16_len
from ..errors import bad_request, forbidden, rule_broken
from ..rules import check_web_app_buttons
from ..state import JSON, Chat, SentMessage, World

Handler = Callable[[JSON], Awaitable[Any]]

MAX_TEXT = 4096  # UTF-16 code units after entity parsing
MAX_CAPTION = 1024


def visible_text(params: JSON, *, limit: int, too_long: str) -> str:
    """The text after entity parsing, 1..limit UTF-16 code units, as Telegram counts it."""
    text = params.get("text")
    shown = rendered(text, params.get("parse_mode")) if isinstance(text, str) else ""
    if not shown.strip():
        raise rule_broken("message text is empty")
    if utf16_len(shown) > limit:
        raise rule_broken(too_long)
    return shown


def inline_markup(markup: Any) -> JSON | None:
    # Only inline keyboards become part of the Message; reply keyboards live on the client.
    if isinstance(markup, dict) and "inline_keyboard" in markup:
        return markup
    return None


class ApiBase:
    """The world and the helpers the method mixins of BotApi (see api.py) build on."""

    def __init__(self, world: World) -> None:
        self.world = world

    # -- chat access, shared by everything that names a chat
    def resolve_chat(self, raw: Any) -> Chat:
        chat: Chat | None = None
        if isinstance(raw, str) and raw.startswith("@"):
            name = raw[1:].lower()
            chat = next(
                (
                    c
                    for c in self.world.chats.values()
                    if c.type != "private" and (c.title or "").lower() == name
                ),
                None,
            )
        else:
            try:
                chat_id = int(raw)
            except (TypeError, ValueError):
                raise bad_request("chat not found") from None
            chat = self.world.chats.get(chat_id)
            if chat is None and chat_id in self.world.users:
                # Known user, never wrote: target_chat() refuses writes with 403.
                chat = self.world.private_chat(self.world.users[chat_id])
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def target_chat(self, params: JSON, *, write: bool, key: str = "chat_id") -> Chat:
        chat = self.resolve_chat(params.get(key))
        if chat.migrated_to is not None:
            raise bad_request(
                "group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": chat.migrated_to},
            )
        if chat.type == "private":
            user = chat.user
            if write and user is not None:
                if user.blocked:
                    raise forbidden("bot was blocked by the user")
                if not user.started:
                    raise forbidden("bot can't initiate conversation with a user")
            return chat
        kind = {"group": "group chat", "supergroup": "supergroup chat"}.get(chat.type, "chat")
        status = self.world.status(chat.id, self.world.bot_id)
        if status == "kicked":
            raise forbidden(f"bot was kicked from the {kind}")
        if status == "left":
            raise forbidden(f"bot is not a member of the {kind}")
        return chat

    def _own_message(self, chat: Chat, params: JSON, action: str) -> JSON:
        message_id = params.get("message_id")
        message = self.world.message(chat.id, message_id) if isinstance(message_id, int) else None
        if message is None:
            raise bad_request(f"message to {action} not found")
        return message

    def _sent_record(self, chat_id: int, message_id: int) -> SentMessage | None:
        for record in reversed(self.world.sent):
            if record.chat_id == chat_id and record.message_id == message_id:
                return record
        return None

    def _caption(self, params: JSON) -> str | None:
        caption = params.get("caption")
        if not isinstance(caption, str) or not caption:
            return None
        shown = rendered(caption, params.get("parse_mode"))
        if utf16_len(shown) > MAX_CAPTION:
            raise rule_broken("message caption is too long")
        return shown

    # -- a bot message landing in a chat, shared by every send (files, polls, copies)
    def _reply_to(self, chat: Chat, params: JSON) -> JSON | None:
        reply = params.get("reply_parameters")
        if isinstance(reply, dict):
            message_id, allow = reply.get("message_id"), reply.get("allow_sending_without_reply")
            chat_id = reply.get("chat_id", chat.id)
            target = self.resolve_chat(chat_id) if chat_id != chat.id else chat
        elif isinstance(params.get("reply_to_message_id"), int):
            message_id, allow, target = params["reply_to_message_id"], False, chat
        else:
            return None
        message = self.world.message(target.id, message_id) if isinstance(message_id, int) else None
        if message is None and not allow:
            raise bad_request("message to be replied not found")
        if message is None:
            return None
        return {k: v for k, v in message.items() if k != "reply_to_message"}

    def deliver(
        self, method: str, chat: Chat, params: JSON, content: JSON, file_id: str | None = None
    ) -> JSON:
        thread_id = params.get("message_thread_id")
        reply_to = self._reply_to(chat, params)
        markup = params.get("reply_markup")
        check_web_app_buttons(markup, chat.type)
        extra: JSON = {}
        if chat.is_forum and isinstance(thread_id, int):
            extra.update(message_thread_id=thread_id, is_topic_message=True)
        message = self.world.new_message(
            chat,
            self.world.bot_user,
            reply_to_message=reply_to,
            reply_markup=inline_markup(markup),
            **extra,
            **content,
        )
        self.world.sent.append(
            SentMessage(
                chat_id=chat.id,
                message_id=message["message_id"],
                method=method,
                # The bot's own text (HTML unrendered) for sendMessage; copies carry the source's.
                text=params.get("text") if method == "sendMessage" else content.get("text"),
                caption=params.get("caption") or content.get("caption"),
                reply_markup=markup if isinstance(markup, dict) else None,
                file_id=file_id,
                message_thread_id=thread_id if isinstance(thread_id, int) else None,
                reply_to_message_id=reply_to["message_id"] if reply_to else None,
                date=message["date"],
                message=message,
            )
        )
        self.world.counters["delivered"] += 1
        return message
