"""The roster's services on a real store: import previewed then confirmed, edits, claims, and
who belongs as every count reads it (bot.members.people)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.core.clock import FakeClock
from bot.core.errors import DomainError
from bot.core.vocabulary import RosterStanding
from bot.groups.rights import Rights
from bot.groups.secretaries import SecretaryRights
from bot.members.claims import RosterClaims
from bot.members.people import Contact, people_of
from bot.members.roster import RosterService
from bot.members.roster_import import RosterImports
from storage.db import Database
from storage.models import Group, Member, Membership, RosterEntry, RosterImport
from tests.support.roster_files import roster_csv, roster_xlsx, thirty_with_three_bad

SECRETARY, LINKED, CLAIMANT, GUEST = 1, 501, 502, 503
CHAT = -1001


async def _admins(chat_id: int) -> dict[int, str]:
    return {SECRETARY: "creator"}


async def _seed(db: Database, clock: FakeClock) -> int:
    now = clock.now()
    async with db.transaction() as s:
        group = Group(
            chat_id=CHAT,
            title="第一党支部",
            bound=True,
            timezone="Asia/Shanghai",
            broadcast_time="07:30",
            weekdays="mon,tue,wed,thu,fri",
            reminder_time="20:00",
            created_at=now,
            updated_at=now,
        )
        s.add(group)
        for uid, first, last, username, started in (
            (SECRETARY, "书记", "王", "shuji", True),
            (LINKED, "老王", None, "lao_wang", True),
            (CLAIMANT, "伟", "张", None, False),
            (GUEST, "🌸静待花开", None, None, True),
        ):
            s.add(
                Member(
                    user_id=uid,
                    first_name=first,
                    last_name=last,
                    username=username,
                    started=started,
                    created_at=now,
                    updated_at=now,
                )
            )
        await s.flush()
        for uid in (SECRETARY, LINKED, CLAIMANT, GUEST):
            s.add(
                Membership(
                    group_id=group.id,
                    user_id=uid,
                    status="creator" if uid == SECRETARY else "member",
                    updated_at=now,
                    joined_at=now - timedelta(days=30),
                )
            )
        return group.id


def _services(db: Database, clock: FakeClock) -> tuple[RosterService, RosterImports, RosterClaims]:
    rights = SecretaryRights(db, Rights(_admins, clock))
    return (
        RosterService(db, clock, rights),
        RosterImports(db, clock, rights),
        RosterClaims(db, clock, rights),
    )


@pytest.mark.both_stores
async def test_an_xlsx_of_thirty_with_three_bad_rows_is_previewed_then_stored(
    db: Database, clock: FakeClock
) -> None:
    group_id = await _seed(db, clock)
    _, imports, _ = _services(db, clock)
    preview = await imports.preview(SECRETARY, group_id, roster_xlsx(thirty_with_three_bad()))
    assert (len(preview.new), len(preview.changed), preview.unchanged) == (27, 0, 0)
    assert [(bad.line, bad.name, bad.reason) for bad in preview.bad] == [
        (12, "", "roster.bad.no_name"),
        (22, "错类别", "roster.bad.category"),
        (27, "错日期", "roster.bad.date"),
    ]
    async with db.reading() as s:  # nothing stored before the confirmation
        assert await s.scalar(select(func.count()).select_from(RosterEntry)) == 0
    applied = await imports.confirm(SECRETARY, preview.import_id)
    assert (applied.added, applied.changed) == (27, 0)
    async with db.reading() as s:
        entries = {e.name: e for e in (await s.scalars(select(RosterEntry))).all()}
        assert await s.scalar(select(func.count()).select_from(RosterImport)) == 0
    assert len(entries) == 27
    assert entries["党员05"].joined_party_on is not None
    assert entries["党员05"].joined_party_on.isoformat() == "2015-07-01"
    assert entries["党员06"].joined_party_on.isoformat() == "2019-07-01"  # type: ignore[union-attr]
    assert entries["党员10"].category == "probationary"
    assert entries["党员01"].duty == "书记"
    with pytest.raises(DomainError) as refused:  # confirmed once only
        await imports.confirm(SECRETARY, preview.import_id)
    assert refused.value.key == "roster.import_gone"


async def test_a_second_import_tells_new_changed_and_unchanged_and_links_by_username(
    db: Database, clock: FakeClock
) -> None:
    group_id = await _seed(db, clock)
    _, imports, _ = _services(db, clock)
    first = [
        ("张伟", "正式党员", "一组", "2001-07-01", "", "", ""),
        ("李娜", "", "", "", "", "", ""),
    ]
    await imports.confirm(
        SECRETARY, (await imports.preview(SECRETARY, group_id, roster_csv(first))).import_id
    )
    second = [
        ("张伟", "正式党员", "一组", "2001-07-01", "", "", ""),
        ("李娜", "预备党员", "二组", "", "", "", ""),
        ("王强", "正式党员", "一组", "", "", "@Lao_Wang", ""),
    ]
    preview = await imports.preview(SECRETARY, group_id, roster_xlsx(second))
    assert [row.name for row in preview.new] == ["王强"]
    assert [(row.name, fields) for row, fields in preview.changed] == [
        ("李娜", ["category", "party_group"])
    ]
    assert preview.unchanged == 1 and preview.bad == []
    applied = await imports.confirm(SECRETARY, preview.import_id)
    assert (applied.added, applied.changed, applied.linked) == (1, 1, 1)
    async with db.reading() as s:
        everyone = await people_of(s, group_id)
    people = {p.name: p for p in everyone if p.entry_id is not None}
    assert people["王强"].user_id == LINKED and people["王强"].standing == RosterStanding.LINKED
    assert people["张伟"].standing == RosterStanding.UNLINKED
    assert people["张伟"].contact == Contact.UNLINKED and people["张伟"].key < 0
    # Not on the roster: counted under their Telegram name (a Chinese name split as first 伟,
    # last 张 reads 张伟), marked as a fallback.
    unrostered = {p.name: p for p in everyone if p.standing == RosterStanding.UNROSTERED}
    assert set(unrostered) == {"王书记", "张伟", "🌸静待花开"}
    assert all(p.name_is_fallback for p in unrostered.values())


async def test_only_a_secretary_previews_and_a_stranger_cannot_confirm(
    db: Database, clock: FakeClock
) -> None:
    group_id = await _seed(db, clock)
    _, imports, _ = _services(db, clock)
    with pytest.raises(DomainError) as refused:
        await imports.preview(LINKED, group_id, roster_xlsx(thirty_with_three_bad()))
    assert refused.value.key == "roster.not_secretary"
    preview = await imports.preview(SECRETARY, group_id, roster_xlsx(thirty_with_three_bad()))
    with pytest.raises(DomainError):
        await imports.confirm(LINKED, preview.import_id)
    clock.advance(timedelta(hours=25))
    with pytest.raises(DomainError) as stale:
        await imports.confirm(SECRETARY, preview.import_id)
    assert stale.value.key == "roster.import_gone"


async def test_files_without_a_name_column_or_unreadable_are_refused_whole(
    db: Database, clock: FakeClock
) -> None:
    group_id = await _seed(db, clock)
    _, imports, _ = _services(db, clock)
    for data, key in (
        (roster_xlsx([("张伟",)], header=("名称",)), "roster.no_name_column"),
        (b"PK\x03\x04not a zip at all", "roster.file_unreadable"),
        (roster_xlsx([]), "roster.file_empty"),
    ):
        with pytest.raises(DomainError) as refused:
            await imports.preview(SECRETARY, group_id, data)
        assert refused.value.key == key


@pytest.mark.both_stores
async def test_a_claim_counts_only_once_a_secretary_confirms_it(
    db: Database, clock: FakeClock
) -> None:
    group_id = await _seed(db, clock)
    roster, imports, claims = _services(db, clock)
    rows = [("张伟", "", "", "", "", "", ""), ("李娜", "", "", "", "", "", "")]
    await imports.confirm(
        SECRETARY, (await imports.preview(SECRETARY, group_id, roster_xlsx(rows))).import_id
    )
    [(group, names)] = await claims.claimable(CLAIMANT)
    assert group.group_id == group_id and [n for _, n in names] == ["张伟", "李娜"]
    entry_id = dict((n, i) for i, n in names)["张伟"]
    claim = await claims.claim(CLAIMANT, entry_id)
    assert claim.secretaries == [SECRETARY] and claim.claimant == "张伟"
    async with db.reading() as s:
        before = {p.name: p for p in await people_of(s, group_id) if p.entry_id}
    assert before["张伟"].user_id is None  # pending: not yet linked
    with pytest.raises(DomainError):
        await claims.decide(CLAIMANT, claim.claim_id, True)  # not a secretary
    await claims.decide(SECRETARY, claim.claim_id, True)
    async with db.reading() as s:
        after = {p.name: p for p in await people_of(s, group_id) if p.entry_id}
    assert after["张伟"].user_id == CLAIMANT
    assert after["张伟"].contact == Contact.NOT_STARTED
    with pytest.raises(DomainError) as again:
        await claims.decide(SECRETARY, claim.claim_id, False)
    assert again.value.key == "roster.claim_decided"
    assert await claims.claimable(CLAIMANT) == []
    # Corrections: unlink, and transfer out keeps the entry but ends what is expected.
    await roster.unlink(SECRETARY, entry_id)
    person = await roster.transfer_out(SECRETARY, entry_id)
    assert person.user_id is None and not person.active


async def test_dismissed_guests_are_not_counted_and_adding_links_them(
    db: Database, clock: FakeClock
) -> None:
    group_id = await _seed(db, clock)
    roster, _, _ = _services(db, clock)
    assert {p.user_id for p in await roster.unrostered(SECRETARY, group_id)} == {
        SECRETARY,
        LINKED,
        CLAIMANT,
        GUEST,
    }
    await roster.dismiss(SECRETARY, group_id, GUEST)
    person = await roster.add(SECRETARY, group_id, " 王  强 ", account=LINKED)
    assert person.name == "王 强" and person.standing == RosterStanding.LINKED
    assert {p.user_id for p in await roster.unrostered(SECRETARY, group_id)} == {
        SECRETARY,
        CLAIMANT,
    }
    with pytest.raises(DomainError) as taken:
        await roster.add(SECRETARY, group_id, "王 强")
    assert taken.value.key == "roster.name_taken"
