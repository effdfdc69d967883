"""Naming a member by @username or numeric id: one rule for /leave, /birthday and the events.

A digit that is not 0-9 (Python's isdigit() says yes to "²") is refused, never looked up; a
username two stored members have held resolves to the one seen last, or is refused when that
cannot be told; an unknown or over-long id is refused. On both databases.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.branch_life.birthdays import BirthdayService
from bot.core.clock import FakeClock
from bot.core.errors import DomainError
from bot.groups.rights import Rights
from bot.members.leave import LeaveService
from bot.members.lookup import (
    MemberNotFound,
    Refusal,
    find_member,
    find_person,
    names_a_member,
)
from storage.db import Database
from storage.models import Group, Member, Membership, RosterEntry
from storage.repositories import UserInfo

SECRETARY = 1
STALE, NEWEST, OUTSIDER = 601, 602, 603
CHAT = -1001
ZONE = "Asia/Shanghai"


async def _admins(chat_id: int) -> dict[int, str]:
    return {SECRETARY: "creator"}


async def _seed(db: Database, clock: FakeClock) -> int:
    """A group run by the secretary; two members who held @zhang_san, the later one seen last;
    an outsider (in no group) holding @wang_wu."""
    now = clock.now()
    async with db.transaction() as s:
        group = Group(
            chat_id=CHAT,
            title="第一党支部",
            bound=True,
            timezone=ZONE,
            broadcast_time="07:30",
            weekdays="mon,tue,wed,thu,fri",
            reminder_time="20:00",
            created_at=now,
            updated_at=now,
        )
        s.add(group)
        # The stale holder comes first in the table: "the first row" is the wrong one.
        for user_id, username, seen in (
            (SECRETARY, "shuji", now),
            (STALE, "zhang_san", now - timedelta(days=30)),
            (NEWEST, "Zhang_San", now - timedelta(days=1)),
            (OUTSIDER, "wang_wu", now),
        ):
            s.add(
                Member(
                    user_id=user_id,
                    first_name=f"党员{user_id}",
                    username=username,
                    created_at=now - timedelta(days=60),
                    updated_at=seen,
                )
            )
        await s.flush()
        for user_id in (SECRETARY, STALE, NEWEST):
            s.add(Membership(group_id=group.id, user_id=user_id, status="member", updated_at=now))
        return group.id


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 2, 0, tzinfo=UTC))


async def test_a_superscript_digit_is_refused_by_leave_and_birthday_not_a_crash(
    db: Database, clock: FakeClock
) -> None:
    await _seed(db, clock)
    rights = Rights(_admins, clock)
    leave = LeaveService(db, clock, ZONE, rights)
    birthdays = BirthdayService(db, clock, rights, ZONE, "09:00")
    secretary = UserInfo(SECRETARY, "书记")
    assert "²".isdigit() and "６０１".isdigit()  # what the old checks trusted

    for who in ("²", "６０１", "٦٠١"):
        with pytest.raises(DomainError) as refused:
            await leave.add(secretary, ["2026-03-05"], who)
        assert (refused.value.key, refused.value.params) == ("member.bad_digits", {"who": who})
        with pytest.raises(DomainError) as refused:
            await birthdays.show(SECRETARY, who)
        assert refused.value.key == "member.bad_digits"


async def test_a_stale_username_resolves_to_its_newest_holder_in_leave_and_birthday(
    db: Database, clock: FakeClock
) -> None:
    await _seed(db, clock)
    rights = Rights(_admins, clock)
    leave = LeaveService(db, clock, ZONE, rights)
    birthdays = BirthdayService(db, clock, rights, ZONE, "09:00")

    view = await leave.add(UserInfo(SECRETARY, "书记"), ["2026-03-05"], "@zhang_san")
    assert view.user_id == NEWEST
    assert (await birthdays.show(SECRETARY, "@ZHANG_SAN")).user_id == NEWEST


async def test_find_member_refuses_what_it_cannot_resolve_with_a_reason_and_a_text(
    db: Database, clock: FakeClock
) -> None:
    group_id = await _seed(db, clock)
    cases = [
        ("@nobody_here", None, Refusal.UNKNOWN, "leave.unknown_member"),
        ("4242", None, Refusal.UNKNOWN, "leave.unknown_member"),
        ("@", None, Refusal.UNKNOWN, "leave.unknown_member"),
        ("@张三", None, Refusal.UNKNOWN, "leave.unknown_member"),
        ("9" * 17, None, Refusal.TOO_LONG, "leave.unknown_member"),
        ("9" * 23, None, Refusal.TOO_LONG, "leave.unknown_member"),
        ("²", None, Refusal.BAD_DIGITS, "member.bad_digits"),
        ("１２３", None, Refusal.BAD_DIGITS, "member.bad_digits"),
        ("-5", None, Refusal.NOT_A_NAME, "leave.usage"),
        ("张三", None, Refusal.NOT_A_NAME, "leave.usage"),
        ("@wang_wu", group_id, Refusal.NOT_IN_GROUP, "leave.unknown_member"),
        (str(OUTSIDER), group_id, Refusal.NOT_IN_GROUP, "leave.unknown_member"),
    ]
    async with db.reading() as s:
        for text, group, refusal, key in cases:
            with pytest.raises(MemberNotFound) as refused:
                await find_member(
                    s, group, text, unknown="leave.unknown_member", usage="leave.usage"
                )
            assert (refused.value.refusal, refused.value.key) == (refusal, key), text
            assert refused.value.params == {"who": text}


async def test_find_member_by_id_or_username_in_a_group_or_anywhere(
    db: Database, clock: FakeClock
) -> None:
    group_id = await _seed(db, clock)
    async with db.reading() as s:
        assert (await find_member(s, None, f" {STALE} ", unknown="x")).user_id == STALE
        assert (await find_member(s, None, "@wang_wu", unknown="x")).user_id == OUTSIDER
        assert (await find_member(s, group_id, "@zhang_san", unknown="x")).user_id == NEWEST
        assert (await find_member(s, group_id, str(STALE), unknown="x")).user_id == STALE


async def test_a_username_two_members_were_last_seen_holding_at_once_is_ambiguous(
    db: Database, clock: FakeClock
) -> None:
    await _seed(db, clock)
    async with db.transaction() as s:
        stale = await s.get(Member, STALE)
        newest = await s.get(Member, NEWEST)
        assert stale is not None and newest is not None
        stale.updated_at = newest.updated_at
    async with db.reading() as s:
        with pytest.raises(MemberNotFound) as refused:
            await find_member(s, None, "@zhang_san", unknown="x")
    assert (refused.value.refusal, refused.value.key) == (Refusal.AMBIGUOUS, "member.ambiguous")


def test_names_a_member_lets_every_digit_through_to_the_lookup_that_refuses_it() -> None:
    assert names_a_member("@x") and names_a_member("123") and names_a_member("²")
    assert not names_a_member("2026-03-05") and not names_a_member("张三")


async def test_find_person_takes_a_roster_name_within_the_group_and_refuses_two_alike(
    db: Database, clock: FakeClock
) -> None:
    group_id = await _seed(db, clock)
    now = clock.now()
    async with db.transaction() as s:
        lone = RosterEntry(group_id=group_id, name="张三", created_at=now, updated_at=now)
        linked = RosterEntry(
            group_id=group_id, name="李四", user_id=NEWEST, created_at=now, updated_at=now
        )
        gone = RosterEntry(
            group_id=group_id, name="赵六", transferred_at=now, created_at=now, updated_at=now
        )
        twins = [
            RosterEntry(group_id=group_id, name="王五", created_at=now, updated_at=now)
            for _ in range(2)
        ]
        s.add_all([lone, linked, gone, *twins])
    async with db.reading() as s:
        zhang = await find_person(s, group_id, " 张三 ", unknown="event.unknown_member")
        assert (zhang.user_id, zhang.entry_id, zhang.key) == (None, lone.id, -lone.id)
        li = await find_person(s, group_id, "李四", unknown="event.unknown_member")
        assert (li.user_id, li.name) == (NEWEST, "李四")
        # The typed forms still work, and give the roster's name for a linked account.
        assert (await find_person(s, group_id, "@zhang_san", unknown="x")).name == "李四"
        assert (await find_person(s, group_id, str(STALE), unknown="x")).name_is_fallback
        for who, refusal, key in [
            ("王五", Refusal.AMBIGUOUS, "event.same_name"),
            ("赵六", Refusal.UNKNOWN, "event.unknown_member"),  # 转出: no longer expected
            ("张", Refusal.UNKNOWN, "event.unknown_member"),  # exactly, not a part
        ]:
            with pytest.raises(MemberNotFound) as refused:
                await find_person(s, group_id, who, unknown="event.unknown_member")
            assert (refused.value.refusal, refused.value.key) == (refusal, key)
