"""SQLAlchemy models, one module a room; every model is importable from here."""

from storage.models.base import NAMING_CONVENTION, Base, UTCDateTime
from storage.models.branch_life import (
    OWN_BIRTHDAY,
    Birthday,
    BirthdayNotice,
    BranchEvent,
    EventCheckin,
    EventPhoto,
    EventRecordEdit,
    EventReminder,
    EventReply,
    PartyLessonMark,
    QuizAnswer,
    QuizPoll,
    QuizQuestion,
)
from storage.models.engagement import Heard, Listen, Note, Opened, PointEntry
from storage.models.groups import Alert, ExtraDay, Group, LeaveDay, Member, Membership, SkipDay
from storage.models.lessons import Delivery, Lesson, Reminder
from storage.models.roster import EventRosterCheckin, RosterClaim, RosterEntry, RosterImport

__all__ = [
    "NAMING_CONVENTION",
    "OWN_BIRTHDAY",
    "Alert",
    "Base",
    "Birthday",
    "BirthdayNotice",
    "BranchEvent",
    "Delivery",
    "EventCheckin",
    "EventPhoto",
    "EventRecordEdit",
    "EventReminder",
    "EventReply",
    "EventRosterCheckin",
    "ExtraDay",
    "Group",
    "Heard",
    "LeaveDay",
    "Lesson",
    "Listen",
    "Member",
    "Membership",
    "Note",
    "Opened",
    "PartyLessonMark",
    "PointEntry",
    "QuizAnswer",
    "QuizPoll",
    "QuizQuestion",
    "Reminder",
    "RosterClaim",
    "RosterEntry",
    "RosterImport",
    "SkipDay",
    "UTCDateTime",
]
