"""Who was expected at an activity day and who signed in, by person: the roster's names, its
members without Telegram, and the 未在花名册 under their Telegram names (marked as such).

A sign-in is kept by account (EventCheckin) or, for a roster entry with no account, by entry
(EventRosterCheckin). Both are read through `people_of`, so an entry linked after its 代签
still counts for that person, once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.branch_life.events.kinds import expects
from bot.members.people import Person, entry_key, people_of
from storage.models import EventCheckin, EventRosterCheckin, Member


@dataclass(frozen=True)
class SignedIn:
    key: int  # Person.key
    method: str
    by_user: int
    reason: str | None
    at: datetime


@dataclass(frozen=True)
class Roll:
    people: dict[int, Person]  # by Person.key, everyone who belongs or belonged
    checkins: dict[tuple[int, int], SignedIn]  # (event_id, key)
    # Accounts named on the record but not among the people (a signer, someone dismissed).
    others: dict[int, str]

    def expected(
        self, starts_at: datetime, kind: str | None = None, detail: str | None = None
    ) -> list[Person]:
        """Who the meeting expects: belonging then, and of its type's people (kinds.expects)."""
        return [
            p
            for p in self.people.values()
            if p.expected_at(starts_at)
            and (kind is None or expects(kind, detail, p.duty, p.party_group))
        ]

    def name(self, key: int) -> tuple[str, bool]:
        """The name and whether it is a Telegram name standing in for a real one."""
        person = self.people.get(key)
        if person is not None:
            return person.name, person.name_is_fallback
        return self.others.get(key, str(key)), True

    def signed_in(self, event_id: int) -> list[SignedIn]:
        return sorted(
            (c for (e, _), c in self.checkins.items() if e == event_id),
            key=lambda c: (c.at, c.key),
        )


async def roll_of(s: AsyncSession, group_id: int, event_ids: Iterable[int]) -> Roll:
    ids = list(event_ids)
    people = await people_of(s, group_id)
    by_key = {p.key: p for p in people}
    by_entry = {p.entry_id: p for p in people if p.entry_id is not None}
    found: list[tuple[int, SignedIn]] = []
    for c in (
        await s.execute(select(EventCheckin).where(EventCheckin.event_id.in_(ids)))
    ).scalars():
        found.append((c.event_id, SignedIn(c.user_id, c.method, c.by_user, c.reason, c.created_at)))
    for r in (
        await s.execute(select(EventRosterCheckin).where(EventRosterCheckin.event_id.in_(ids)))
    ).scalars():
        person = by_entry.get(r.entry_id)
        key = person.key if person is not None else entry_key(r.entry_id)
        found.append((r.event_id, SignedIn(key, r.method, r.by_user, r.reason, r.created_at)))
    checkins: dict[tuple[int, int], SignedIn] = {}
    for event_id, signed in sorted(found, key=lambda f: f[1].at):  # the first one counts
        checkins.setdefault((event_id, signed.key), signed)
    unknown = {c.key for c in checkins.values()} | {c.by_user for c in checkins.values()}
    unknown = {k for k in unknown - set(by_key) if k > 0}
    others = {
        m.user_id: m.display_name
        for m in (await s.execute(select(Member).where(Member.user_id.in_(unknown)))).scalars()
    }
    return Roll(by_key, checkins, others)
