"""The bot's small answers to what people do: answerCallbackQuery to a button press and
setMessageReaction on a message."""

from __future__ import annotations

import time

from ..entities import utf16_len
from ..errors import bad_request, rule_broken
from ..state import JSON
from .base import ApiBase

MAX_CALLBACK_ANSWER = 200


class Answers(ApiBase):
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
