"""Fault injection: a broadcast, presses and notes while Telegram fails a share of the calls.

A share of calls (MICROLESSON_FAULT_SHARE, 10 % by default; seed MICROLESSON_FAULT_SEED)
answers 502, times out before or after taking effect, or answers 429. Whatever the draw,
nothing may be lost or counted twice, every chat ends with one copy or an honest
`failed`/`uncertain` row, and the bot stays up.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from bot.sandbox.double.state import SentMessage
from bot.telegram.callback_data import listen
from storage.models import Delivery, Listen, Note, PointEntry
from tests.support.harness import (
    ADMIN,
    GROUP,
    RunningBot,
    bound_group,
    eventually,
    running_bot,
    say,
    settings_for,
    settled,
)
from tests.support.members_day import lesson_sent, queue_lesson

SHARE = float(os.environ.get("MICROLESSON_FAULT_SHARE", "0.1"))
SEED = int(os.environ.get("MICROLESSON_FAULT_SEED", "1"))
MEMBERS = 30
# The bot stops waiting for an answer after READ_TIMEOUT; a timed-out call is held longer.
READ_TIMEOUT = 0.5
HOLD = 0.8


def _note(uid: int) -> str:
    return f"<b>学习心得</b> 第{uid}号：坚持理论学习 & 联系实际 🙂"


async def _ledger(bot: RunningBot, lesson_id: int) -> dict[int, tuple[str, int | None]]:
    async with bot.services.db.transaction() as s:
        rows = await s.execute(
            select(Delivery.chat_id, Delivery.status, Delivery.message_id).where(
                Delivery.lesson_id == lesson_id
            )
        )
        return {chat: (status, message) for chat, status, message in rows.all()}


async def _has_copy_or(
    double: TelegramDouble, since: int, chat_id: int, done: Callable[[], Awaitable[bool]]
) -> bool:
    return chat_id in _copies(double, since) or await done()


def _copies(double: TelegramDouble, since: int) -> dict[int, list[SentMessage]]:
    copies: dict[int, list[SentMessage]] = {}
    for m in double.sent[since:]:
        if m.method == "sendVoice":
            copies.setdefault(m.chat_id, []).append(m)
    return copies


@pytest.mark.both_stores
async def test_random_faults_during_a_broadcast_presses_and_notes_lose_nothing_and_count_nothing_twice(  # noqa: E501
    double: TelegramDouble, db_url: str, tmp_path: Path, clock: FakeClock, ogg: Path
) -> None:
    settings = settings_for(
        double, db_url, tmp_path / "audio", telegram={"request_timeout": READ_TIMEOUT}
    )
    async with running_bot(double, settings, clock) as bot:
        members = await bound_group(bot, double, members=MEMBERS)
        pressers, writers, private_pressers = members[:10], members[10:20], members[20:]
        lesson_id = await queue_lesson(bot, ogg)
        chaos = double.unleash_chaos(SHARE, seed=SEED, hold_seconds=HOLD)
        calls_before = len(double.calls)
        cur = double.cursor()
        double.user_sends(ADMIN, ADMIN, f"/sendnow {lesson_id}")

        finished = lesson_sent(bot, lesson_id)
        # The group gets its copy first; members act on it while the private copies go out.
        # (A group send that timed out before it took effect leaves no message to act on.)
        await eventually(lambda: _has_copy_or(double, cur, GROUP, finished), timeout=60)
        data = listen(lesson_id)
        acted: set[int] = set()
        group_copy = _copies(double, cur).get(GROUP)
        if group_copy:
            group_message_id = group_copy[0].message_id
            for uid in pressers:
                double.press_button(GROUP, uid, group_message_id, data)
            for uid in writers:
                double.user_sends(GROUP, uid, _note(uid), reply_to_message_id=group_message_id)
            acted.update(pressers, writers)

        def press_private_copies() -> None:
            for uid, got in _copies(double, cur).items():
                if uid in private_pressers and uid not in acted:
                    double.press_button(uid, uid, got[0].message_id, data)
                    acted.add(uid)

        press_private_copies()  # those that are already there, while the rest go out
        await eventually(finished, timeout=60)
        press_private_copies()
        await settled(bot, timeout=60)
        chaos.enabled = False
        calls = len(double.calls) - calls_before

        # The bot is still up and answering.
        # The secretary's part first, then the member's.
        assert await say(double, ADMIN, ADMIN, "/help") == (
            t("help.secretary", "zh") + "\n\n" + t("help.private", "zh")
        )

        # One copy per chat, or an honest row; never two.
        copies = _copies(double, cur)
        ledger = await _ledger(bot, lesson_id)
        assert set(ledger) == {GROUP, ADMIN, *members}
        twice: dict[object, int] = {chat: len(c) for chat, c in copies.items() if len(c) > 1}
        lost: list[int] = []
        for chat, (status, message_id) in ledger.items():
            got = [m.message_id for m in copies.get(chat, [])]
            if status == "sent":
                if got != [message_id]:
                    lost.append(chat)
            elif status == "failed":
                assert got == [], (chat, status, got)
            else:
                assert status == "uncertain" and len(got) <= 1, (chat, status, got)

        # Every press and note recorded once, with its points once.
        async with bot.services.db.transaction() as s:
            listened = Counter(
                (await s.execute(select(Listen.user_id).where(Listen.lesson_id == lesson_id)))
                .scalars()
                .all()
            )
            notes = {
                n.user_id: n
                for n in (await s.execute(select(Note).where(Note.lesson_id == lesson_id)))
                .scalars()
                .all()
            }
            note_count = await s.scalar(select(func.count()).select_from(Note))
            point_rows = (
                await s.execute(
                    select(PointEntry.user_id, PointEntry.reason, func.count())
                    .where(PointEntry.lesson_id == lesson_id)
                    .group_by(PointEntry.user_id, PointEntry.reason)
                )
            ).all()
        expected_listeners = acted
        lost += sorted(expected_listeners - set(listened))
        twice.update({uid: n for uid, n in listened.items() if n > 1})
        lost += sorted((set(writers) & acted) - set(notes))
        assert note_count == len(notes)
        for uid, note in notes.items():
            assert note.text == _note(uid)  # verbatim, HTML and all
        twice.update({(uid, reason): n for uid, reason, n in point_rows if n > 1})
        earners = {uid for uid, reason, _ in point_rows if reason == "listen"}
        lost += sorted(expected_listeners - earners)

        print(
            f"\nfault injection (share {SHARE:.0%}, seed {SEED}): {calls} calls, "
            f"{chaos.total} faults injected {dict(chaos.injected)}, "
            f"ledger {dict(Counter(status for status, _ in ledger.values()))}, "
            f"lost {len(lost)}, counted twice {len(twice)}"
        )
        assert chaos.total > 0
        assert lost == [], lost
        assert twice == {}, twice
