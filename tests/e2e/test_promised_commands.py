"""Every command the bot's texts or its command menu name is one a handler answers."""

from __future__ import annotations

import re
from pathlib import Path

from telegram.ext import CommandHandler

from bot.app.build import build_application
from bot.app.commands import GROUP_COMMANDS, PRIVATE_COMMANDS
from bot.core.i18n import TEXTS
from bot.sandbox.double import TelegramDouble
from tests.support.harness import settings_for

# "/word" where a command would stand: not inside a path or URL ("a/b", "https://x/y").
COMMAND = re.compile(r"(?<![\w/.:<])/([a-z][a-z_]{1,31})\b(?!/)")


def _answered(tmp_path: Path) -> set[str]:
    double = TelegramDouble("123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQr")
    settings = settings_for(double, f"sqlite+aiosqlite:///{tmp_path / 'c.db'}", tmp_path)
    app = build_application(settings)
    return {
        command
        for group in app.handlers.values()
        for handler in group
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }


def test_every_command_the_texts_and_menus_name_has_a_handler(tmp_path: Path) -> None:
    answered = _answered(tmp_path)
    named = {
        (key, command)
        for key, texts in TEXTS.items()
        for text in texts.values()
        for command in COMMAND.findall(text)
    }
    named |= {("menu", c) for c, _ in (*PRIVATE_COMMANDS, *GROUP_COMMANDS)}
    assert named, "the pattern found no command at all"
    assert {(key, c) for key, c in named if c not in answered} == set()
