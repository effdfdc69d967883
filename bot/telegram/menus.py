"""The command menus by role, set with Bot API scopes, and the bot's own description.

Members see a short private list; a group's admins the group commands; a secretary (an admin
of a bound group) his commands in his own private chat, set when he comes to run a group and
taken away when he runs none. Chinese is each menu's default, English for "en" clients.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
)
from telegram.error import TelegramError

from bot.groups.rights import RightsUnavailable
from bot.groups.secretaries import SecretaryRights

log = logging.getLogger(__name__)

Entry = tuple[str, str, str]  # command, Chinese description, English description
LANGUAGES = ("", "en")  # "" is the default (Chinese) list


@dataclass(frozen=True)
class MenuBook:
    member_private: Sequence[Entry]
    secretary_private: Sequence[Entry]
    member_group: Sequence[Entry]
    admin_group: Sequence[Entry]
    description: dict[str, str]
    short_description: dict[str, str]


def _commands(entries: Sequence[Entry], language: str) -> list[BotCommand]:
    return [BotCommand(c, en if language == "en" else zh) for c, zh, en in entries]


class Menus:
    def __init__(self, bot: Bot, book: MenuBook, secretaries: SecretaryRights) -> None:
        self._bot = bot
        self._book = book
        self._secretaries = secretaries

    async def set_all(self) -> None:
        """At start: every role's menu and the bot's description, in both languages."""
        book = self._book
        scopes: list[tuple[Sequence[Entry], BotCommandScope]] = [
            (book.member_private, BotCommandScopeAllPrivateChats()),
            (book.member_group, BotCommandScopeAllGroupChats()),
            (book.admin_group, BotCommandScopeAllChatAdministrators()),
        ]
        for entries, scope in scopes:
            for language in LANGUAGES:
                await self._bot.set_my_commands(
                    _commands(entries, language), scope=scope, language_code=language or None
                )
        for language in LANGUAGES:
            await self._bot.set_my_description(
                book.description["en" if language else "zh"], language_code=language or None
            )
            await self._bot.set_my_short_description(
                book.short_description["en" if language else "zh"],
                language_code=language or None,
            )

    async def refresh(self, user_ids: Sequence[int]) -> None:
        """Give each of them the secretary's menu if he runs a bound group, else the member's.

        Called when rights may have changed: a bind or unbind, a promotion or demotion, his
        first /start. A failure is logged and costs only the menu, never the command."""
        for user_id in user_ids:
            try:
                runs = bool(await self._secretaries.groups_of(user_id))
            except RightsUnavailable:
                log.info("menu for %s not refreshed: Telegram not reachable", user_id)
                continue
            scope = BotCommandScopeChat(user_id)
            try:
                for language in LANGUAGES:
                    code = language or None
                    if runs:
                        await self._bot.set_my_commands(
                            _commands(self._book.secretary_private, language),
                            scope=scope,
                            language_code=code,
                        )
                    else:
                        await self._bot.delete_my_commands(scope=scope, language_code=code)
            except TelegramError as exc:
                # Not started the bot yet: his first /start sets it.
                log.info("menu for %s not set: %s", user_id, exc)
