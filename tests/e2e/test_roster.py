"""The roster's Telegram side end to end: a file previewed and confirmed by button, /roster's
pages and edits, the template, and members claiming their name on /start."""

from __future__ import annotations

import io
import logging
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.core.i18n import t
from bot.members.roster_file import COLUMNS
from bot.sandbox.double import TelegramDouble
from bot.sandbox.double.state import SentMessage
from bot.telegram import callback_data
from bot.telegram.callback_data import RosterAction
from handlers.prompts import typed_question
from storage.models import Group, Lesson, RosterEntry
from tests.support.harness import (
    ADMIN,
    GROUP,
    MEMBER,
    RunningBot,
    bound_group,
    say,
    settled,
    text_of,
)
from tests.support.members_day import press
from tests.support.roster_files import roster_xlsx, thirty_with_three_bad

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _buttons(message: SentMessage | dict[str, Any]) -> dict[str, str]:
    """label → callback data of a message's inline buttons."""
    markup = (
        message.reply_markup if isinstance(message, SentMessage) else message.get("reply_markup")
    )
    rows = (markup or {}).get("inline_keyboard", [])
    return {b["text"]: b.get("callback_data", "") for row in rows for b in row}


def _current(double: TelegramDouble, chat_id: int, message_id: int) -> dict[str, Any]:
    message = double.world.message(chat_id, message_id)
    assert message is not None
    return dict(message)


async def _entries(bot: RunningBot) -> list[RosterEntry]:
    async with bot.services.db.reading() as s:
        return list((await s.scalars(select(RosterEntry).order_by(RosterEntry.id))).all())


async def _group_id(bot: RunningBot) -> int:
    async with bot.services.db.reading() as s:
        return int((await s.scalars(select(Group.id).where(Group.chat_id == GROUP))).one())


async def _import(bot: RunningBot, rows: list[Any]) -> None:
    """A roster stored as the operator would (the CLI's path), for tests about what follows."""
    imports = bot.services.roster_imports
    preview = await imports.preview(None, await _group_id(bot), roster_xlsx(rows))
    await imports.confirm(None, preview.import_id)


async def _start(double: TelegramDouble, uid: int) -> None:
    cur = double.cursor()
    double.user_sends(uid, uid, "/start")
    await double.wait_for(
        lambda m: m.chat_id == uid and text_of(m).startswith("已为您开通"), after=cur
    )


async def test_an_xlsx_roster_of_thirty_with_three_bad_rows_is_previewed_then_stored_on_confirm(
    bot: RunningBot, double: TelegramDouble
) -> None:
    await bound_group(bot, double)
    cur = double.cursor()
    double.user_sends_file(
        ADMIN,
        ADMIN,
        "document",
        roster_xlsx(thirty_with_three_bad()),
        file_name="花名册.xlsx",
        mime_type=XLSX_MIME,
    )
    preview = await double.wait_for(
        lambda m: m.chat_id == ADMIN and bool(m.reply_markup), after=cur
    )
    text = text_of(preview)
    assert "新增 27 人，变更 0 人，不变 0 人" in text
    assert "有 3 行读不懂" in text
    assert "第 12 行（—）：没有姓名" in text
    assert "第 22 行（错类别）：类别“群众”看不懂" in text
    assert "第 27 行（错日期）：入党日期“去年七月”看不懂" in text
    assert await _entries(bot) == []  # nothing stored before the confirmation
    async with bot.services.db.reading() as s:
        assert (await s.scalars(select(Lesson))).all() == []  # not taken for a lesson upload

    cur = double.cursor()
    await press(double, ADMIN, ADMIN, preview.message_id, _buttons(preview)["✅ 确认导入"])
    done = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert text_of(done) == t(
        "roster.import.done", "zh", group="第一党支部", added=27, changed=0, linked=0
    )
    entries = await _entries(bot)
    assert len(entries) == 27
    assert entries[4].name == "党员05" and str(entries[4].joined_party_on) == "2015-07-01"
    assert _buttons(_current(double, ADMIN, preview.message_id)) == {}  # not pressed twice


async def test_a_cancelled_import_stores_nothing_and_a_big_file_is_refused_before_download(
    bot: RunningBot, double: TelegramDouble
) -> None:
    await bound_group(bot, double)
    cur = double.cursor()
    double.user_sends_file(
        ADMIN, ADMIN, "document", roster_xlsx([("张伟", "正式党员")]), file_name="r.xlsx"
    )
    preview = await double.wait_for(
        lambda m: m.chat_id == ADMIN and bool(m.reply_markup), after=cur
    )
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, preview.message_id, _buttons(preview)["取消"])
    cancelled = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert text_of(cancelled) == t("roster.import.cancelled", "zh")
    assert await _entries(bot) == []

    downloads = len(double.calls_to("getFile"))
    cur = double.cursor()
    double.user_sends_file(ADMIN, ADMIN, "document", None, file_name="big.csv", file_size=2_000_000)
    refusal = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert text_of(refusal) == t("roster.file_too_big", "zh")
    await settled(bot)
    assert len(double.calls_to("getFile")) == downloads  # refused before any download


async def test_a_member_claims_their_name_on_start_and_the_secretary_confirms_or_declines(
    bot: RunningBot, double: TelegramDouble
) -> None:
    members = await bound_group(bot, double, members=2, subscribe=False)
    await _start(double, ADMIN)
    await _import(bot, [("张伟", "正式党员", "第一党小组"), ("李娜", "预备党员", "第二党小组")])

    # The first member opens the bot: after the greeting, which name is theirs?
    cur = double.cursor()
    double.user_sends(members[0], members[0], "/start")
    question = await double.wait_for(
        lambda m: m.chat_id == members[0] and text_of(m).startswith("请问您是花名册上的哪一位"),
        after=cur,
    )
    assert set(_buttons(question)) == {"张伟", "李娜", "都不是"}
    cur = double.cursor()
    await press(double, members[0], members[0], question.message_id, _buttons(question)["张伟"])
    to_secretary = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert text_of(to_secretary) == "「党员0」说自己是花名册上的“张伟”（第一党支部）"
    assert (await _entries(bot))[0].user_id is None  # a claim counts only when confirmed

    confirm = _buttons(to_secretary)["确认"]
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, to_secretary.message_id, confirm)
    told = await double.wait_for(lambda m: m.chat_id == members[0], after=cur)
    assert text_of(told) == "书记已确认，您在花名册上的名字是“张伟”（第一党支部）。"
    assert (await _entries(bot))[0].user_id == members[0]
    edited = _current(double, ADMIN, to_secretary.message_id)
    assert edited["text"].startswith("✅ 已确认") and _buttons(edited) == {}
    again = await press(double, ADMIN, ADMIN, to_secretary.message_id, confirm, check=False)
    assert again == t("roster.claim_decided", "zh")

    # /me shows the member their own entry, and no 「我是…」 any more.
    cur = double.cursor()
    double.user_sends(members[0], members[0], "/me")
    mine = await double.wait_for(lambda m: m.chat_id == members[0], after=cur)
    assert "花名册（第一党支部）\n姓名：张伟\n类别：正式党员\n党小组：第一党小组" in text_of(mine)
    assert "李娜" not in text_of(mine) and _buttons(mine) == {}

    # The second picks a name that is not theirs; the secretary says 不是此人.
    cur = double.cursor()
    double.user_sends(members[1], members[1], "/start")
    question = await double.wait_for(
        lambda m: m.chat_id == members[1] and text_of(m).startswith("请问您是花名册上的哪一位"),
        after=cur,
    )
    assert set(_buttons(question)) == {"李娜", "都不是"}  # 张伟 is linked now
    cur = double.cursor()
    await press(double, members[1], members[1], question.message_id, _buttons(question)["李娜"])
    to_secretary = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, to_secretary.message_id, _buttons(to_secretary)["不是此人"])
    told = await double.wait_for(lambda m: m.chat_id == members[1], after=cur)
    assert text_of(told) == t("claim.rejected", "zh", name="李娜", group="第一党支部")
    assert (await _entries(bot))[1].user_id is None
    assert _current(double, ADMIN, to_secretary.message_id)["text"].startswith("❎")

    # Still unlinked: /me offers 「我是…」, which asks again.
    cur = double.cursor()
    double.user_sends(members[1], members[1], "/me")
    mine = await double.wait_for(lambda m: m.chat_id == members[1], after=cur)
    cur = double.cursor()
    await press(double, members[1], members[1], mine.message_id, _buttons(mine)["我是…"])
    again_asked = await double.wait_for(lambda m: m.chat_id == members[1], after=cur)
    assert set(_buttons(again_asked)) == {"李娜", "都不是"}


async def test_an_account_named_in_the_telegram_column_links_itself_when_it_shows_up(
    bot: RunningBot, double: TelegramDouble
) -> None:
    await bound_group(bot, double)
    await _import(bot, [("王芳", "正式党员", "", "", "", str(MEMBER + 5))])
    double.add_user(MEMBER + 5, "芳芳")
    double.set_member(GROUP, MEMBER + 5, "member")
    double.user_sends(GROUP, MEMBER + 5, "/join")  # privacy mode: the bot sees commands
    await settled(bot)
    assert (await _entries(bot))[0].user_id == MEMBER + 5


async def test_roster_lists_in_pages_and_edits_by_buttons(
    bot: RunningBot, double: TelegramDouble
) -> None:
    await bound_group(bot, double)
    await _import(bot, [row for row in thirty_with_three_bad() if str(row[0]).startswith("党")])

    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/roster")
    listing = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    text = text_of(listing)
    assert text.startswith("第一党支部 花名册（第 1/3 页）")
    assert "共 28 人，未关联 27 人，未在花名册 1 人" in text
    first_page = _buttons(listing)
    assert "⚪ 党员01" in first_page and "▶" in first_page and "◀" not in first_page

    edits = len(double.edits)
    await press(double, ADMIN, ADMIN, listing.message_id, first_page["▶"])
    await double.wait_until(lambda: len(double.edits) > edits)
    second = _current(double, ADMIN, listing.message_id)
    assert "第 2/3 页" in second["text"] and "◀" in _buttons(second)

    # A person's card, then 转出 with its confirmation.
    name, data = next((k, v) for k, v in _buttons(second).items() if k.startswith("⚪"))
    edits = len(double.edits)
    await press(double, ADMIN, ADMIN, listing.message_id, data)
    await double.wait_until(lambda: len(double.edits) > edits)
    card = _current(double, ADMIN, listing.message_id)
    assert card["text"].startswith(f"姓名：{name[2:]}") and "Telegram：⚪ 未关联" in card["text"]
    edits = len(double.edits)
    await press(double, ADMIN, ADMIN, listing.message_id, _buttons(card)["转出"])
    await double.wait_until(lambda: len(double.edits) > edits)
    ask = _current(double, ADMIN, listing.message_id)
    assert "确定将" in ask["text"]
    entry_id = int(data.rsplit(":", 1)[1])
    async with bot.services.db.reading() as s:
        assert (await s.get_one(RosterEntry, entry_id)).transferred_at is None  # not yet
    edits = len(double.edits)
    await press(double, ADMIN, ADMIN, listing.message_id, _buttons(ask)["确认转出"])
    await double.wait_until(lambda: len(double.edits) > edits)
    assert t("roster.ui.transferred", "zh") in _current(double, ADMIN, listing.message_id)["text"]
    async with bot.services.db.reading() as s:
        assert (await s.get_one(RosterEntry, entry_id)).transferred_at is not None

    # 改名 by a typed answer.
    first = int(first_page["⚪ 党员01"].rsplit(":", 1)[1])
    edits = len(double.edits)
    await press(double, ADMIN, ADMIN, listing.message_id, first_page["⚪ 党员01"], check=False)
    await double.wait_until(lambda: len(double.edits) > edits)
    card = _current(double, ADMIN, listing.message_id)
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, listing.message_id, _buttons(card)["改名"])
    asked = typed_question(t("roster.ui.ask_name", "zh"), "zh")
    question = await double.wait_for(lambda m: text_of(m) == asked, after=cur)
    assert question.reply_markup == {"force_reply": True, "input_field_placeholder": "姓名"}
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "张 伟")
    await double.wait_for(lambda m: text_of(m) == "已改名。", after=cur)
    async with bot.services.db.reading() as s:
        assert (await s.get_one(RosterEntry, first)).name == "张 伟"


async def test_the_template_is_an_empty_roster_in_the_import_form(
    bot: RunningBot, double: TelegramDouble
) -> None:
    await bound_group(bot, double)
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/roster template")
    sent = await double.wait_for(lambda m: m.method == "sendDocument", after=cur)
    data = double.world.files[str(sent.file_id)].data
    assert data is not None
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows == [tuple(header for _, header in COLUMNS)]


async def test_an_account_not_on_the_roster_is_added_under_its_name_or_dismissed(
    bot: RunningBot, double: TelegramDouble
) -> None:
    members = await bound_group(bot, double, members=1)
    await _import(bot, [("张伟", "正式党员")])
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/roster")
    listing = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert "共 3 人，未关联 1 人，未在花名册 2 人" in text_of(listing)
    assert "🔸 党员0（昵称）" in _buttons(listing)

    edits = len(double.edits)
    await press(double, ADMIN, ADMIN, listing.message_id, _buttons(listing)["未在花名册 (2)"])
    await double.wait_until(lambda: len(double.edits) > edits)
    view = _current(double, ADMIN, listing.message_id)
    assert set(_buttons(view)) == {
        "加入花名册：王书记",
        "加入花名册：党员0",
        "非本支部党员",
        "◀ 返回",
    }
    dismiss = [
        b["callback_data"]
        for row in view["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"] == "非本支部党员" and b["callback_data"].endswith(f":{members[0]}")
    ]
    edits = len(double.edits)
    await press(double, ADMIN, ADMIN, listing.message_id, dismiss[0])
    await double.wait_until(lambda: len(double.edits) > edits)
    view = _current(double, ADMIN, listing.message_id)
    assert set(_buttons(view)) == {"加入花名册：王书记", "非本支部党员", "◀ 返回"}

    edits = len(double.edits)
    await press(double, ADMIN, ADMIN, listing.message_id, _buttons(view)["加入花名册：王书记"])
    await double.wait_until(lambda: len(double.edits) > edits)
    offer = _current(double, ADMIN, listing.message_id)
    assert offer["text"] == t("roster.ui.added_offer_rename", "zh", name="王书记")
    assert "改名" in _buttons(offer)
    added = (await _entries(bot))[-1]
    assert (added.name, added.user_id) == ("王书记", ADMIN)


async def test_a_secretary_of_two_groups_picks_the_group_a_roster_file_is_for(
    bot: RunningBot, double: TelegramDouble
) -> None:
    await bound_group(bot, double)
    double.add_group(-2002, "第二党支部", type="supergroup")
    double.set_member(-2002, ADMIN, "creator")
    double.add_bot_to_group(-2002, ADMIN)
    cur = double.cursor()
    double.user_sends(-2002, ADMIN, "/bind")
    await double.wait_for(lambda m: m.chat_id == -2002, after=cur)

    cur = double.cursor()
    double.user_sends_file(
        ADMIN, ADMIN, "document", roster_xlsx([("张伟", "正式党员")]), file_name="r.csv.xlsx"
    )
    picker = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert text_of(picker) == t("roster.import.pick_group", "zh")
    assert await _entries(bot) == []
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, picker.message_id, _buttons(picker)["第二党支部"])
    preview = await double.wait_for(
        lambda m: m.chat_id == ADMIN and bool(m.reply_markup), after=cur
    )
    assert text_of(preview).startswith("第二党支部 花名册导入预览：新增 1 人")
    await press(double, ADMIN, ADMIN, preview.message_id, _buttons(preview)["✅ 确认导入"])
    await double.wait_until(
        lambda: bool(double.edits) and double.edits[-1].message_id == preview.message_id
    )
    await settled(bot)
    async with bot.services.db.reading() as s:
        second = (await s.scalars(select(Group.id).where(Group.chat_id == -2002))).one()
    assert [(e.name, e.group_id) for e in await _entries(bot)] == [("张伟", second)]


async def test_a_press_the_roster_refuses_now_shows_the_refusal(
    bot: RunningBot, double: TelegramDouble
) -> None:
    """An entry deleted since the list was sent (its card, its relinking), and the group's
    未在花名册 after /unbind: the press is answered once, with the refusal as an alert."""
    await bound_group(bot, double, members=1)
    await _import(bot, [("张伟", "正式党员")])
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/roster")
    listing = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    buttons = _buttons(listing)
    entry_id = int(buttons["⚪ 张伟"].rsplit(":", 1)[1])
    async with bot.services.db.transaction() as s:
        await s.delete(await s.get_one(RosterEntry, entry_id))
    gone = t("roster.entry_gone", "zh")
    assert await press(double, ADMIN, ADMIN, listing.message_id, buttons["⚪ 张伟"]) == gone
    relink = callback_data.roster(RosterAction.RELINK, entry_id)  # the card's button
    assert await press(double, ADMIN, ADMIN, listing.message_id, relink, check=False) == gone

    await say(double, GROUP, ADMIN, "/unbind")
    answer = await press(double, ADMIN, ADMIN, listing.message_id, buttons["未在花名册 (2)"])
    assert answer == t("roster.not_secretary", "zh")


async def test_a_roster_file_without_names_is_refused_where_refusals_are_rendered(
    bot: RunningBot, double: TelegramDouble, caplog: pytest.LogCaptureFixture
) -> None:
    """Read, then refused (not before download, as a big file is): the same way, by
    handlers.common.reply_error, which logs every refusal."""
    caplog.set_level(logging.INFO, logger="handlers.common")
    await bound_group(bot, double)
    cur = double.cursor()
    double.user_sends_file(ADMIN, ADMIN, "document", b"a,b\n1,2\n", file_name="r.csv")
    refusal = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert text_of(refusal) == t("roster.no_name_column", "zh")
    assert f"refused roster.no_name_column for user {ADMIN}" in caplog.text
    assert await _entries(bot) == []
