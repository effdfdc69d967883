"""The bot's command menus: setMyCommands, getMyCommands, deleteMyCommands, one list per
scope and language, checked as Telegram checks them."""

from __future__ import annotations

import re
from typing import Any

from ..errors import rule_broken
from ..state import JSON
from .base import ApiBase

_COMMAND = re.compile(r"[a-z0-9_]{1,32}")


class Commands(ApiBase):
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
