"""Telegram's answer to "who are this group's admins", for the one rights cache."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping

from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from bot.groups.rights import TelegramUnreachable

log = logging.getLogger(__name__)


async def ask_admins(
    bot: Bot, last_recorded: Callable[[int], Awaitable[Mapping[int, str]]], chat_id: int
) -> Mapping[int, str]:
    """Telegram's list of a group's admins (user id -> status), for bot.groups.rights.Rights.

    When Telegram refuses to say because the bot is no longer in the group (or the group
    moved), nobody can be promoted or demoted in the bot's sight: the admins it last
    recorded stand, so a secretary can still run the queue for the private subscribers.
    """
    try:
        admins = await bot.get_chat_administrators(chat_id)
    except (BadRequest, Forbidden, ChatMigrated) as exc:
        log.info("getChatAdministrators(%s) refused: %s", chat_id, exc.message)
        return await last_recorded(chat_id)
    except (NetworkError, RetryAfter) as exc:
        # Checked after BadRequest, which is a NetworkError too; TimedOut is one as well.
        raise TelegramUnreachable(exc.message) from exc
    return {member.user.id: str(member.status) for member in admins}
