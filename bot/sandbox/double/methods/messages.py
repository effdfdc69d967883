"""Sending text, forwarding and copying: sendMessage, forwardMessage, copyMessage."""

from __future__ import annotations

from ..state import JSON
from .base import MAX_TEXT, ApiBase, visible_text


class Messages(ApiBase):
    async def send_message(self, params: JSON) -> JSON:
        chat = self.target_chat(params, write=True)
        shown = visible_text(params, limit=MAX_TEXT, too_long="message is too long")
        return self.deliver("sendMessage", chat, params, {"text": shown})

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
