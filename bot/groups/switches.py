"""/settings by buttons: each of a group's settings an admin can change with a tap.

The choices offered are the only values taken: a forged press for any other value is refused.
A change of broadcast time or days moves the queued lessons (the caller re-slots the group).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from bot.core.clock import Clock
from bot.core.errors import DomainError
from bot.core.vocabulary import ADMIN_STATUSES
from storage.db import Database
from storage.models import Group
from storage.repositories import group_by_chat


class Setting(StrEnum):
    TIME = "time"  # the broadcast time
    DAYS = "days"  # 推送日
    REMIND = "remind"  # the evening reminder: a time, or off
    LINE = "line"  # the group's evening line (the team figure)
    ALERT = "alert"  # the secretary's alert that a broadcast day has no lesson
    BOARD = "board"  # the opt-in leaderboard


# The broadcast times offered (a typed /settime takes any other).
BROADCAST_TIMES: Sequence[str] = (
    "06:30", "07:00", "07:30", "08:00", "08:30", "09:00", "12:00", "12:30", "18:00",
)  # fmt: skip
REMINDER_TIMES: Sequence[str] = ("18:00", "19:00", "20:00", "21:00")
WEEKDAYS = "mon,tue,wed,thu,fri"
EVERY_DAY = "mon,tue,wed,thu,fri,sat,sun"
# 推送日 choices: button value → the stored weekdays.
DAY_CHOICES = {"weekdays": WEEKDAYS, "daily": EVERY_DAY, "workdays": "workdays"}
OFF = "off"
ON = "on"


def compact(hhmm: str) -> str:
    """ "07:30" → "0730" (the button's data holds no colon)."""
    return hhmm.replace(":", "")


def _time_from(value: str, offered: Sequence[str]) -> str:
    for hhmm in offered:
        if compact(hhmm) == value:
            return hhmm
    raise DomainError("settings.bad_choice")


def _switch(value: str) -> bool:
    if value not in (ON, OFF):
        raise DomainError("settings.bad_choice")
    return value == ON


class GroupSwitches:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def change(
        self, chat_id: int, user_status: str | None, setting: Setting, value: str
    ) -> int:
        """Apply one button's choice (admins only); returns the group id."""
        if user_status not in ADMIN_STATUSES:
            raise DomainError("settings.not_admin")
        async with self._db.transaction() as s:
            group = await group_by_chat(s, chat_id)
            if group is None or not group.bound:
                raise DomainError("settings.not_bound")
            _apply(group, setting, value)
            group.updated_at = self._clock.now()
            return group.id


def _apply(group: Group, setting: Setting, value: str) -> None:
    if setting is Setting.TIME:
        group.broadcast_time = _time_from(value, BROADCAST_TIMES)
    elif setting is Setting.DAYS:
        if value not in DAY_CHOICES:
            raise DomainError("settings.bad_choice")
        group.weekdays = DAY_CHOICES[value]
    elif setting is Setting.REMIND:
        if value == OFF:
            group.reminders = False
        else:
            group.reminder_time = _time_from(value, REMINDER_TIMES)
            group.reminders = True
    elif setting is Setting.LINE:
        group.evening_line = _switch(value)
    elif setting is Setting.ALERT:
        group.empty_slot_alert = _switch(value)
    else:
        group.leaderboard = _switch(value)
