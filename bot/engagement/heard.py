"""What the Mini App player heard of a lesson: intervals merged per member, and the share.

The page reports the [start, end) seconds it actually played (screen off included), never the
position, so seeking ahead earns nothing. The union is kept here, never more than could have
played since the page opened at the fastest speed offered, in a bounded number of spans, with
reports paced per member and lesson. When it reaches
[web] heard_threshold of the lesson it is recorded as a listen (source player) under the
same rules as every other listen, plus [points] heard_bonus once. Telegram-free.
"""

from __future__ import annotations

import json
import math
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.core.clock import Clock
from bot.core.config import PointsSettings
from bot.core.errors import DomainError
from bot.core.scoring import ListenSource, PointReason, Timing
from bot.core.vocabulary import LessonStatus
from bot.engagement.evidence import Evidence, lesson_infos, present_pairs
from bot.engagement.listens import ListenService
from bot.engagement.points import Award, DailyPoints
from storage.db import Database
from storage.models import Group, Heard, Lesson, Listen
from storage.repositories import dialect_insert

Span = tuple[float, float]
# One report holds the spans played since the last one: a few, unless something is wrong.
MAX_SPANS = 500
# A player's clock may run a little past the file's stated length; beyond this it is absurd.
END_SLACK_SECONDS = 5.0
# The speeds the player offers (the page takes them from the lesson's answer). No more can
# have been heard than the time since the page opened at the fastest of them, plus a little
# for clocks that disagree: a page asks for its session before it can play anything.
PLAYBACK_RATES = (1.0, 1.5, 2.0)
HEARD_SLACK_SECONDS = 2.0
# What a member heard is kept as at most this many spans, the longest ones: a page that
# seeks around loses its shortest scraps, never gains seconds, and the row stays small.
MAX_KEPT_SPANS = 100
# Reports per member and lesson: a burst of this many, then one per interval (a page sends
# one every few seconds while it plays, and one at each pause).
REPORT_BURST = 10
REPORT_INTERVAL_SECONDS = 2.0


class HeardReason(Enum):
    """Why the player is refused; each value is the text key of the sentence it shows (how
    the web answers each reason is the web's business)."""

    BAD_REPORT = "web.bad_report"  # not spans of this lesson as the page sends them
    NOT_FOUND = "web.lesson_not_found"  # no such lesson, or not out yet
    NOT_MEMBER = "web.not_member"  # the lesson is another group's
    TAKEN_OVER = "web.taken_over"  # a newer page of the same member reports now
    TOO_SOON = "web.heard_too_soon"  # more heard than could have played since the page opened
    TOO_FREQUENT = "web.too_frequent"  # reports faster than the pace allows; send it later


class HeardRefused(DomainError):
    """A request the player must refuse, and why."""

    def __init__(self, reason: HeardReason) -> None:
        super().__init__(reason.value)
        self.reason = reason


def parse_spans(raw: object, duration: float) -> list[Span]:
    """Reported spans as numbers within the lesson, clamped to [0, duration]; refused otherwise."""
    if not isinstance(raw, list) or len(raw) > MAX_SPANS:
        raise HeardRefused(HeardReason.BAD_REPORT)
    spans: list[Span] = []
    for item in raw:
        if not isinstance(item, list | tuple) or len(item) != 2:
            raise HeardRefused(HeardReason.BAD_REPORT)
        reported_start, reported_end = item
        if not all(
            isinstance(v, int | float) and not isinstance(v, bool)
            for v in (reported_start, reported_end)
        ):
            raise HeardRefused(HeardReason.BAD_REPORT)
        start, end = float(reported_start), float(reported_end)
        if not (math.isfinite(start) and math.isfinite(end)) or start < 0 or end < start:
            raise HeardRefused(HeardReason.BAD_REPORT)
        if end > duration + END_SLACK_SECONDS:
            raise HeardRefused(HeardReason.BAD_REPORT)
        start, end = min(start, duration), min(end, duration)
        if end > start:
            spans.append((start, end))
    return spans


def merge(spans: Sequence[Span]) -> list[Span]:
    """The union of [start, end) spans: sorted, disjoint, touching ones joined."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def kept(spans: Sequence[Span]) -> list[Span]:
    """Merged spans as stored: to the millisecond, none empty, at most MAX_KEPT_SPANS of the
    longest (in order). Never more seconds than given: each kept span was heard."""
    rounded = [(round(a, 3), round(b, 3)) for a, b in merge(spans)]
    spans = [(a, b) for a, b in rounded if b > a]
    if len(spans) > MAX_KEPT_SPANS:
        spans = sorted(sorted(spans, key=lambda s: s[1] - s[0], reverse=True)[:MAX_KEPT_SPANS])
    return spans


def heard_seconds(spans: Sequence[Span]) -> float:
    return sum(end - start for start, end in spans)


def share_of(spans: Sequence[Span], duration: float) -> float:
    if duration <= 0:
        return 0.0
    return min(1.0, heard_seconds(spans) / duration)


def _load_spans(text: str) -> list[Span]:
    return [(float(a), float(b)) for a, b in json.loads(text or "[]")]


def _paced(paced_until: datetime | None, now: datetime) -> datetime | None:
    """The pace after one more report now, or None if it comes too soon: reports are spaced
    REPORT_INTERVAL_SECONDS apart on average, REPORT_BURST of them at once at most."""
    interval = timedelta(seconds=REPORT_INTERVAL_SECONDS)
    due = max(paced_until or now, now)
    if due - now > interval * (REPORT_BURST - 1):
        return None
    return due + interval


@dataclass(frozen=True)
class PlayerLesson:
    lesson_id: int
    group_id: int
    title: str
    slot_at: datetime
    zone: str
    duration: float
    audio_path: str
    share: float
    number: int  # #N, 第N期 within the group


@dataclass(frozen=True)
class HeardResult:
    share: float
    # The share reached the threshold: the listen (source player) is on the record.
    listened: bool
    # Points this report earned (the listen's, if it was the first, and the bonus).
    points: int = 0
    # A first listen of the lesson by this member: the group's live count may change.
    new_listener: bool = False


class HeardService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        listens: ListenService,
        rules: PointsSettings,
        threshold: float,
    ) -> None:
        self._db = db
        self._clock = clock
        self._listens = listens
        self._rules = rules
        self.threshold = threshold

    # --- reads
    async def lesson(self, user_id: int, lesson_id: int) -> PlayerLesson:
        """The lesson as the player shows it; only a lesson that is out, to its group's members."""
        return await self._db.read_sync(lambda s: self._lesson_in(s, user_id, lesson_id))

    def _lesson_in(self, s: Session, user_id: int, lesson_id: int) -> PlayerLesson:
        row = s.execute(
            select(
                Lesson.id,
                Lesson.group_id,
                Lesson.title,
                Lesson.slot_at,
                Group.timezone,
                Lesson.duration_out,
                Lesson.audio_path,
                Lesson.number,
            )
            .join(Group, Group.id == Lesson.group_id)
            .where(
                Lesson.id == lesson_id, Lesson.status.in_((LessonStatus.SENDING, LessonStatus.SENT))
            )
        ).first()
        if row is None:
            raise HeardRefused(HeardReason.NOT_FOUND)
        lid, gid, title, slot, zone, duration, path, number = row
        if slot is None:
            raise HeardRefused(HeardReason.NOT_FOUND)
        if not present_pairs(s, {(gid, user_id)}):
            raise HeardRefused(HeardReason.NOT_MEMBER)
        share = s.scalar(
            select(Heard.share).where(Heard.lesson_id == lid, Heard.user_id == user_id)
        )
        return PlayerLesson(
            lid, gid, title, slot, zone, float(duration), path, share or 0.0, number
        )

    async def audio_file(self, lesson_id: int) -> Path | None:
        """The lesson's OGG/Opus if the lesson is out (the audio token names member and lesson)."""
        async with self._db.reading() as s:
            path = await s.scalar(
                select(Lesson.audio_path).where(
                    Lesson.id == lesson_id,
                    Lesson.status.in_((LessonStatus.SENDING, LessonStatus.SENT)),
                )
            )
            return Path(path) if path else None

    async def share(self, lesson_id: int, user_id: int) -> float | None:
        async with self._db.reading() as s:
            value = await s.scalar(
                select(Heard.share).where(Heard.lesson_id == lesson_id, Heard.user_id == user_id)
            )
            return None if value is None else float(value)

    # --- writes
    async def open_session(self, user_id: int, lesson_id: int) -> str:
        """A page opened the lesson: it gets the session that may report; older ones may not."""
        session = secrets.token_hex(16)
        now = self._clock.now()

        def work(s: Session) -> str:
            self._lesson_in(s, user_id, lesson_id)
            # What this session may add is measured from here: the time starts now.
            before = s.scalar(
                select(Heard.spans).where(Heard.lesson_id == lesson_id, Heard.user_id == user_id)
            )
            heard_before = heard_seconds(_load_spans(before or "[]"))
            stmt = dialect_insert(s, Heard.__table__).values(
                lesson_id=lesson_id,
                user_id=user_id,
                session=session,
                spans="[]",
                share=0.0,
                opened_at=now,
                heard_at_open=0.0,
                created_at=now,
                updated_at=now,
            )
            s.execute(
                stmt.on_conflict_do_update(
                    index_elements=["lesson_id", "user_id"],
                    set_={
                        "session": session,
                        "opened_at": now,
                        "heard_at_open": heard_before,
                        "updated_at": now,
                    },
                )
            )
            return session

        return await self._db.run_in_transaction(work)

    async def report(
        self, user_id: int, lesson_id: int, session: str, raw_spans: object
    ) -> HeardResult:
        """Merge a report into what was heard; idempotent (the same spans twice change nothing).

        Refused when it comes sooner than the pace allows (nothing changes), or when what was
        heard would be more than could have played since the page opened (its spans are not
        kept, the page sends them again later; the report still counts against the pace).
        """
        now = self._clock.now()
        outcome = await self._db.run_in_transaction(
            lambda s: self._report_in(s, user_id, lesson_id, session, raw_spans, now)
        )
        if isinstance(outcome, HeardReason):
            raise HeardRefused(outcome)
        return outcome

    def _report_in(
        self,
        s: Session,
        user_id: int,
        lesson_id: int,
        session: str,
        raw_spans: object,
        now: datetime,
    ) -> HeardResult | HeardReason:
        lesson = self._lesson_in(s, user_id, lesson_id)
        spans = parse_spans(raw_spans, lesson.duration)
        # Locked until commit: two reports at once merge one after the other (PostgreSQL;
        # SQLite writes one transaction at a time anyway).
        row = s.execute(
            select(
                Heard.session,
                Heard.spans,
                Heard.opened_at,
                Heard.heard_at_open,
                Heard.reports_paced_until,
            )
            .where(Heard.lesson_id == lesson_id, Heard.user_id == user_id)
            .with_for_update()
        ).first()
        if row is None or row[0] != session:
            raise HeardRefused(HeardReason.TAKEN_OVER)
        stored, opened_at, heard_at_open, paced_until = row[1], row[2], row[3], row[4]
        paced = _paced(paced_until, now)
        if paced is None:
            raise HeardRefused(HeardReason.TOO_FREQUENT)
        this_row = (Heard.lesson_id == lesson_id) & (Heard.user_id == user_id)
        merged = kept([*_load_spans(stored), *spans])
        elapsed = max(0.0, (now - opened_at).total_seconds())
        playable = heard_at_open + elapsed * max(PLAYBACK_RATES) + HEARD_SLACK_SECONDS
        if heard_seconds(merged) > playable:
            s.execute(update(Heard).where(this_row).values(reports_paced_until=paced))
            return HeardReason.TOO_SOON
        share = round(share_of(merged, lesson.duration), 4)
        s.execute(
            update(Heard)
            .where(this_row)
            .values(
                spans=json.dumps([[a, b] for a, b in merged]),
                share=share,
                reports_paced_until=paced,
                updated_at=now,
            )
        )
        if share < self.threshold:
            return HeardResult(share, listened=False)
        points, new_listener = self._listened(s, lesson, user_id, share, now)
        return HeardResult(share, listened=True, points=points, new_listener=new_listener)

    def _listened(
        self, s: Session, lesson: PlayerLesson, user_id: int, share: float, now: datetime
    ) -> tuple[int, bool]:
        """The listen (source player) with its share, the bonus once; the share only grows."""
        known = s.execute(
            select(Listen.id, Listen.progress).where(
                Listen.lesson_id == lesson.lesson_id,
                Listen.user_id == user_id,
                Listen.source == str(ListenSource.PLAYER),
            )
        ).first()
        if known is not None:
            if known[1] is None or known[1] < share:
                s.execute(update(Listen).where(Listen.id == known[0]).values(progress=share))
            return 0, False
        infos = lesson_infos(s, {lesson.lesson_id})
        evidence = Evidence(
            lesson.lesson_id, lesson.group_id, user_id, ListenSource.PLAYER, progress=share
        )
        # One tally for the listen and the bonus: the bonus sees what the listen just earned.
        points = DailyPoints(s, self._rules, now)
        earned = self._listens.record_in(s, [evidence], now, infos, points)[0]
        if earned.timing is None or earned.timing is Timing.LATE:
            return earned.points, earned.new_listener
        bonus = points.grant(
            Award(
                lesson.group_id,
                lesson.zone,
                user_id,
                lesson.lesson_id,
                PointReason.HEARD,
                self._rules.heard_bonus,
            )
        )
        points.write()
        return earned.points + bonus.amount, earned.new_listener
