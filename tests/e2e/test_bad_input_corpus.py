"""The bad-input corpus: one table of hostile or mistaken inputs, each with its expected answer.

Every case runs against the same world (two bound groups, a lesson out in each, a queued lesson
and a note on record). After each one the bot must have said exactly what the table says (or
nothing), and every stored lesson, delivery, listen, note and point must be as it was, apart
from the rows the case is meant to add.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, select

from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from storage.models import Delivery, Group, LeaveDay, Lesson, Listen, Membership, Note, PointEntry
from tests.support.harness import ADMIN, GROUP, RunningBot, bound_group, say, settled, text_of
from tests.support.members_day import broadcast_now, queue_lesson

OTHER = -1002
OTHER_ADMIN = 11
STRANGER = 4242
CHANNEL = -1009
RTL_MEMBER = 30
RECORD: tuple[type[Any], ...] = (
    Lesson,
    Delivery,
    Listen,
    Note,
    PointEntry,
    LeaveDay,
    Group,
    Membership,
)


@dataclass
class World:
    bot: RunningBot
    double: TelegramDouble
    recordings: dict[str, Path]
    members: list[int]
    group_message: int  # lesson #1 in the group
    copies: dict[int, int]  # lesson #1's private copies, by member
    other_message: int  # lesson #3 in the other group
    help_message: int  # a message of the bot's that is not a lesson
    queued: int = 2

    def send(self, chat: int, user: int, text: str, **kw: Any) -> None:
        self.double.user_sends(chat, user, text, **kw)

    def press(self, chat: int, user: int, message: int, data: str) -> None:
        self.double.press_button(chat, user, message, data, check=False)

    def file(self, user: int, kind: str, name: str, **kw: Any) -> None:
        self.double.user_sends_file(user, user, kind, self.recordings[name], **kw)


Act = Callable[[World], object]


@dataclass(frozen=True)
class Case:
    name: str
    act: Act
    # What the bot says, in order: (chat, text); texts are rendered with t() in Chinese.
    says: Callable[[World], list[tuple[int, str]]] = lambda _w: []
    # The text of the answer to a button press, if the case presses one.
    alert: str | None = None
    # Tables where this case adds rows (a valid note among the hostile ones, a join).
    adds: frozenset[str] = frozenset()
    changes: frozenset[str] = field(default_factory=frozenset)


def zh(key: str, **params: object) -> str:
    return t(key, "zh", **params)


M0, M1, M2 = 20, 21, 22
HTML_NOTE = '<script>alert("x")</script><b>学习</b> & <a href="http://evil">心得</a>'
MARKDOWN_NOTE = "*加粗* _斜体_ [链接](http://evil) `代码` ||剧透|| 学习体会"
LONG_NOTE = "学" * 4096
FIRST_NOTE = "，+3 分，连续学习 1 天"


def _cases() -> list[Case]:
    return [
        # --- files -----------------------------------------------------------------------
        Case(
            "a text file as a document",
            lambda w: w.file(ADMIN, "document", "text", mime_type="text/plain"),
            lambda w: [(ADMIN, zh("intake.not_audio"))],
        ),
        Case(
            "a picture as a document",
            lambda w: w.file(ADMIN, "document", "png", mime_type="image/png"),
            lambda w: [(ADMIN, zh("intake.not_audio"))],
        ),
        Case(
            "corrupt audio",
            lambda w: w.file(ADMIN, "audio", "corrupt", mime_type="audio/mpeg"),
            lambda w: [(ADMIN, zh("intake.processing")), (ADMIN, zh("intake.undecodable"))],
        ),
        Case(
            "a silent recording",
            lambda w: w.file(ADMIN, "voice", "silent", duration=12),
            lambda w: [(ADMIN, zh("intake.processing")), (ADMIN, zh("intake.silent"))],
        ),
        Case(
            "a file over the 20 MB download limit",
            lambda w: w.double.user_sends_file(
                ADMIN, ADMIN, "audio", None, file_size=30 * 1024 * 1024, mime_type="audio/mpeg"
            ),
            lambda w: [(ADMIN, zh("intake.too_big"))],
        ),
        Case(
            # Lesson #1 was delivered to them: asked whether it is a note (issue 21), not
            # refused as an upload.
            "a member's recording",
            lambda w: w.file(M0, "voice", "ogg_opus", duration=14),
            lambda w: [(M0, zh("note.offer", n=1))],
        ),
        Case(
            "a stranger's recording",
            lambda w: w.file(STRANGER, "voice", "ogg_opus", duration=14),
            lambda w: [(STRANGER, zh("intake.not_secretary"))],
        ),
        Case(
            "the secretary forwards the lesson back to the bot",
            lambda w: w.double.user_forwards(ADMIN, ADMIN, GROUP, w.group_message),
            lambda w: [(ADMIN, zh("intake.forwarded_lesson"))],
        ),
        Case(
            "a member forwards the lesson to the bot",
            lambda w: w.double.user_forwards(M1, M1, GROUP, w.group_message),
            lambda w: [(M1, zh("intake.forwarded_lesson"))],
        ),
        # --- commands and arguments ------------------------------------------------------
        Case(
            "/sendnow without a number",
            lambda w: w.send(ADMIN, ADMIN, "/sendnow"),
            lambda w: [(ADMIN, zh("lesson.usage_n", cmd="sendnow"))],
        ),
        Case(
            "/sendnow with letters",
            lambda w: w.send(ADMIN, ADMIN, "/sendnow abc"),
            lambda w: [(ADMIN, zh("lesson.usage_n", cmd="sendnow"))],
        ),
        Case(
            "/sendnow of an unknown lesson",
            lambda w: w.send(ADMIN, ADMIN, "/sendnow 999"),
            lambda w: [(ADMIN, zh("lesson.not_found", n=999))],
        ),
        Case(
            "/sendnow of a lesson already sent",
            lambda w: w.send(ADMIN, ADMIN, "/sendnow 1"),
            lambda w: [(ADMIN, zh("lesson.already_sent", n=1))],
        ),
        Case(
            # Numbers count within a group: no group of theirs has a #3.
            "/sendnow of another group's lesson",
            lambda w: w.send(ADMIN, ADMIN, "/sendnow 3"),
            lambda w: [(ADMIN, zh("lesson.not_found", n=3))],
        ),
        Case(
            "/cancel by a member",
            lambda w: w.send(M0, M0, "/cancel 2"),
            lambda w: [(M0, zh("lesson.not_yours", n=2))],
        ),
        Case(
            "/cancel with a number too large for the database",
            lambda w: w.send(ADMIN, ADMIN, "/cancel 99999999999999999999999"),
            lambda w: [(ADMIN, zh("lesson.usage_n", cmd="cancel"))],
        ),
        Case(
            "/schedule with an impossible date",
            lambda w: w.send(ADMIN, ADMIN, "/schedule 2 2026-13-45 25:99"),
            lambda w: [(ADMIN, zh("when.bad_day_time", text="2026-13-45 25:99"))],
        ),
        Case(
            "/schedule with a missing time",
            lambda w: w.send(ADMIN, ADMIN, "/schedule 2 2026-03-05"),
            lambda w: [(ADMIN, zh("when.bad_day_time", text="2026-03-05"))],
        ),
        Case(
            "/schedule in the past",
            lambda w: w.send(ADMIN, ADMIN, "/schedule 2 2026-03-01 07:30"),
            lambda w: [(ADMIN, zh("lesson.in_past"))],
        ),
        Case(
            "/title without a title",
            lambda w: w.send(ADMIN, ADMIN, "/title 2"),
            lambda w: [(ADMIN, zh("lesson.usage_title"))],
        ),
        Case(
            "/title far too long",
            lambda w: w.send(ADMIN, ADMIN, "/title 2 " + "很长" * 200),
            lambda w: [(ADMIN, zh("lesson.title_too_long", limit=120))],
        ),
        Case(
            "/settime at 25:00",
            lambda w: w.send(GROUP, ADMIN, "/settime 25:00"),
            lambda w: [(GROUP, zh("when.bad_time", text="25:00"))],
        ),
        Case(
            "/settime by a member",
            lambda w: w.send(GROUP, M0, "/settime 07:00"),
            lambda w: [(GROUP, zh("settings.not_admin"))],
        ),
        Case(
            "/skip with a date that does not exist",
            lambda w: w.send(GROUP, ADMIN, "/skip 2026-02-30"),
            lambda w: [(GROUP, zh("when.bad_date", text="2026-02-30"))],
        ),
        Case(
            "/bind by a member",
            lambda w: w.send(GROUP, M0, "/bind"),
            lambda w: [(GROUP, zh("bind.not_admin"))],
        ),
        Case(
            "/leave ending before it starts",
            lambda w: w.send(M0, M0, "/leave 2026-03-10 2026-03-01"),
            lambda w: [(M0, zh("leave.end_before_start"))],
        ),
        Case(
            "/leave on 30 February",
            lambda w: w.send(M0, M0, "/leave 2026-02-30"),
            lambda w: [(M0, zh("when.bad_date", text="2026-02-30"))],
        ),
        Case(
            "/start with the link of an unknown lesson",  # the refusal alone, no greeting
            lambda w: w.send(M0, M0, "/start l99999"),
            lambda w: [(M0, zh("start.lesson_unknown", n=99999))],
        ),
        Case(
            # The link carries the database's id (3); the answer names it as its group does.
            "/start with the link of another group's lesson",
            lambda w: w.send(M0, M0, "/start l3"),
            lambda w: [(M0, zh("start.lesson_not_member", n=1))],
        ),
        # --- callback data ---------------------------------------------------------------
        Case(
            "listen data that is not a number",
            lambda w: w.press(GROUP, M0, w.group_message, "listen:abc"),
            alert=zh("button.forged"),
        ),
        Case(
            "listen data naming the queued lesson on lesson 1's message",
            lambda w: w.press(GROUP, M0, w.group_message, "listen:2"),
            alert=zh("button.forged"),
        ),
        Case(
            "listen data of the other group's lesson, pressed in this group",
            lambda w: w.press(GROUP, M0, w.group_message, "listen:3"),
            alert=zh("button.forged"),
        ),
        Case(
            "someone else's private copy",
            lambda w: w.press(M1, M0, w.copies[M1], "listen:1"),
            alert=zh("button.forged"),
        ),
        Case(
            "listen data on a message of the bot's that is not a lesson",
            lambda w: w.press(ADMIN, ADMIN, w.help_message, "listen:1"),
            alert=zh("button.forged"),
        ),
        Case(
            "an old send-now button of a lesson already sent",
            lambda w: w.press(ADMIN, ADMIN, w.help_message, "now:1"),
            alert=zh("lesson.already_sent", n=1),
        ),
        Case(
            "a member pressing the secretary's cancel button",
            lambda w: w.press(ADMIN, M0, w.help_message, "cancel:2"),
            alert=zh("lesson.not_yours", n=2),
        ),
        Case(
            "a forged slot",
            lambda w: w.press(ADMIN, ADMIN, w.help_message, "slot:2:123"),
            alert=zh("lesson.in_past"),  # as an old slot button would be
        ),
        Case(
            "a forged slot past the last date a clock can read",
            lambda w: w.press(ADMIN, ADMIN, w.help_message, "slot:1:999999999999"),
            alert=zh("button.forged"),
        ),
        Case(
            "the leaderboard toggle pressed by a member",
            lambda w: w.press(GROUP, M0, w.group_message, "board:on"),
            alert=zh("settings.not_admin"),
        ),
        Case(
            "data no button of ours ever had",
            lambda w: w.press(GROUP, M0, w.group_message, "x" * 64),
            alert=zh("button.forged"),
        ),
        # --- notes -----------------------------------------------------------------------
        Case(
            "a note full of HTML",
            lambda w: w.send(GROUP, M1, HTML_NOTE, reply_to_message_id=w.group_message),
            lambda w: [(M1, zh("note.saved", n=1, earned=FIRST_NOTE))],
            adds=frozenset({"notes", "listens", "points"}),
        ),
        Case(
            "a note in Markdown",
            lambda w: w.send(M2, M2, MARKDOWN_NOTE, reply_to_message_id=w.copies[M2]),
            lambda w: [(M2, zh("note.saved", n=1, earned=FIRST_NOTE))],
            adds=frozenset({"notes", "listens", "points"}),
        ),
        Case(
            "a 4096-character note",
            lambda w: w.send(GROUP, M0, LONG_NOTE, reply_to_message_id=w.group_message),
            lambda w: [(M0, zh("note.saved_again", n=1))],
            adds=frozenset({"notes"}),
        ),
        Case(
            "a note from a member with a right-to-left name and emoji",
            lambda w: w.send(
                GROUP,
                RTL_MEMBER,
                "‏مريم 🌸 学习心得：联系实际，知行合一。",
                reply_to_message_id=w.group_message,
            ),
            lambda w: [],  # never started the bot: the 👍 reaction is the acknowledgement
            adds=frozenset({"notes", "listens", "points", "memberships"}),
        ),
        Case(
            "a one-character reply in the group",
            lambda w: w.send(GROUP, M2, "好", reply_to_message_id=w.group_message),
        ),
        Case(
            "a reply to a message of the bot's that is not a lesson",
            lambda w: w.send(
                ADMIN, ADMIN, "这是一条很长的回复，但不是心得。", reply_to_message_id=w.help_message
            ),
            lambda w: [(ADMIN, zh("help.private_text", min=10))],
        ),
        Case(
            "a note posted on behalf of a channel",
            lambda w: w.double.channel_sends(
                GROUP,
                CHANNEL,
                "频道转来的学习心得，不是党员本人。",
                reply_to_message_id=w.group_message,
            ),
        ),
        # --- membership events -----------------------------------------------------------
        Case(
            "a member leaves and comes back",
            lambda w: (w.double.user_leaves(GROUP, M2), w.double.user_joins(GROUP, M2))[0] and None,
            changes=frozenset({"memberships"}),
        ),
        Case(
            "the bot is added to a group nobody bound",
            lambda w: _unbound_group(w),
            adds=frozenset({"groups", "memberships"}),
        ),
        # --- unknown commands, other bots, channels --------------------------------------
        Case(
            "a group command sent in private",
            lambda w: w.send(ADMIN, ADMIN, "/settime 07:00"),
            lambda w: [(ADMIN, zh("bind.private_only_group"))],
        ),
        Case(
            "a private command sent in the group",
            lambda w: w.send(GROUP, ADMIN, "/sendnow 2"),
            lambda w: [(GROUP, zh("group.private_only"))],
        ),
        Case(
            "leave for a member id too large for the database",
            lambda w: w.send(ADMIN, ADMIN, "/leave 99999999999999999999999 2026-03-05"),
            lambda w: [(ADMIN, zh("leave.unknown_member", who="99999999999999999999999"))],
        ),
        Case(
            "leave for a member id written with a superscript digit",
            lambda w: w.send(ADMIN, ADMIN, "/leave ² 2026-03-05"),
            lambda w: [(ADMIN, zh("member.bad_digits", who="²"))],
        ),
        Case(
            "/birthday naming a member with a superscript digit",
            lambda w: w.send(ADMIN, ADMIN, "/birthday ²"),
            lambda w: [(ADMIN, zh("member.bad_digits", who="²"))],
        ),
        Case(
            "/birthday for a member id written with a superscript digit",
            lambda w: w.send(ADMIN, ADMIN, "/birthday ² 2001-07-01"),
            lambda w: [(ADMIN, zh("member.bad_digits", who="²"))],
        ),
        Case(
            "an unknown command in private",
            lambda w: w.send(M0, M0, "/foo"),
            lambda w: [(M0, zh("help.unknown_command"))],
        ),
        Case(
            "an unknown command in the group",
            lambda w: w.send(GROUP, M0, "/foo@microlesson_test_bot"),
        ),
        Case(
            "/help for another bot",
            lambda w: w.send(GROUP, M0, "/help@otherbot"),
        ),
        Case(
            "an anonymous admin's /settime",
            lambda w: w.double.admin_sends_as_group(GROUP, ADMIN, "/settime 07:00"),
            lambda w: [(GROUP, zh("anon.group_command", cmd="settime"))],
        ),
        Case(
            "an anonymous admin's /sendnow in the group",
            lambda w: w.double.admin_sends_as_group(GROUP, ADMIN, "/sendnow 2"),
            lambda w: [(GROUP, zh("anon.private_command", cmd="sendnow"))],
        ),
        Case(
            "an anonymous admin's reply to the lesson is nobody's note",
            lambda w: w.double.admin_sends_as_group(
                GROUP,
                ADMIN,
                "匿名管理员的回复，不算任何人的心得。",
                reply_to_message_id=w.group_message,
            ),
        ),
        Case(
            "a command posted on behalf of a channel",
            lambda w: w.double.channel_sends(GROUP, CHANNEL, "/bind"),
        ),
    ]


def _unbound_group(w: World) -> None:
    w.double.add_group(-1003, "别的群", type="supergroup")
    w.double.set_member(-1003, OTHER_ADMIN, "creator")
    w.double.add_bot_to_group(-1003, OTHER_ADMIN)


async def _record(bot: RunningBot) -> dict[str, dict[Any, tuple[Any, ...]]]:
    """Every row of the record, by table and primary key."""
    out: dict[str, dict[Any, tuple[Any, ...]]] = {}
    async with bot.services.db.transaction() as s:
        for model in RECORD:
            table = inspect(model).local_table
            rows = (await s.execute(select(table))).all()
            keys = [c.name for c in table.primary_key.columns]
            # Presence (how and when a member was last seen) moves with every message.
            values = ["status"] if model is Membership else list(table.columns.keys())
            out[table.name] = {
                tuple(getattr(r, k) for k in keys): tuple(getattr(r, v) for v in values)
                for r in rows
            }
    return out


async def _world(
    bot: RunningBot, double: TelegramDouble, ogg: Path, recordings: dict[str, Path]
) -> World:
    members = await bound_group(bot, double, members=3)
    double.add_user(RTL_MEMBER, "‏مريم 🌸", language_code="ar")
    double.set_member(GROUP, RTL_MEMBER, "member")
    double.add_user(STRANGER, "陌生人")
    double.add_user(OTHER_ADMIN, "李书记")
    double.add_group(OTHER, "第二党支部", type="supergroup")
    double.set_member(OTHER, OTHER_ADMIN, "creator")
    double.add_bot_to_group(OTHER, OTHER_ADMIN)
    await say(double, OTHER, OTHER_ADMIN, "/bind")
    out = await broadcast_now(bot, double, ogg)
    assert await queue_lesson(bot, ogg, "第二课") == 2
    other = await broadcast_now(bot, double, ogg, "别的支部", chat_id=OTHER, author=OTHER_ADMIN)
    assert other.lesson_id == 3
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/help")
    help_message = (await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)).message_id
    # A note already on record, which every case must leave as it is.
    cur = double.cursor()
    double.user_sends(
        GROUP, M0, "第一篇学习心得，认真学习。", reply_to_message_id=out.group_message.message_id
    )
    await double.wait_for(lambda m: m.chat_id == M0, after=cur)
    await settled(bot)
    return World(
        bot,
        double,
        recordings,
        members,
        out.group_message.message_id,
        {uid: m.message_id for uid, m in out.copies.items()},
        other.group_message.message_id,
        help_message,
    )


async def test_every_bad_input_gets_its_answer_and_leaves_the_record_intact(
    bot: RunningBot, double: TelegramDouble, ogg: Path, recordings: dict[str, Path]
) -> None:
    world = await _world(bot, double, ogg, recordings)
    cases = _cases()
    assert len(cases) >= 40
    observe = bool(os.environ.get("MICROLESSON_CORPUS_OBSERVE"))
    problems: list[str] = []
    for case in cases:
        before = await _record(bot)
        cur = double.cursor()
        answered = set(double.callback_answers)
        case.act(world)
        await settled(bot)
        said = [(m.chat_id, text_of(m)) for m in double.sent[cur:]]
        answers = [
            str(a.get("text", "")) for q, a in double.callback_answers.items() if q not in answered
        ]
        after = await _record(bot)
        if observe:
            print(f"\n## {case.name}\n   said {said}\n   answers {answers}")
        try:
            expected = case.says(world)
        except KeyError as exc:
            expected = [(0, f"no text {exc}")]
        if said != expected:
            problems.append(f"{case.name}: said {said}, expected {expected}")
        if case.alert is not None and answers != [case.alert]:
            problems.append(f"{case.name}: answered {answers}, expected {case.alert!r}")
        for table, rows in before.items():
            for key, row in rows.items():
                if after[table].get(key) != row and table not in case.changes:
                    problems.append(
                        f"{case.name}: {table} {key} changed: {row} -> {after[table].get(key)}"
                    )
            added = set(after[table]) - set(rows)
            if added and table not in case.adds and table not in case.changes:
                problems.append(f"{case.name}: {table} gained {sorted(added)}")
    assert not problems, "\n".join(problems)
