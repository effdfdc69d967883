"""What the README's privacy paragraph promises: an admin bot receives every group message, and
of a message that is not a command or a reply to its lesson it keeps only that its sender is in
the group (id and name), never the text."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.sandbox.double import TelegramDouble
from storage.models import Base
from tests.support.harness import ADMIN, GROUP, RunningBot, bound_group, settled
from tests.support.members_day import broadcast_now, membership, notes

CHATTER = "中午食堂有饺子，记得带饭卡，下午三点开会"
NOTE = "学习党章第一章，体会到党员要在岗位上起先锋模范作用"


async def stored_texts(bot: RunningBot) -> list[str]:
    """Every text value in every table of the bot's database."""
    found: list[str] = []
    async with bot.services.db.reading() as s:
        for table in Base.metadata.sorted_tables:
            for row in (await s.execute(select(table))).all():
                found.extend(str(v) for v in row if isinstance(v, str))
    return found


async def test_a_plain_group_message_leaves_its_sender_in_the_group_and_its_text_nowhere(
    bot: RunningBot, double: TelegramDouble, ogg: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (noter,) = await bound_group(bot, double, members=1, subscribe=False)
    double.promote_bot(GROUP, ADMIN)  # as the README says: an admin, so it sees every message
    out = await broadcast_now(bot, double, ogg)
    # Telegram gives an admin bot every message; this one is for the colleagues, not the bot.
    double.add_user(77, "新同志")
    double.set_member(GROUP, 77, "member")
    caplog.set_level(logging.INFO)
    double.user_sends(GROUP, 77, CHATTER)
    double.user_sends(GROUP, noter, NOTE, reply_to_message_id=out.group_message.message_id)
    await double.wait_until(lambda: len(double.reactions) >= 1)
    await settled(bot)

    texts = await stored_texts(bot)
    assert await membership(bot, 77) == "member"  # who wrote: kept, as membership
    assert "新同志" in texts
    assert not [v for v in texts if CHATTER in v]  # what they wrote: nowhere
    logged = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert not [r for r in logged if CHATTER in r.getMessage()]  # nor in the log
    # The same search finds what the bot does keep: the reply to its lesson, verbatim.
    assert [n.text for n in await notes(bot)] == [NOTE]
    assert [v for v in texts if v == NOTE]
