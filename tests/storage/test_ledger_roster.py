"""The ledger follows the roster (花名册): roster names, rows for members with no account,
a 转出 entry gone after its transfer, and no row for an account that does not belong; and the
leaderboard (/rank) names people as the roster does."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.core.clock import FakeClock
from bot.engagement.standing import StandingService
from bot.groups.rights import Rights
from bot.groups.secretaries import GroupRef, SecretaryRights
from bot.members.roster import RosterService
from bot.secretary.ledger import COLUMNS, LedgerData, Period, RowStatus
from bot.secretary.ledger_files import write_csv, write_xlsx
from bot.secretary.ledger_reads import LedgerService, load_ledger
from storage.db import Database
from storage.models import Group, Lesson, Listen, Member, Membership, PointEntry, RosterEntry

SECRETARY, LINKED, GUEST, NEVER_STARTED, BLOCKED, MOVED, UNROSTERED = 1, 2, 3, 4, 5, 6, 7
CHAT = -1001
ZONE = "Asia/Shanghai"
# Two lessons: Monday 2 and Wednesday 4 March 2026, 07:30 in Shanghai.
SLOTS = (datetime(2026, 3, 1, 23, 30, tzinfo=UTC), datetime(2026, 3, 3, 23, 30, tzinfo=UTC))
MARCH = Period(date(2026, 3, 1), date(2026, 4, 1), "2026-03")


async def _admins(chat_id: int) -> dict[int, str]:
    return {SECRETARY: "creator"}


async def _seed(db: Database) -> tuple[GroupRef, list[int]]:
    """A branch whose roster names its members as they are, one of them without Telegram."""
    long_ago = datetime(2026, 1, 1, tzinfo=UTC)
    async with db.transaction() as s:
        group = Group(
            chat_id=CHAT,
            title="第一党支部",
            bound=True,
            timezone=ZONE,
            broadcast_time="07:30",
            weekdays="mon,tue,wed,thu,fri",
            reminder_time="20:00",
            created_at=long_ago,
            updated_at=long_ago,
        )
        s.add(group)
        accounts = (
            (SECRETARY, "书记", True, True),
            (LINKED, "老王", True, True),
            (GUEST, "🌸静待花开", True, True),
            (NEVER_STARTED, "伟", False, True),
            (BLOCKED, "小李", True, False),
            (MOVED, "调走的", True, True),
            (UNROSTERED, "路人甲", True, True),
        )
        for uid, first, started, reachable in accounts:
            s.add(
                Member(
                    user_id=uid,
                    first_name=first,
                    started=started,
                    reachable=reachable,
                    created_at=long_ago,
                    updated_at=long_ago,
                )
            )
        await s.flush()
        for uid, *_ in accounts:
            s.add(
                Membership(
                    group_id=group.id,
                    user_id=uid,
                    status="creator" if uid == SECRETARY else "member",
                    updated_at=long_ago,
                    joined_at=long_ago,
                    # The secretary said the guest is not one of the branch's members.
                    roster_dismissed_at=long_ago if uid == GUEST else None,
                )
            )
        roster: list[tuple[str, int | None]] = [
            ("王建国", SECRETARY),
            ("王强", LINKED),
            ("张伟", NEVER_STARTED),
            ("李明", BLOCKED),
            ("赵调", MOVED),
            ("刘芳", None),  # no Telegram at all
        ]
        for name, account in roster:
            s.add(
                RosterEntry(
                    group_id=group.id,
                    name=name,
                    category="full",
                    party_group="一组" if account != LINKED else "二组",
                    user_id=account,
                    created_at=long_ago,
                    updated_at=long_ago,
                )
            )
        lessons = [
            Lesson(
                group_id=group.id,
                number=i,
                author_id=SECRETARY,
                title=f"第{i}课",
                status="sent",
                slot_at=slot,
                audio_path="",
                duration_in=300.0,
                duration_out=300.0,
                lufs_in=-16.0,
                lufs_out=-16.0,
                created_at=slot,
                updated_at=slot,
            )
            for i, slot in enumerate(SLOTS, start=1)
        ]
        s.add_all(lessons)
        await s.flush()
        for lesson in lessons:
            for uid in (LINKED, GUEST):  # the dismissed guest pressed too
                s.add(
                    Listen(
                        lesson_id=lesson.id,
                        user_id=uid,
                        source="button",
                        created_at=lesson.slot_at + timedelta(hours=1),  # type: ignore[operator]
                    )
                )
        ref = GroupRef(group.id, CHAT, "第一党支部", ZONE)
        return ref, [lesson.id for lesson in lessons]


async def _read(db: Database, group: GroupRef) -> LedgerData:
    return await db.read_sync(lambda s: load_ledger(s, group, MARCH))


@pytest.mark.both_stores
async def test_the_ledger_names_people_as_the_roster_does_and_rows_the_unlinked(
    db: Database, tmp_path: Path
) -> None:
    group, (first, second) = await _seed(db)
    data = await _read(db, group)
    rows = [dict(zip(COLUMNS, row, strict=True)) for row in data.rows()]
    on_first = {str(r["member_name"]): r for r in rows if r["lesson_id"] == first}
    # Roster names, never display names; the account not on the roster by its Telegram name.
    assert set(on_first) == {"王建国", "王强", "张伟", "李明", "赵调", "刘芳", "路人甲"}
    assert {name: r["status"] for name, r in on_first.items()} == {
        "王建国": RowStatus.NOT_LISTENED,
        "王强": RowStatus.LISTENED,
        "张伟": RowStatus.NOT_STARTED,
        "李明": RowStatus.UNREACHABLE,
        "赵调": RowStatus.NOT_LISTENED,
        "刘芳": RowStatus.UNLINKED,
        "路人甲": RowStatus.NOT_LISTENED,
    }
    assert on_first["刘芳"]["user_id"] == "" and on_first["王强"]["user_id"] == LINKED
    # The dismissed guest's presses add no row, on either lesson.
    assert all(r["user_id"] != GUEST for r in rows)
    members = {m.name: m for m in data.members.values()}
    assert (members["王强"].category, members["王强"].party_group) == ("full", "二组")
    assert not members["王强"].name_is_fallback and members["路人甲"].name_is_fallback
    assert members["刘芳"].contact == "unlinked" and members["张伟"].contact == "not_started"
    assert members["李明"].contact == "blocked"
    # Both files write the row with no account (the summary too).
    assert write_csv(data, tmp_path / "l.csv") == len(rows) == 14
    assert write_xlsx(data, tmp_path / "l.xlsx") == 14
    assert second in {r["lesson_id"] for r in rows}


async def test_a_transferred_entry_is_left_after_its_transfer(
    db: Database, clock: FakeClock
) -> None:
    group, (first, second) = await _seed(db)
    async with db.reading() as s:
        moved = await s.scalar(select(RosterEntry.id).where(RosterEntry.user_id == MOVED))
    # 转出 between the two lessons (Tuesday 3 March).
    clock.set(datetime(2026, 3, 3, 2, 0, tzinfo=UTC))
    roster = RosterService(db, clock, SecretaryRights(db, Rights(_admins, clock)))
    assert moved is not None
    await roster.transfer_out(SECRETARY, moved)
    data = await _read(db, group)
    statuses = {
        (entry.lesson.lesson_id, entry.member.name): entry.status for entry in data.entries()
    }
    # Expected on the first lesson (before the transfer) and gone, not "did not listen";
    # not expected at all on the second.
    assert statuses[(first, "赵调")] == RowStatus.LEFT
    assert (second, "赵调") not in statuses
    assert statuses[(second, "刘芳")] == RowStatus.UNLINKED


async def test_the_leaderboard_names_the_roster_and_marks_a_telegram_name(
    db: Database, clock: FakeClock
) -> None:
    group, (first, _) = await _seed(db)
    async with db.transaction() as s:
        await s.execute(update(Group).where(Group.id == group.group_id).values(leaderboard=True))
        for uid, amount in ((LINKED, 3), (UNROSTERED, 2)):
            s.add(
                PointEntry(
                    user_id=uid,
                    group_id=group.group_id,
                    lesson_id=first,
                    reason="listen",
                    amount=amount,
                    created_at=clock.now(),
                )
            )
    ranking = await StandingService(db, clock).ranking(CHAT)
    # 王强 on the roster (his account's name is 老王); 路人甲 is not on it.
    assert ranking.all_time == [("王强", False, 3), ("路人甲", True, 2)]


async def test_only_the_workbooks_load_reads_the_activity_days_and_the_meetings(
    db: Database,
) -> None:
    """The dashboard's week loads never show 活动考勤 or 三会一课: they do not read them."""
    group, _ = await _seed(db)
    asked: list[str] = []

    async def attendance(group_id: int, year: int, month: int) -> list[Any]:
        asked.append("attendance")
        return []

    async def meetings(group_id: int, year: int) -> str:
        asked.append("meetings")
        return "sheet"

    ledger = LedgerService(db, attendance, meetings)
    assert (await ledger.load(group, MARCH)).meetings is None
    assert asked == []
    assert (await ledger.load(group, MARCH, sheets=True)).meetings == "sheet"
    assert asked == ["attendance", "meetings"]
