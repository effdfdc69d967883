"""The 机关党委's figures are the branch's own ledger figures: a member on leave is not 应学 in
either, and 心得 counts notes; and a month asked later shows that month's quarter's 三会一课,
not the quarter it is now."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import update

from bot.branch_life.events.views import EventFigures
from bot.branch_life.meetings import MeetingsService
from bot.core.clock import FakeClock
from bot.core.config import CommitteeSettings, MeetingsSettings
from bot.core.vocabulary import EventKind
from bot.groups.rights import Rights
from bot.groups.secretaries import SecretaryRights
from bot.secretary.committee import CommitteeService
from bot.secretary.ledger_figures import ledger_figures
from bot.secretary.ledger_reads import load_ledger
from storage.db import Database
from storage.models import BranchEvent, LeaveDay, Lesson, Note
from tests.storage.test_ledger_roster import LINKED, MARCH, SECRETARY, _admins, _seed

CHAIR = 90


async def _no_figures(event_id: int) -> EventFigures | None:
    return None


def _committee(db: Database, clock: FakeClock) -> CommitteeService:
    meetings = MeetingsService(
        db,
        clock,
        SecretaryRights(db, Rights(_admins, clock)),
        MeetingsSettings(),
        _no_figures,
    )
    settings = CommitteeSettings(name="机关党委", admins=[CHAIR])
    return CommitteeService(db, clock, settings, meetings.quarter_counts)


async def test_a_member_on_leave_counts_the_same_in_the_committee_as_in_the_branchs_ledger(
    db: Database, clock: FakeClock
) -> None:
    group, (first, _) = await _seed(db)
    async with db.transaction() as s:
        await s.execute(update(Lesson).values(sent_at=Lesson.slot_at))
        # The secretary on leave on Monday 2 March (the first lesson's day).
        s.add(
            LeaveDay(
                user_id=SECRETARY,
                start_day=date(2026, 3, 2),
                end_day=date(2026, 3, 2),
                created_by=SECRETARY,
                created_at=datetime(2026, 3, 1, tzinfo=UTC),
            )
        )
        for message_id, text in ((1, "一"), (2, "二")):  # two notes by one person: two 心得
            s.add(
                Note(
                    lesson_id=first,
                    user_id=LINKED,
                    chat_id=group.chat_id,
                    message_id=message_id,
                    text=text,
                    created_at=datetime(2026, 3, 2, 3, 0, tzinfo=UTC),
                )
            )
    clock.set(datetime(2026, 3, 20, 1, 0, tzinfo=UTC))
    month = await _committee(db, clock).month(CHAIR, 2026, 3)
    data = await db.read_sync(lambda s: load_ledger(s, group, MARCH))
    figures = ledger_figures(data)
    (branch,) = month.branches
    assert [(f.lesson_id, f.expected, f.listened, f.notes) for f in branch.lessons] == [
        (f.lesson_id, f.expected, f.listened, f.notes) for f in figures.lessons
    ]
    assert branch.rate == figures.average_rate
    assert branch.lessons[0].expected == figures.lessons[1].expected - 1  # the one on leave
    assert branch.notes == figures.notes == 2


async def test_a_month_asked_later_counts_its_own_quarters_meetings(
    db: Database, clock: FakeClock
) -> None:
    group, _ = await _seed(db)
    async with db.transaction() as s:
        s.add(
            BranchEvent(
                group_id=group.group_id,
                kind=EventKind.BRANCH_ASSEMBLY,
                title="一季度党员大会",
                starts_at=datetime(2026, 3, 10, 6, 30, tzinfo=UTC),
                created_by=SECRETARY,
                created_at=datetime(2026, 3, 1, tzinfo=UTC),
            )
        )
    clock.set(datetime(2026, 5, 20, 1, 0, tzinfo=UTC))  # Q2 now
    committee = _committee(db, clock)
    (march,) = (await committee.month(CHAIR, 2026, 3)).branches
    (may,) = (await committee.month(CHAIR)).branches
    # Q1 (党员大会 1, 支委会 3, 党课 1, 党小组会 3 × two 党小组): the March meeting held.
    assert (march.meetings_held, march.meetings_required) == (1, 11)
    assert (may.meetings_held, may.meetings_required) == (0, 11)
