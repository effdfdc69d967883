"""The weekly digest: each group's week at a glance for its secretaries, once per group and week.

The week is the 7 days before the digest day (default Monday 08:00 in the group's zone),
compared with the 7 days before that. A row in the alerts ledger (kind "digest", keyed by the
digest day) is written before anything is sent: a restart never sends a week twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.core.clock import Clock
from bot.core.config import DigestSettings, hhmm_to_time
from bot.core.scoring import Timing, week_start
from bot.core.vocabulary import BOT_PRESENT_STATUSES, AlertKind
from bot.groups.secretaries import GroupRef, Recipient, SecretaryRights, group_ref
from bot.secretary.ledger import EXPECTED_STATUSES, LedgerData, Period, RowStatus, note_text
from bot.secretary.ledger_reads import load_ledger
from storage.db import Database
from storage.models import Alert
from storage.repositories import bound_groups

log = logging.getLogger(__name__)

MAX_FEATURED = 10
FEATURED_EXCERPT = 200


@dataclass(frozen=True)
class WeekFigures:
    lessons: int
    listened: int
    # Members who could have listened: on the roster or in the group, not on leave (those the
    # bot cannot reach, and roster members with no account, included: ledger.EXPECTED_STATUSES).
    expected: int
    makeup: int
    notes: int

    @property
    def rate(self) -> int | None:
        return round(100 * self.listened / self.expected) if self.expected else None


@dataclass(frozen=True)
class Featured:
    name: str
    name_is_fallback: bool  # a Telegram display name (not on the roster): shown marked
    number: int  # the lesson's #N in the group
    text: str


@dataclass(frozen=True)
class Digest:
    group: GroupRef
    start: date  # first day covered
    end: date  # last day covered
    this_week: WeekFigures
    last_week: WeekFigures
    days: list[tuple[date, int, int]]  # (day, listened, expected)
    # (name, name_is_fallback, listened, expected)
    members: list[tuple[str, bool, int, int]]
    featured: list[Featured] = field(default_factory=list)
    recipients: list[Recipient] = field(default_factory=list)


def _counts(status: RowStatus) -> tuple[int, int]:
    """(listened, expected) one ledger entry adds."""
    if status is RowStatus.LISTENED:
        return 1, 1
    # On leave, or no longer in the group: not expected.
    return (0, 1) if status in EXPECTED_STATUSES else (0, 0)


def figures(data: LedgerData) -> WeekFigures:
    listened = expected = makeup = notes = 0
    for entry in data.entries():
        heard, due = _counts(entry.status)
        listened += heard
        expected += due
        makeup += entry.listen is not None and entry.listen.timing == Timing.MAKEUP
        notes += len(entry.notes)
    return WeekFigures(len(data.lessons), listened, expected, makeup, notes)


def compose(data: LedgerData, previous: LedgerData) -> Digest:
    days: dict[date, list[int]] = {}
    names: dict[int, tuple[str, bool]] = {}
    members: dict[int, list[int]] = {}
    featured: list[Featured] = []
    for entry in data.entries():
        heard, due = _counts(entry.status)
        day = days.setdefault(entry.lesson.day, [0, 0])
        day[0] += heard
        day[1] += due
        if due:
            names[entry.user_id] = (entry.member.name, entry.member.name_is_fallback)
            tally = members.setdefault(entry.user_id, [0, 0])
            tally[0] += heard
            tally[1] += due
        for note in entry.notes:
            if note.featured and len(featured) < MAX_FEATURED:
                text = note_text(note)
                if len(text) > FEATURED_EXCERPT:
                    text = text[:FEATURED_EXCERPT] + "…"
                member = entry.member
                featured.append(
                    Featured(member.name, member.name_is_fallback, entry.lesson.number, text)
                )
    return Digest(
        group=data.group,
        start=data.period.start,
        end=data.period.end - timedelta(days=1),
        this_week=figures(data),
        last_week=figures(previous),
        days=[(d, v[0], v[1]) for d, v in sorted(days.items())],
        members=[(*names[key], tally[0], tally[1]) for key, tally in sorted(members.items())],
        featured=featured,
    )


class DigestService:
    def __init__(
        self, db: Database, clock: Clock, settings: DigestSettings, rights: SecretaryRights
    ) -> None:
        self._db = db
        self._clock = clock
        self._settings = settings
        self._rights = rights

    def digest_day(self, zone: str) -> date | None:
        """This week's digest day in the zone, if its time has come; else None."""
        local = self._clock.now().astimezone(ZoneInfo(zone))
        day = week_start(local.date()) + timedelta(days=self._settings.weekday_index)
        if local.date() < day or (
            local.date() == day and local.time() < hhmm_to_time(self._settings.time)
        ):
            return None
        return day

    async def due(self) -> list[Digest]:
        """Digests whose time has come this week and that were not sent yet; each is claimed
        in the ledger before it is returned, so it goes out at most once."""
        if not self._settings.enabled:
            return []
        out: list[Digest] = []
        async with self._db.reading() as s:
            groups = [
                group_ref(g) for g in await bound_groups(s) if g.bot_status in BOT_PRESENT_STATUSES
            ]
        for group in groups:
            day = self.digest_day(group.timezone)
            if day is None or not await self._claim(group.group_id, day):
                continue
            digest = await self.build(group, day)
            if digest.this_week.lessons == 0:
                log.info("no lessons in the week before %s in group %s", day, group.group_id)
                continue
            recipients = await self._rights.recipients(group.group_id)
            out.append(replace(digest, recipients=recipients))
        return out

    async def build(self, group: GroupRef, day: date) -> Digest:
        week = Period(day - timedelta(days=7), day, "")
        before = Period(day - timedelta(days=14), day - timedelta(days=7), "")
        # Two weeks of rows and the chart's figures: off the event loop, as the ledger is.
        return await self._db.read_sync(
            lambda s: compose(load_ledger(s, group, week), load_ledger(s, group, before))
        )

    async def _claim(self, group_id: int, day: date) -> bool:
        """Write the group's ledger row for this digest day; False if it was already there."""
        key = day.isoformat()
        # Checked every minute for the rest of the week: read first, take the write lock once.
        async with self._db.reading() as s:
            if await s.scalar(
                select(Alert.id).where(
                    Alert.group_id == group_id, Alert.kind == AlertKind.DIGEST, Alert.key == key
                )
            ):
                return False
        try:
            async with self._db.transaction() as s:
                seen = await s.scalar(
                    select(Alert.id).where(
                        Alert.group_id == group_id, Alert.kind == AlertKind.DIGEST, Alert.key == key
                    )
                )
                if seen is not None:
                    return False
                s.add(
                    Alert(
                        group_id=group_id,
                        kind=AlertKind.DIGEST,
                        key=key,
                        created_at=self._clock.now(),
                    )
                )
        except IntegrityError:
            return False  # claimed by another process at the same moment
        return True
