"""The bot's command menus: setMyCommands, getMyCommands, deleteMyCommands, one list per
scope and language, checked as Telegram checks them; the menu a person sees, found as a
Telegram client finds it; and the bot's description and short description."""

from __future__ import annotations

import re
from typing import Any

from ..errors import rule_broken
from ..state import JSON, World
from .base import ApiBase

_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_DESCRIPTION_LIMITS = {"description": 512, "short_description": 120}


def commands_key(scope: JSON | None, language_code: str | None) -> str:
    """One key per scope whatever the order of its fields or the type of its ids."""
    scope = scope or {"type": "default"}
    return "|".join(
        (
            str(scope.get("type", "default")),
            str(scope.get("chat_id", "")),
            str(scope.get("user_id", "")),
            language_code or "",
        )
    )


def menu_seen(world: World, chat_id: int, user_id: int, language_code: str = "") -> list[JSON]:
    """The list a client shows `user_id` in `chat_id`, by the Bot API's order of scopes:
    the narrowest scope set wins, a list for the user's language before the default one."""
    chat = world.chats.get(chat_id)
    private = chat is None or chat.type == "private"
    scopes: list[JSON]
    if private:
        scopes = [{"type": "chat", "chat_id": chat_id}, {"type": "all_private_chats"}]
    else:
        admin = world.status(chat_id, user_id) in ("creator", "administrator")
        scopes = [{"type": "chat_member", "chat_id": chat_id, "user_id": user_id}]
        if admin:
            scopes.append({"type": "chat_administrators", "chat_id": chat_id})
        scopes.append({"type": "chat", "chat_id": chat_id})
        if admin:
            scopes.append({"type": "all_chat_administrators"})
        scopes.append({"type": "all_group_chats"})
    scopes.append({"type": "default"})
    for scope in scopes:
        for language in (language_code, ""):
            found = world.my_commands.get(commands_key(scope, language))
            if found is not None:
                return list(found)
    return []


class Commands(ApiBase):
    @staticmethod
    def _commands_key(params: JSON) -> str:
        return commands_key(params.get("scope"), params.get("language_code"))

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

    # -- setMyDescription / setMyShortDescription and their getters
    def _describer(self, field: str) -> tuple[Any, Any]:
        async def setter(params: JSON) -> bool:
            text = str(params.get(field) or "")
            if len(text) > _DESCRIPTION_LIMITS[field]:
                raise rule_broken(f"{field.upper()}_INVALID")
            key = f"{field}|{params.get('language_code') or ''}"
            if text:
                self.world.descriptions[key] = text
            else:
                self.world.descriptions.pop(key, None)
            return True

        async def getter(params: JSON) -> JSON:
            language = params.get("language_code") or ""
            found = self.world.descriptions.get(f"{field}|{language}")
            if found is None:
                found = self.world.descriptions.get(f"{field}|", "")
            return {field: found}

        return setter, getter
