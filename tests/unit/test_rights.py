"""The rights cache on its own: one question per group per TTL, never an old answer trusted."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import timedelta

import pytest

from bot.core.clock import FakeClock
from bot.groups.rights import Rights, RightsUnavailable, TelegramUnreachable

GROUP = -1001


class FakeTelegram:
    """Answers getChatAdministrators from a dict; can hold an answer back or fail."""

    def __init__(self) -> None:
        self.admins: dict[int, dict[int, str]] = {GROUP: {10: "creator"}}
        self.asked: list[int] = []
        self.gate: asyncio.Event | None = None
        self.down = False

    async def __call__(self, chat_id: int) -> Mapping[int, str]:
        self.asked.append(chat_id)
        answer = dict(self.admins.get(chat_id, {}))  # what Telegram knew when asked
        if self.gate is not None:
            await self.gate.wait()
        if self.down:
            raise TelegramUnreachable("502 Bad Gateway")
        return answer


@pytest.fixture
def telegram() -> FakeTelegram:
    return FakeTelegram()


@pytest.fixture
def rights(telegram: FakeTelegram, clock: FakeClock) -> Rights:
    return Rights(telegram, clock, timedelta(seconds=60))


async def test_answers_are_reused_until_the_ttl_passes(
    rights: Rights, telegram: FakeTelegram, clock: FakeClock
) -> None:
    assert await rights.status(GROUP, 10) == "creator"
    assert not await rights.is_admin(GROUP, 20)
    telegram.admins[GROUP] = {20: "administrator"}
    clock.advance(timedelta(seconds=59))
    assert await rights.is_admin(GROUP, 10) and not await rights.is_admin(GROUP, 20)
    assert telegram.asked == [GROUP]
    clock.advance(timedelta(seconds=1))
    assert not await rights.is_admin(GROUP, 10) and await rights.is_admin(GROUP, 20)
    assert telegram.asked == [GROUP, GROUP]


async def test_forget_makes_the_next_check_ask(rights: Rights, telegram: FakeTelegram) -> None:
    assert await rights.is_admin(GROUP, 10)
    telegram.admins[GROUP] = {}
    rights.forget(GROUP)
    assert not await rights.is_admin(GROUP, 10)
    assert telegram.asked == [GROUP, GROUP]


async def test_checks_at_the_same_time_share_one_question(
    rights: Rights, telegram: FakeTelegram
) -> None:
    telegram.gate = asyncio.Event()
    checks = [asyncio.create_task(rights.is_admin(GROUP, uid)) for uid in (10, 20, 30)]
    await asyncio.sleep(0)
    telegram.gate.set()
    assert await asyncio.gather(*checks) == [True, False, False]
    assert telegram.asked == [GROUP]


async def test_an_answer_from_before_a_change_heard_meanwhile_is_not_kept(
    rights: Rights, telegram: FakeTelegram
) -> None:
    telegram.gate = asyncio.Event()
    check = asyncio.create_task(rights.is_admin(GROUP, 10))
    await asyncio.sleep(0)
    rights.forget(GROUP)  # a demotion update arrives while Telegram is being asked
    telegram.admins[GROUP] = {}
    telegram.gate.set()
    assert await check  # what Telegram said when asked
    assert not await rights.is_admin(GROUP, 10)  # but the next check asks again
    assert telegram.asked == [GROUP, GROUP]


async def test_when_telegram_cannot_be_asked_nothing_old_is_trusted(
    rights: Rights, telegram: FakeTelegram, clock: FakeClock
) -> None:
    assert await rights.is_admin(GROUP, 10)
    clock.advance(timedelta(seconds=61))
    telegram.down = True
    with pytest.raises(RightsUnavailable):
        await rights.is_admin(GROUP, 10)
    telegram.down = False
    assert await rights.is_admin(GROUP, 10)  # a failure is not remembered
    assert telegram.asked == [GROUP, GROUP, GROUP]


async def test_waiters_on_a_failed_question_are_refused_too(
    rights: Rights, telegram: FakeTelegram
) -> None:
    telegram.gate, telegram.down = asyncio.Event(), True
    checks = [asyncio.create_task(rights.is_admin(GROUP, 10)) for _ in range(3)]
    await asyncio.sleep(0)
    telegram.gate.set()
    results = await asyncio.gather(*checks, return_exceptions=True)
    assert all(isinstance(r, RightsUnavailable) for r in results)
    assert telegram.asked == [GROUP]


async def test_admin_of_keeps_the_groups_the_person_runs(
    rights: Rights, telegram: FakeTelegram
) -> None:
    telegram.admins[-2002] = {20: "administrator"}
    telegram.admins[-3003] = {10: "administrator"}
    assert await rights.admin_of([GROUP, -2002, -3003], 10) == [GROUP, -3003]
