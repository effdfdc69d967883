"""Points and streaks as pure rules: what a listen or a note earns, and how long a streak is."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.core.config import PointsSettings


class ListenSource(StrEnum):
    """How a member showed they heard a lesson; a listen keeps its source."""

    BUTTON = "button"  # "✅ 已收听" in the group, or on their own private copy
    PRIVATE = "private"  # opened the lesson in private chat through its link
    NOTE = "note"  # wrote a study note on it
    PLAYER = "player"  # the Mini App heard enough of it (a later, stronger level)


class Timing(StrEnum):
    ON_DAY = "on_day"
    MAKEUP = "makeup"  # 补学: after the lesson's day, within the make-up window
    LATE = "late"  # after the make-up window: recorded honestly, earns nothing


class PointReason(StrEnum):
    LISTEN = "listen"
    NOTE = "note"
    HEARD = "heard"  # the player heard enough of it: [points] heard_bonus, once
    # A right answer to a quiz question: [points] quiz. Stored as "quiz:<question position>",
    # one row per member and question (bot.engagement.points.stored_reason).
    QUIZ = "quiz"


def lesson_day(slot_at: datetime, zone: str) -> date:
    return slot_at.astimezone(ZoneInfo(zone)).date()


def timing_of(slot_at: datetime, zone: str, heard_at: datetime, makeup_hours: int) -> Timing:
    """On the lesson's local day, a make-up within the window after it, or late."""
    zone_info = ZoneInfo(zone)
    if heard_at.astimezone(zone_info).date() <= slot_at.astimezone(zone_info).date():
        return Timing.ON_DAY
    if heard_at - slot_at <= timedelta(hours=makeup_hours):
        return Timing.MAKEUP
    return Timing.LATE


def listen_points(rules: PointsSettings, timing: Timing) -> int:
    if timing is Timing.ON_DAY:
        return rules.listen
    if timing is Timing.MAKEUP:
        return rules.makeup
    return 0


def capped(amount: int, earned_today: int, daily_cap: int) -> int:
    """What is left of `amount` under the daily cap."""
    return max(0, min(amount, daily_cap - earned_today))


def day_bounds(day: date, zone: str) -> tuple[datetime, datetime]:
    """The UTC instants at which a local day starts and the next one starts."""
    zone_info = ZoneInfo(zone)
    start = datetime(day.year, day.month, day.day, tzinfo=zone_info)
    nxt = day + timedelta(days=1)
    end = datetime(nxt.year, nxt.month, nxt.day, tzinfo=zone_info)
    # In UTC: Python subtracts and compares same-zone datetimes by wall clock, not instant.
    return start.astimezone(UTC), end.astimezone(UTC)


@dataclass(frozen=True)
class LeaveRange:
    start: date
    end: date

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


def on_leave(day: date, leaves: Iterable[LeaveRange]) -> bool:
    return any(leave.covers(day) for leave in leaves)


def streak(
    broadcast_days: Sequence[date],
    listened_days: set[date],
    leaves: Sequence[LeaveRange],
    today: date,
) -> int:
    """Consecutive broadcast days listened, newest first.

    Days without a broadcast are not in `broadcast_days`, so they never break it; a day on
    leave is passed over; today's lesson not yet heard does not break it either (the day is
    not over).
    """
    count = 0
    for day in sorted(set(broadcast_days), reverse=True):
        if day > today:
            continue
        if day in listened_days:
            count += 1
        elif day == today or on_leave(day, leaves):
            continue
        else:
            break
    return count


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def month_start(day: date) -> date:
    return day.replace(day=1)
