"""Chats and members as the bot reads them (getChat, getChatMember, getChatAdministrators,
getChatMemberCount), and a chat's pinned messages (pin, unpin, unpin all)."""

from __future__ import annotations

from ..errors import bad_request
from ..state import JSON, PRESENT_STATUSES
from .base import ApiBase


class Chats(ApiBase):
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

    # -- pins
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
