"""Who is in which group, changing: the bot added, promoted or removed, people joining and
leaving, a group becoming a supergroup, admins promoting or restricting someone."""

from __future__ import annotations

from ..state import JSON, Chat
from .base import HumanBase


class Membership(HumanBase):
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

    # -- rights: admins changing someone quietly
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
