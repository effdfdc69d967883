"""Changing and removing the bot's messages: editMessageText, editMessageCaption,
editMessageReplyMarkup (editMessageMedia is in polls.py) and deleteMessage."""

from __future__ import annotations

import dataclasses

from ..errors import bad_request
from ..rules import check_web_app_buttons
from ..state import JSON, Chat, now
from .base import MAX_TEXT, ApiBase, inline_markup, visible_text

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


class Editing(ApiBase):
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
        markup = inline_markup(params.get("reply_markup"))
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
        shown = visible_text(params, limit=MAX_TEXT, too_long="MESSAGE_TOO_LONG")
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
