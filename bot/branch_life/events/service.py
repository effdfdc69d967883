"""The activity-day service: one object for the handlers and schedulers, built in parts."""

from __future__ import annotations

from bot.branch_life.events.answers import Answers
from bot.branch_life.events.attendance import Attendance
from bot.branch_life.events.signin import Signin


class EventService(Answers, Signin, Attendance):
    """Announcing and answering, sign-in, the 纪实表 and the figures of activity days."""
