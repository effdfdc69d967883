"""Activity days (主题党日, 支部党员大会, 党小组会, 党课): replies, reminders, sign-in and the
纪实表 (meeting record) with its history. Who may run an event is Telegram's answer (rights)."""

from bot.branch_life.events.attendance import month_attendance
from bot.branch_life.events.service import EventService
from bot.branch_life.events.views import (
    AttendanceRow,
    EventView,
    RecordView,
    ReminderTarget,
)

__all__ = [
    "AttendanceRow",
    "EventService",
    "EventView",
    "RecordView",
    "ReminderTarget",
    "month_attendance",
]
