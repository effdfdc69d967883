"""Bot API methods the double implements with real behaviour (others answer `true`)."""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from .entities import rendered, utf16_len
from .errors import ApiError, bad_request, forbidden, rule_broken
from .media import DEFAULT_MIME, media_payload
from .polls import PollApi
from .rules import check_web_app_buttons
from .state import (
    JSON,
    MAX_DOWNLOAD,
    PRESENT_STATUSES,
    Chat,
    SentMessage,
    StoredFile,
    UploadedFile,
    World,
    now,
)

Handler = Callable[[JSON], Awaitable[Any]]

MAX_UPLOAD = 50 * 1024 * 1024
MAX_TEXT = 4096  # UTF-16 code units after entity parsing
MAX_CAPTION = 1024
MAX_CALLBACK_ANSWER = 200
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
# sendVoice -> ("voice", "voice"): (parameter name, message field / file kind)
SEND_FILE_METHODS = {
    "sendvoice": "voice",
    "sendaudio": "audio",
    "senddocument": "document",
    "sendphoto": "photo",
    "sendvideo": "video",
    "sendvideonote": "video_note",
    "sendanimation": "animation",
}


def _visible_text(params: JSON, *, limit: int, too_long: str) -> str:
    """The text after entity parsing, 1..limit UTF-16 code units, as Telegram counts it."""
    text = params.get("text")
    shown = rendered(text, params.get("parse_mode")) if isinstance(text, str) else ""
    if not shown.strip():
        raise rule_broken("message text is empty")
    if utf16_len(shown) > limit:
        raise rule_broken(too_long)
    return shown


def _inline_markup(markup: Any) -> JSON | None:
    # Only inline keyboards become part of the Message; reply keyboards live on the client.
    if isinstance(markup, dict) and "inline_keyboard" in markup:
        return markup
    return None


class BotApi:
    def __init__(self, world: World) -> None:
        self.world = world
        self.handlers: dict[str, Handler] = {
            "getme": self.get_me,
            "getupdates": self.get_updates,
            "deletewebhook": self.delete_webhook,
            "getwebhookinfo": self.get_webhook_info,
            "sendmessage": self.send_message,
            "editmessagetext": self.edit_message_text,
            "editmessagecaption": self.edit_message_caption,
            "editmessagereplymarkup": self.edit_message_reply_markup,
            "deletemessage": self.delete_message,
            "sendmediagroup": self.send_media_group,
            "forwardmessage": self.forward_message,
            "copymessage": self.copy_message,
            "answercallbackquery": self.answer_callback_query,
            "setmessagereaction": self.set_message_reaction,
            "getchat": self.get_chat,
            "getchatmember": self.get_chat_member,
            "getchatadministrators": self.get_chat_administrators,
            "getchatmembercount": self.get_chat_member_count,
            "getfile": self.get_file,
            "pinchatmessage": self.pin_chat_message,
            "unpinchatmessage": self.unpin_chat_message,
            "unpinallchatmessages": self.unpin_all_chat_messages,
            "setmycommands": self.set_my_commands,
            "getmycommands": self.get_my_commands,
            "deletemycommands": self.delete_my_commands,
            "getmyname": self._constant({"name": "Microlesson Test Bot"}),
            "getmydescription": self._constant({"description": ""}),
            "getmyshortdescription": self._constant({"short_description": ""}),
            "getchatmenubutton": self._constant({"type": "default"}),
        }
        for lower in SEND_FILE_METHODS:
            self.handlers[lower] = self._file_sender(lower)
        # branch life (issue 12): quiz polls and media edits live in polls.py
        self.handlers.update(PollApi(self).handlers())

    async def call(self, method: str, params: JSON) -> Any:
        handler = self.handlers.get(method.lower())
        if handler is not None:
            return await handler(params)
        # Unimplemented but valid: still refuse chats the bot cannot reach, then say true.
        if "chat_id" in params and isinstance(params["chat_id"], int | str):
            self.target_chat(params, write=method.lower().startswith("send"))
        return True

    @staticmethod
    def _constant(value: Any) -> Handler:
        async def handler(_params: JSON) -> Any:
            return value

        return handler

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

    # -- basics
    async def get_me(self, _params: JSON) -> JSON:
        return {
            **self.world.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": not self.world.privacy_mode,
            "supports_inline_queries": False,
        }

    async def get_updates(self, params: JSON) -> list[JSON]:
        world = self.world
        offset = params.get("offset")
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = float(params.get("timeout") or 0)
        if "allowed_updates" in params:
            allowed = params["allowed_updates"]
            # An empty list means "back to the default set", as documented.
            world.allowed_updates = list(allowed) if allowed else None
        if isinstance(offset, int):
            if offset < 0:
                keep = world.updates[offset:]
                offset = keep[0]["update_id"] if keep else None
            if offset is not None:
                world.confirm(offset)
        # Only one poller per token: a newer getUpdates terminates an older one with 409.
        world.poll_generation += 1
        generation = world.poll_generation
        world.notify()
        deadline = time.monotonic() + timeout
        while True:
            if generation != world.poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure "
                    "that only one bot instance is running",
                )
            # No await between this check and wait_change(): a new update cannot slip between.
            ready = world.deliverable(offset if isinstance(offset, int) else None)
            remaining = deadline - time.monotonic()
            if ready or remaining <= 0 or world.closing:
                return ready[:limit]
            await world.wait_change(remaining)

    async def delete_webhook(self, params: JSON) -> bool:
        if params.get("drop_pending_updates"):
            self.world.updates.clear()
        return True

    async def get_webhook_info(self, _params: JSON) -> JSON:
        return {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": len(self.world.updates),
        }

    # -- sending
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
            reply_markup=_inline_markup(markup),
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

    async def send_message(self, params: JSON) -> JSON:
        chat = self.target_chat(params, write=True)
        shown = _visible_text(params, limit=MAX_TEXT, too_long="message is too long")
        return self.deliver("sendMessage", chat, params, {"text": shown})

    def _caption(self, params: JSON) -> str | None:
        caption = params.get("caption")
        if not isinstance(caption, str) or not caption:
            return None
        shown = rendered(caption, params.get("parse_mode"))
        if utf16_len(shown) > MAX_CAPTION:
            raise rule_broken("message caption is too long")
        return shown

    def stored_file(self, kind: str, value: Any, params: JSON) -> StoredFile:
        world = self.world
        if isinstance(value, UploadedFile):
            if len(value.data) > MAX_UPLOAD:
                raise ApiError(413, "Request Entity Too Large")
            world.uploads += 1
            mime = value.content_type
            if not mime or mime == "application/octet-stream":
                mime = DEFAULT_MIME.get(kind)
            duration = params.get("duration")
            return world.store_file(
                kind,
                value.data,
                mime_type=mime,
                file_name=value.filename,
                duration=duration if isinstance(duration, int) else None,
            )
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return world.store_file(kind, b"", file_name=value.rsplit("/", 1)[-1])
        if isinstance(value, str) and value in world.files:
            return world.files[value]
        if isinstance(value, str) and value.endswith("-t") and value[:-2] in world.files:
            return world.files[value[:-2]]  # the thumbnail size of a photo
        raise bad_request("wrong file identifier/HTTP URL specified")

    def _file_sender(self, lower: str) -> Handler:
        kind = SEND_FILE_METHODS[lower]
        method = "send" + "".join(p.capitalize() for p in kind.split("_"))

        async def handler(params: JSON) -> JSON:
            chat = self.target_chat(params, write=True)
            caption = self._caption(params)
            stored = self.stored_file(kind, params.get(kind), params)
            content: JSON = {kind: media_payload(stored, kind, params), "caption": caption}
            if kind == "animation":
                content["document"] = media_payload(stored, "document")
            return self.deliver(method, chat, params, content, file_id=stored.file_id)

        return handler

    async def send_media_group(self, params: JSON) -> list[JSON]:
        chat = self.target_chat(params, write=True)
        items = params.get("media")
        if not isinstance(items, list) or not 2 <= len(items) <= 10:
            raise bad_request("wrong number of media in the album: must be 2-10")
        group_id = str(int(time.time() * 1000))
        messages = []
        # Validate every item before delivering any: an album arrives whole or not at all.
        prepared = []
        for item in items:
            kind = item.get("type") if isinstance(item, dict) else None
            if kind not in ("photo", "video", "audio", "document"):
                raise bad_request("unsupported media type in the album")
            caption = self._caption(item)
            prepared.append((kind, self.stored_file(kind, item.get("media"), item), caption, item))
        for kind, stored, caption, item in prepared:
            content: JSON = {
                kind: media_payload(stored, kind, item),
                "caption": caption,
                "media_group_id": group_id,
            }
            item_params = {**params, "caption": item.get("caption")}
            messages.append(
                self.deliver("sendMediaGroup", chat, item_params, content, file_id=stored.file_id)
            )
        return messages

    async def forward_message(self, params: JSON) -> JSON:
        return self._forward(params, copy=False)

    async def copy_message(self, params: JSON) -> JSON:
        return {"message_id": self._forward(params, copy=True)["message_id"]}

    def _forward(self, params: JSON, *, copy: bool) -> JSON:
        chat = self.target_chat(params, write=True)
        source_chat = self.target_chat(params, write=False, key="from_chat_id")
        source = self._own_message(source_chat, params, "forward" if not copy else "copy")
        content = {
            k: v
            for k, v in source.items()
            if k
            not in (
                "message_id",
                "date",
                "chat",
                "from",
                "reply_to_message",
                "reply_markup",
                "message_thread_id",
                "is_topic_message",
            )
        }
        if copy and "caption" in params:
            content["caption"] = self._caption(params)
        if not copy:
            content["forward_origin"] = {
                "type": "user",
                "date": source["date"],
                "sender_user": source["from"],
            }
        method = "copyMessage" if copy else "forwardMessage"
        return self.deliver(method, chat, params, content)

    # -- editing
    def _editable(self, params: JSON) -> tuple[Chat, JSON]:
        if "inline_message_id" in params:
            raise bad_request("inline messages are not supported by the Telegram double")
        chat = self.target_chat(params, write=True)
        message = self._own_message(chat, params, "edit")
        if message["from"]["id"] != self.world.bot_id:
            raise bad_request("message can't be edited")
        return chat, message

    def _apply_edit(
        self, method: str, chat: Chat, message: JSON, changes: JSON, params: JSON
    ) -> JSON:
        markup = _inline_markup(params.get("reply_markup"))
        check_web_app_buttons(markup, chat.type)
        if (
            all(message.get(k) == v for k, v in changes.items())
            and message.get("reply_markup") == markup
        ):
            raise bad_request(NOT_MODIFIED)
        message.update(changes)
        message.pop("reply_markup", None)
        if markup is not None:
            message["reply_markup"] = markup
        message["edit_date"] = now()
        record = self._sent_record(chat.id, message["message_id"])
        if record is not None:
            if "text" in changes:
                record.text = params.get("text")
            if "caption" in changes:
                record.caption = params.get("caption")
            record.reply_markup = params.get("reply_markup") if markup else None
            record.edited = True
            self.world.edits.append(dataclasses.replace(record, method=method))
        self.world.counters["edited"] += 1
        return message

    async def edit_message_text(self, params: JSON) -> JSON:
        chat, message = self._editable(params)
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
        # Edits answer Telegram's upper-case error where sends answer "message is too long".
        shown = _visible_text(params, limit=MAX_TEXT, too_long="MESSAGE_TOO_LONG")
        return self._apply_edit("editMessageText", chat, message, {"text": shown}, params)

    async def edit_message_caption(self, params: JSON) -> JSON:
        chat, message = self._editable(params)
        if "text" in message:
            raise bad_request("there is no caption in the message to edit")
        changes = {"caption": self._caption(params)}
        if changes["caption"] is None:
            message.pop("caption", None)
            changes = {}
        return self._apply_edit("editMessageCaption", chat, message, changes, params)

    async def edit_message_reply_markup(self, params: JSON) -> JSON:
        chat, message = self._editable(params)
        return self._apply_edit("editMessageReplyMarkup", chat, message, {}, params)

    async def delete_message(self, params: JSON) -> bool:
        chat = self.target_chat(params, write=False)
        message = self.world.message(chat.id, params.get("message_id", 0))
        if message is None:
            raise bad_request("message to delete not found")
        own = message["from"]["id"] == self.world.bot_id
        if (
            chat.type != "private"
            and not own
            and not self.world.is_admin(chat.id, self.world.bot_id)
        ):
            raise bad_request("message can't be deleted")
        del self.world.messages[(chat.id, message["message_id"])]
        record = self._sent_record(chat.id, message["message_id"])
        if record is not None:
            record.deleted = True
        return True

    # -- callbacks, reactions, pins
    async def answer_callback_query(self, params: JSON) -> bool:
        text = params.get("text")
        if isinstance(text, str) and utf16_len(text) > MAX_CALLBACK_ANSWER:
            raise rule_broken("MESSAGE_TOO_LONG")
        query_id = str(params.get("callback_query_id"))
        if query_id not in self.world.open_callbacks:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        self.world.open_callbacks.discard(query_id)
        self.world.callback_answered_at[query_id] = time.monotonic()
        self.world.callback_answers[query_id] = {
            k: params.get(k) for k in ("text", "show_alert", "url", "cache_time")
        }
        return True

    async def set_message_reaction(self, params: JSON) -> bool:
        chat = self.target_chat(params, write=False)
        self._own_message(chat, params, "react")
        self.world.reactions.append(
            {
                "chat_id": chat.id,
                "message_id": params.get("message_id"),
                "reaction": params.get("reaction") or [],
                "is_big": bool(params.get("is_big")),
            }
        )
        return True

    async def pin_chat_message(self, params: JSON) -> bool:
        chat = self.target_chat(params, write=True)
        message = self._own_message(chat, params, "pin")
        if chat.type != "private" and not self.world.is_admin(chat.id, self.world.bot_id):
            raise bad_request("not enough rights to manage pinned messages in the chat")
        if message["message_id"] not in chat.pinned:
            chat.pinned.append(message["message_id"])
        return True

    async def unpin_chat_message(self, params: JSON) -> bool:
        chat = self.target_chat(params, write=True)
        if chat.type != "private" and not self.world.is_admin(chat.id, self.world.bot_id):
            raise bad_request("not enough rights to manage pinned messages in the chat")
        message_id = params.get("message_id")
        if message_id is None and chat.pinned:
            chat.pinned.pop()
        elif message_id in chat.pinned:
            chat.pinned.remove(message_id)
        else:
            raise bad_request("message to unpin not found")
        return True

    async def unpin_all_chat_messages(self, params: JSON) -> bool:
        self.target_chat(params, write=True).pinned.clear()
        return True

    # -- reading chats
    async def get_chat(self, params: JSON) -> JSON:
        chat = self.target_chat(params, write=False)
        info: JSON = {
            **chat.to_dict(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }
        if chat.pinned:
            pinned = self.world.message(chat.id, chat.pinned[-1])
            if pinned is not None:
                info["pinned_message"] = pinned
        if chat.type == "group" or chat.type == "supergroup":
            source = next(
                (c.id for c in self.world.chats.values() if c.migrated_to == chat.id), None
            )
            if source is not None:
                info["migrate_from_chat_id"] = source
        return info

    async def get_chat_member(self, params: JSON) -> JSON:
        chat = self.target_chat(params, write=False)
        user_id = params.get("user_id")
        if not isinstance(user_id, int):
            raise bad_request("user not found")
        return self.world.member_dict(chat.id, user_id)

    async def get_chat_administrators(self, params: JSON) -> list[JSON]:
        chat = self.target_chat(params, write=False)
        if chat.type == "private":
            raise bad_request("there are no administrators in the private chat")
        return [
            self.world.member_dict(chat.id, uid, status)
            for uid, status in self.world.members.get(chat.id, {}).items()
            if status in ("creator", "administrator")
        ]

    async def get_chat_member_count(self, params: JSON) -> int:
        chat = self.target_chat(params, write=False)
        if chat.type == "private":
            return 2
        if chat.member_count is not None:
            return chat.member_count
        return sum(1 for s in self.world.members.get(chat.id, {}).values() if s in PRESENT_STATUSES)

    async def get_file(self, params: JSON) -> JSON:
        stored = self.world.files.get(str(params.get("file_id")))
        if stored is None:
            raise bad_request("invalid file_id")
        if stored.file_size > MAX_DOWNLOAD:
            raise bad_request("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.file_size,
            "file_path": stored.file_path,
        }

    # -- commands
    @staticmethod
    def _commands_key(params: JSON) -> str:
        scope = params.get("scope") or {"type": "default"}
        return f"{scope}|{params.get('language_code') or ''}"

    async def set_my_commands(self, params: JSON) -> bool:
        for command in params.get("commands") or []:
            if not _COMMAND.fullmatch(str(command.get("command", ""))):
                raise rule_broken("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise rule_broken("BOT_COMMAND_DESCRIPTION_INVALID")
        self.world.my_commands[self._commands_key(params)] = params.get("commands") or []
        return True

    async def get_my_commands(self, params: JSON) -> Any:
        return self.world.my_commands.get(self._commands_key(params), [])

    async def delete_my_commands(self, params: JSON) -> bool:
        self.world.my_commands.pop(self._commands_key(params), None)
        return True
