"""A roster entry's account: a secretary links only an account that belongs to the group (a
forged button is refused politely, never a database error); an entry linked to an account the
group never saw is expected from the day it was put on the roster, as an unlinked one is; and
an import's file is read off the event loop."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from bot.core.clock import FakeClock
from bot.core.errors import DomainError
from bot.groups.rights import Rights
from bot.groups.secretaries import GroupRef, SecretaryRights
from bot.members import roster_import
from bot.members.people import people_of
from bot.members.roster import RosterService
from bot.members.roster_file import RosterFile, RosterRow
from bot.members.roster_import import RosterImports
from bot.secretary.ledger import Period
from bot.secretary.ledger_reads import load_ledger
from storage.db import Database
from storage.models import Group, Lesson, Member, Membership, RosterEntry

SECRETARY, IN_CHAT, DISMISSED, NEVER_SEEN, UNKNOWN = 1, 2, 3, 4, 999
CHAT = -1001
LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)
# Lessons on Monday 2 and Wednesday 4 March 2026 (07:30 in Shanghai); the entry is made between.
SLOTS = (datetime(2026, 3, 1, 23, 30, tzinfo=UTC), datetime(2026, 3, 3, 23, 30, tzinfo=UTC))
BETWEEN = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)
MARCH = Period(date(2026, 3, 1), date(2026, 4, 1), "2026-03")


async def _admins(chat_id: int) -> dict[int, str]:
    return {SECRETARY: "creator"}


async def _seed(db: Database) -> tuple[GroupRef, dict[str, int]]:
    """A group with one account in the chat, one dismissed, one the group never saw (no
    Membership), and three roster entries with no account yet."""
    async with db.transaction() as s:
        group = Group(
            chat_id=CHAT,
            title="第一党支部",
            bound=True,
            timezone="Asia/Shanghai",
            broadcast_time="07:30",
            weekdays="mon,tue,wed,thu,fri",
            reminder_time="20:00",
            created_at=LONG_AGO,
            updated_at=LONG_AGO,
        )
        s.add(group)
        for uid in (SECRETARY, IN_CHAT, DISMISSED, NEVER_SEEN):
            s.add(
                Member(user_id=uid, first_name=f"号{uid}", created_at=LONG_AGO, updated_at=LONG_AGO)
            )
        await s.flush()
        for uid in (SECRETARY, IN_CHAT, DISMISSED):
            s.add(
                Membership(
                    group_id=group.id,
                    user_id=uid,
                    status="creator" if uid == SECRETARY else "member",
                    updated_at=LONG_AGO,
                    joined_at=LONG_AGO,
                    roster_dismissed_at=LONG_AGO if uid == DISMISSED else None,
                )
            )
        entries = {
            name: RosterEntry(
                group_id=group.id,
                name=name,
                user_id=None,
                created_at=LONG_AGO,
                updated_at=LONG_AGO,
            )
            for name in ("王强", "李明", "刘芳")
        }
        s.add_all(entries.values())
        await s.flush()
        return GroupRef(group.id, CHAT, "第一党支部", "Asia/Shanghai"), {
            name: e.id for name, e in entries.items()
        }


def _roster(db: Database, clock: FakeClock) -> RosterService:
    return RosterService(db, clock, SecretaryRights(db, Rights(_admins, clock)))


async def test_only_an_account_that_belongs_to_the_group_is_linked(
    db: Database, clock: FakeClock
) -> None:
    _, entries = await _seed(db)
    roster = _roster(db, clock)
    # A forged or stale button: an account never seen here, one dismissed, one unknown.
    for account in (NEVER_SEEN, DISMISSED, UNKNOWN):
        with pytest.raises(DomainError) as refused:
            await roster.link(SECRETARY, entries["王强"], account)
        assert refused.value.key == "roster.ui.stale"
    async with db.reading() as s:
        assert await s.scalar(select(RosterEntry.user_id).where(RosterEntry.name == "王强")) is None
    person = await roster.link(SECRETARY, entries["王强"], IN_CHAT)
    assert person.user_id == IN_CHAT


async def test_an_entry_linked_to_an_account_never_seen_here_is_expected_from_its_entry(
    db: Database, clock: FakeClock
) -> None:
    group, _ = await _seed(db)
    async with db.transaction() as s:
        # The import linked it by its Telegram cell: the account never spoke in the chat.
        s.add(
            RosterEntry(
                group_id=group.group_id,
                name="赵新",
                user_id=NEVER_SEEN,
                created_at=BETWEEN,
                updated_at=BETWEEN,
            )
        )
        s.add_all(
            Lesson(
                group_id=group.group_id,
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
        )
    async with db.reading() as s:
        person = next(p for p in await people_of(s, group.group_id) if p.name == "赵新")
    assert person.since == BETWEEN
    data = await db.read_sync(lambda s: load_ledger(s, group, MARCH))
    on = {entry.lesson.number for entry in data.entries() if entry.member.name == "赵新"}
    assert on == {2}  # not expected (not 未学) on the lesson before they were on the roster


async def test_an_imported_file_is_read_off_the_event_loop(
    db: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    group, _ = await _seed(db)
    readers: list[threading.Thread] = []

    def read_roster(data: bytes) -> RosterFile:
        readers.append(threading.current_thread())
        return RosterFile([RosterRow(name="王强")], [])

    monkeypatch.setattr(roster_import, "read_roster", read_roster)
    imports = RosterImports(db, clock, SecretaryRights(db, Rights(_admins, clock)))
    preview = await imports.preview(SECRETARY, group.group_id, b"any")
    assert preview.unchanged == 1
    assert readers and readers[0] is not threading.main_thread()
