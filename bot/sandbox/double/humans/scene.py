"""Setting the scene: users, groups and memberships as they already are, without an update."""

from __future__ import annotations

from ..state import Chat, User, World


class Scene:
    world: World

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
