"""The dispatch table is the whole dispatch order: the built bot has a handler in each named
group and in no other, each module where the table puts it, and the fallbacks last."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from telegram.ext import BaseHandler

from bot.app.build import build_application
from bot.core.config import parse_settings
from handlers import fallbacks
from handlers.dispatch import TABLE, Group


def _handlers(tmp_path: Path) -> dict[int, list[BaseHandler[Any, Any, Any]]]:
    settings = parse_settings(
        {
            "telegram": {"token": "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQr"},
            "storage": {
                "url": f"sqlite+aiosqlite:///{tmp_path / 'd.db'}",
                "audio_dir": str(tmp_path / "audio"),
            },
        },
        "test",
    )
    return build_application(settings).handlers


def test_the_bot_has_handlers_in_the_named_groups_only(tmp_path: Path) -> None:
    assert sorted(_handlers(tmp_path)) == sorted(Group)


def test_each_group_holds_what_the_table_registers_there_in_its_order(tmp_path: Path) -> None:
    handlers = _handlers(tmp_path)
    for group in Group:
        modules = [p.register.__module__ for p in TABLE if p.group is group]
        seen = [h.callback.__module__ for h in handlers[group]]
        # Consecutive handlers of one module count once.
        runs = [m for i, m in enumerate(seen) if i == 0 or seen[i - 1] != m]
        assert runs == modules, group


def test_unknown_commands_and_buttons_are_the_last_in_the_main_group(tmp_path: Path) -> None:
    main = _handlers(tmp_path)[Group.MAIN]
    callbacks = [h.callback for h in main]
    assert callbacks[-2:] == [fallbacks.unknown_command, fallbacks.unknown_button]
