"""The dispatch order: which handler sees an update first, and why it stands there.

PTB offers an update to the handler groups in ascending order. Within a group the first handler
whose filters match takes it (the others in that group never see it); the next group still
gets it unless that handler raised ApplicationHandlerStop. So a position says two things: what
must have run before (a channel's post is stopped before it counts as presence), and what a
handler may stop (a study note is not also an upload). Every `add_handler` gets its group from
this table; nothing else in handlers/ names a group.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum

from bot.telegram.context import AppType
from handlers import (
    anonymous,
    arrivals,
    binding,
    birthday,
    birthday_picker,
    chat_events,
    committee,
    errors,
    event_wizard,
    events,
    export,
    fallbacks,
    group_settings,
    help,
    intake,
    keyboard,
    leave_picker,
    lessons,
    listen,
    me,
    meeting_record,
    meetings,
    membership,
    note_prompt,
    notes,
    numbered,
    past_lessons,
    prompts,
    quiz,
    recorder_picker,
    report,
    roster,
    roster_claims,
    roster_import,
    secretary_menus,
    settings_menu,
    sign_for,
    start,
)


class Group(IntEnum):
    """The groups, in the order PTB runs them (the values only order them)."""

    # When each press arrived (the operator's figures); never stops an update.
    ARRIVALS = -70
    # A post a channel makes in a group is nobody: stopped before it counts as presence, a
    # note or a command.
    CHANNEL_POSTS = -60
    # A press of the private keyboard (今日微党课, 写心得, ... 活动) arrives as text: taken and
    # stopped first, so it is never a prompt's answer, a note, or the 「作为心得提交？」 offer.
    KEYS = -55
    # The answer to the question the bot asked in private chat (a lesson's new title, the
    # quiz draft's next step, a leave reason, the 纪实表's minutes or photos) and /cancel: before
    # study notes and the main group, which would take it for a note, an upload or a title.
    # handlers.prompts decides what answers (not a reply to a lesson: that stays a note).
    PROMPTS = -50
    # Anyone who writes in a group is a member of it: a group of its own, so it sees every
    # group message whatever takes it later, and never stops one.
    ACTIVITY = -30
    # A command from an admin posting as the group gets "say who you are" and is stopped
    # before the command handlers (after ACTIVITY, which skips such senders anyway).
    ANONYMOUS_ADMINS = -20
    # A study note (a reply to a lesson, or private text after its link) is stopped here, so
    # MAIN does not also take its voice for an upload.
    NOTES = -10
    # Private text or voice sent without a reply, within the note window of a lesson: asked
    # about (提交 / 不是; an admin's voice: 学习心得 / 新课程) and stopped, so MAIN queues no
    # upload and PRIVATE_TEXT gives no hint. Nothing near a lesson: it goes on as before.
    PRIVATE_NOTES = -5
    # Commands, buttons, uploads and chat events: each kind of update has one handler here,
    # except the fallbacks, registered last (see TABLE).
    MAIN = 0
    # Private text nothing took above (no answer, no note): say how to write a note.
    PRIVATE_TEXT = 10


Register = Callable[[AppType, int], None]


@dataclass(frozen=True)
class Position:
    group: Group
    register: Register
    why: str


# In registration order. Within MAIN the order matters only for the fallbacks: commands are
# told apart by name and chat type, buttons by their data's prefix, messages by their kind.
TABLE: tuple[Position, ...] = (
    Position(Group.ARRIVALS, arrivals.register, "when each press arrived (the metrics page)"),
    Position(Group.CHANNEL_POSTS, fallbacks.register_channel_guard, "channels are nobody"),
    Position(Group.KEYS, keyboard.register, "the private keyboard's keys, before answers"),
    Position(Group.PROMPTS, prompts.register, "answers to the pending prompt, /cancel"),
    Position(Group.ACTIVITY, chat_events.register_activity, "presence from every message"),
    Position(Group.ANONYMOUS_ADMINS, anonymous.register, "commands sent as the group"),
    Position(Group.NOTES, notes.register, "study notes, stopped before MAIN"),
    Position(Group.PRIVATE_NOTES, note_prompt.register_private, "a note sent without a reply"),
    Position(Group.MAIN, chat_events.register, "the bot added or removed, joins, migration"),
    Position(Group.MAIN, binding.register, "/bind /unbind"),
    Position(Group.MAIN, start.register, "/start (lesson and sign-in links) /stop"),
    Position(Group.MAIN, help.register, "/help"),
    Position(Group.MAIN, group_settings.register, "/settime /skip /unskip /extra"),
    Position(Group.MAIN, settings_menu.register, "/settings and its buttons"),
    # Before intake, which takes any document: only a spreadsheet (.xlsx/.csv) is a roster.
    Position(Group.MAIN, roster_import.register, "a roster file in private chat, its preview"),
    Position(Group.MAIN, intake.register, "a recording in private chat, the group picker"),
    Position(Group.MAIN, lessons.register, "the queue's commands and buttons"),
    Position(Group.MAIN, numbered.register, "which group's #N, when several have one"),
    Position(Group.MAIN, prompts.register_cancel_button, "the ❌ under a question"),
    Position(Group.MAIN, listen.register, "the ✅ 已收听 button"),
    Position(Group.MAIN, note_prompt.register, "「✍️ 写心得」 and the note question's buttons"),
    Position(Group.MAIN, me.register, "/me /rank"),
    Position(Group.MAIN, past_lessons.register, "往期: the past lessons' pages and picks"),
    Position(Group.MAIN, secretary_menus.register, "the 报告 / 活动 keys' group and event buttons"),
    Position(Group.MAIN, membership.register, "/join /leave"),
    Position(Group.MAIN, leave_picker.register, "/leave by buttons, the calendar's blanks"),
    Position(Group.MAIN, roster.register, "/roster and its buttons"),
    Position(Group.MAIN, roster_claims.register, "「我是…」: claims of a roster name"),
    Position(Group.MAIN, report.register, "/report and the 精选 buttons"),
    Position(Group.MAIN, export.register, "/export and its group picker"),
    Position(Group.MAIN, quiz.register, "/quiz, its buttons, poll answers"),
    Position(Group.MAIN, birthday.register, "/birthday and the greeting button"),
    Position(Group.MAIN, events.register, "activity days' commands and buttons"),
    Position(Group.MAIN, event_wizard.register, "/event step by step: its buttons"),
    Position(Group.MAIN, recorder_picker.register, "the 纪实表's 记录人 by buttons"),
    Position(Group.MAIN, birthday_picker.register, "政治生日 for a member by buttons"),
    Position(Group.MAIN, meeting_record.register, "the 纪实表: /record and its buttons"),
    Position(Group.MAIN, committee.register, "/committee and its export button (机关党委)"),
    Position(Group.MAIN, meetings.register, "/meetings, /partylesson and the 党课 buttons"),
    Position(Group.MAIN, sign_for.register, "代签 and 补签: /signfor, /latesign, their lists"),
    Position(Group.MAIN, fallbacks.register, "last in MAIN: what no feature took"),
    Position(Group.PRIVATE_TEXT, help.register_private_text, "private text nothing took"),
)


def register_all(app: AppType) -> None:
    """Every handler in its place, and the one error handler (which has no group)."""
    errors.register(app)
    for position in TABLE:
        position.register(app, position.group)
