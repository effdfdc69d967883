"""The study ledger end to end: /export sends CSV and XLSX that match the recorded month exactly,
only to the group's secretaries; `microlesson export` writes the same from the shell."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.support import write_config
from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from bot.secretary import ledger_workbook
from bot.secretary.ledger import COLUMNS, parse_month
from bot.secretary.ledger_files import write_xlsx
from tests.support.harness import ADMIN, GROUP, RunningBot, say, settled, text_of
from tests.support.secretary_view import (
    FORMULA_NOTE,
    HTML_NOTE,
    LATE_JOINER,
    documents,
    expected_rows,
    file_name,
    live_a_month,
    read_csv,
    read_xlsx,
    xlsx_types,
)
from tests.support.workbook_view import (
    LEDGER_HEADERS,
    LESSON_HEADERS,
    as_workbook_row,
    ledger_dicts,
    lesson_figures,
    month_sentence,
    read_workbook,
)

ROOT = Path(__file__).parents[2]
OUTSIDER = 77
OTHER_GROUP = -2002

# 成员汇总 below its sentence: no Telegram id; 应学 leaves out 请假 and 已退群或转出.
# The branch has no roster: Telegram names, marked as such.
SUMMARY = [
    [
        "姓名",
        "类别",
        "党小组",
        "应学",
        "已学",
        "补学",
        "参学率",
        "心得",
        "积分",
        "最长连续",
        "请假天数",
    ],
    ["王书记（昵称）", None, None, 2, 0, 0, 0, 0, 0, 0, 0],
    # Left after lesson 2 went out, without listening: not expected on it.
    ["党员0（昵称）", None, None, 1, 1, 0, 1, 0, 1, 1, 0],
    ["党员1（昵称）", None, None, 2, 2, 0, 1, 2, 6, 2, 0],
    # On leave for lesson 1 (passed over), made up lesson 2.
    ["党员2（昵称）", None, None, 1, 1, 1, 1, 0, 1, 1, 1],
    ["新党员（昵称）", None, None, 1, 1, 0, 1, 0, 1, 1, 0],
]


@pytest.mark.both_stores
async def test_the_exported_ledger_matches_the_recorded_month_exactly(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    month = await live_a_month(bot, double, clock, ogg)
    want = expected_rows(month)

    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/export 2026-03")
    await double.wait_until(lambda: len(documents(double, ADMIN, cur)) == 2, timeout=15)
    (csv_msg, csv_bytes), (xlsx_msg, xlsx_bytes) = documents(double, ADMIN, cur)
    assert file_name(csv_msg) == "学习台账-第一党支部-2026-03.csv"
    assert file_name(xlsx_msg) == "学习台账-第一党支部-2026-03.xlsx"
    sentence = month_sentence(want, "第一党支部")
    assert (
        sentence
        == "2026年3月 第一党支部 共推送微党课 2 期，应学 5 人，平均参学率 71%，提交学习心得 2 篇。"
    )
    caption = t("export.caption", "zh", group="第一党支部", month="2026-03", lessons=2, rows=9)
    assert text_of(csv_msg) == caption + "\n" + sentence

    rows = read_csv(csv_bytes)
    assert tuple(rows[0].keys()) == COLUMNS
    # CSV: a note that starts like a formula gets the apostrophe; everything else verbatim.
    csv_want = [
        r | {"reflection": "'" + FORMULA_NOTE} if r["reflection"] == FORMULA_NOTE else r
        for r in want
    ]
    assert rows == csv_want
    assert any(r["reflection"] == HTML_NOTE for r in rows)

    # The workbook, for people: Chinese headers and words, local times to the minute, the
    # person's 姓名 first and no Telegram id; every text verbatim, as a string cell.
    book = read_workbook(xlsx_bytes)
    # No activity day this month; the year's 三会一课 is always there.
    assert list(book) == ["学习台账", "成员汇总", "课程汇总", "三会一课"]
    assert [str(h) for h in book["学习台账"][0]] == LEDGER_HEADERS
    assert ledger_dicts(book["学习台账"]) == [as_workbook_row(r, fallback=True) for r in want]
    # 党员2's make-up, at 09:00 Shanghai time on 4 March.
    assert "2026-03-04 09:00" in {r["收听时间"] for r in ledger_dicts(book["学习台账"])}
    assert xlsx_types(xlsx_bytes, FORMULA_NOTE) == {"s"}
    summary = book["成员汇总"]
    # (members in the order the read gives them: pinned in tests/unit/test_ledger_workbook.py)
    assert summary[0][0] == sentence and summary[1] == SUMMARY[0]
    assert sorted(summary[2:], key=str) == sorted(SUMMARY[1:], key=str)
    lessons = book["课程汇总"]
    assert lessons[0][0] == sentence and lessons[1] == LESSON_HEADERS
    assert lessons[2:] == lesson_figures(want)
    ids = {str(ADMIN), *(str(uid) for uid in month.members), str(LATE_JOINER)}
    assert not ids & {str(v) for sheet in book.values() for row in sheet for v in row}


async def test_an_outsider_or_a_plain_member_gets_a_refusal_and_no_document(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    await live_a_month(bot, double, clock, ogg)
    double.add_user(OUTSIDER, "外人")
    cur = double.cursor()
    assert await say(double, OUTSIDER, OUTSIDER, "/export") == t("export.not_secretary", "zh")
    assert await say(double, 21, 21, "/export 2026-03") == t("export.not_secretary", "zh")
    assert await say(double, GROUP, 21, "/export") == t("export.private_only", "zh")
    assert await say(double, GROUP, ADMIN, "/export") == t("export.private_only", "zh")
    assert await say(double, ADMIN, ADMIN, "/export 2026-13") == t("export.bad_month", "zh")
    assert await say(double, ADMIN, ADMIN, "/export march") == t("export.bad_month", "zh")
    await settled(bot)
    assert not [m for m in double.sent[cur:] if m.method == "sendDocument"]


async def test_a_secretary_of_two_groups_picks_one_and_forged_picks_are_refused(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    await live_a_month(bot, double, clock, ogg)
    double.add_group(OTHER_GROUP, "第二党支部", type="supergroup")
    double.set_member(OTHER_GROUP, ADMIN, "creator")
    double.add_bot_to_group(OTHER_GROUP, ADMIN)
    await say(double, OTHER_GROUP, ADMIN, "/bind")
    double.add_group(-3003, "第三党支部", type="supergroup")
    double.set_member(-3003, 21, "creator")
    double.add_bot_to_group(-3003, 21)
    await say(double, -3003, 21, "/bind")

    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/export 2026-03")
    picker = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert text_of(picker) == t("export.pick_group", "zh", month="2026-03")
    assert picker.reply_markup is not None
    buttons = [row[0] for row in picker.reply_markup["inline_keyboard"]]
    assert [b["text"] for b in buttons] == ["第一党支部", "第二党支部"]

    # Forged: a group the presser does not run, and data that is no export at all.
    third = await bot.services.groups.get(-3003)
    assert third is not None
    for data in (f"exp:{third.id}:2026-03", "exp:1:2026-13", "exp:x"):
        qid = double.press_button(ADMIN, ADMIN, picker.message_id, data, check=False)
        await double.wait_until(lambda q=qid: q in double.callback_answers)  # type: ignore[misc]
        answer = double.callback_answers[qid]
        assert answer["show_alert"]
        assert answer["text"] in (t("export.not_secretary", "zh"), t("button.forged", "zh"))
    await settled(bot)
    assert not documents(double, ADMIN, cur)

    double.press_button(ADMIN, ADMIN, picker.message_id, buttons[0]["callback_data"])
    await double.wait_until(lambda: len(documents(double, ADMIN, cur)) == 2, timeout=15)
    names = [file_name(m) for m, _ in documents(double, ADMIN, cur)]
    assert names == ["学习台账-第一党支部-2026-03.csv", "学习台账-第一党支部-2026-03.xlsx"]


def _export(config: Path, group: str, out: Path, *more: str) -> subprocess.CompletedProcess[str]:
    args = ["export", "--config", str(config), "--group", group, "--month", "2026-03", *more]
    return subprocess.run(
        [sys.executable, "-m", "bot.app.cli", *args, "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


async def test_the_shell_export_writes_the_same_ledger_by_suffix(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path, tmp_path: Path
) -> None:
    month = await live_a_month(bot, double, clock, ogg)
    config = write_config(tmp_path, double, bot.services.settings.storage.url)
    out_csv, out_xlsx = tmp_path / "march.csv", tmp_path / "march.xlsx"
    for out in (out_csv, out_xlsx):
        done = _export(config, str(GROUP), out)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip().endswith("9 rows, 2 lessons (第一党支部, 2026-03)")
    want = expected_rows(month)
    assert read_csv(out_csv.read_bytes()) == [
        r | {"reflection": "'" + FORMULA_NOTE} if r["reflection"] == FORMULA_NOTE else r
        for r in want
    ]
    assert ledger_dicts(read_workbook(out_xlsx.read_bytes())["学习台账"]) == [
        as_workbook_row(r, fallback=True) for r in want
    ]

    # --party-group: one 党小组's rows, named in the sentence; an unknown one is refused.
    group = await bot.services.groups.get(GROUP)
    assert group is not None
    person = await bot.services.roster.add(ADMIN, group.id, "党员1", account=month.members[1])
    assert person.entry_id is not None
    await bot.services.roster.move(ADMIN, person.entry_id, "第一党小组")
    one = tmp_path / "one.xlsx"
    done = _export(config, str(GROUP), one, "--party-group", "第一党小组")
    assert done.returncode == 0, done.stderr
    book = read_workbook(one.read_bytes())
    assert str(book["课程汇总"][0][0]).startswith("2026年3月 第一党支部 第一党小组 ")
    assert {r["姓名"] for r in ledger_dicts(book["学习台账"])} <= {"党员1"}
    unknown = _export(config, str(GROUP), tmp_path / "y.csv", "--party-group", "第九党小组")
    assert unknown.returncode == 2
    assert "no 党小组 '第九党小组'" in unknown.stderr and "第一党小组" in unknown.stderr
    assert not (tmp_path / "y.csv").exists()

    bad = _export(config, "-999", tmp_path / "x.csv")
    assert bad.returncode == 2
    assert "no group -999" in bad.stderr and "-1001 (第一党支部)" in bad.stderr
    assert not (tmp_path / "x.csv").exists()


async def test_the_fast_xlsx_row_writer_writes_what_openpyxls_own_path_writes(
    bot: RunningBot,
    double: TelegramDouble,
    clock: FakeClock,
    ogg: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await live_a_month(bot, double, clock, ogg)
    group = (await bot.services.secretaries.groups_of(ADMIN))[0]
    data = await bot.services.ledger.load(group, parse_month("2026-03"))
    fast, plain = tmp_path / "fast.xlsx", tmp_path / "plain.xlsx"
    write_xlsx(data, fast)
    monkeypatch.setattr(ledger_workbook, "_write_fast", lambda sheet, rows: False)
    write_xlsx(data, plain)
    assert read_xlsx(fast.read_bytes()) == read_xlsx(plain.read_bytes())
    for path in (fast, plain):
        assert xlsx_types(path.read_bytes(), FORMULA_NOTE) == {"s"}
        assert xlsx_types(path.read_bytes(), HTML_NOTE) == {"s"}


async def test_a_secretary_exports_one_party_group_by_its_button_or_by_typing_its_name(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    month = await live_a_month(bot, double, clock, ogg)
    _, b, c = month.members
    group = await bot.services.groups.get(GROUP)
    assert group is not None
    roster = bot.services.roster
    for uid, name, party_group in ((ADMIN, "王书记", "第一党小组"), (b, "党员1", "第一党小组")):
        person = await roster.add(ADMIN, group.id, name, account=uid)
        assert person.entry_id is not None
        await roster.move(ADMIN, person.entry_id, party_group)
    person = await roster.add(ADMIN, group.id, "党员2", account=c)
    assert person.entry_id is not None
    await roster.move(ADMIN, person.entry_id, "第二党小组")

    # Buttons first: the whole branch or one 党小组, after the month.
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/export 2026-03")
    picker = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert text_of(picker) == t(
        "export.pick_party_group", "zh", group="第一党支部", month="2026-03"
    )
    assert picker.reply_markup is not None
    buttons = [b for row in picker.reply_markup["inline_keyboard"] for b in row]
    assert [b["text"] for b in buttons] == ["全支部", "第一党小组", "第二党小组"]
    assert not documents(double, ADMIN, cur)

    # A forged index (no such 党小组) is refused and sends nothing.
    forged = f"exg:{group.id}:2026-03:9"
    qid = double.press_button(ADMIN, ADMIN, picker.message_id, forged, check=False)
    await double.wait_until(lambda: qid in double.callback_answers)
    assert double.callback_answers[qid]["text"] == t("button.forged", "zh")

    double.press_button(ADMIN, ADMIN, picker.message_id, buttons[1]["callback_data"])
    await double.wait_until(lambda: len(documents(double, ADMIN, cur)) == 2, timeout=15)
    (csv_msg, csv_bytes), (xlsx_msg, xlsx_bytes) = documents(double, ADMIN, cur)
    assert file_name(csv_msg) == "学习台账-第一党支部-第一党小组-2026-03.csv"
    assert file_name(xlsx_msg) == "学习台账-第一党支部-第一党小组-2026-03.xlsx"
    rows = read_csv(csv_bytes)
    # Only people of 第一党小组 (their party group comes from the roster-aware read).
    assert {r["member_name"] for r in rows} <= {"王书记", "党员1"}
    sentence = text_of(csv_msg).splitlines()[-1]
    assert sentence.startswith("2026年3月 第一党支部 第一党小组 共推送微党课 2 期")
    book = read_workbook(xlsx_bytes)
    assert book["成员汇总"][0][0] == book["课程汇总"][0][0] == sentence
    assert {r["姓名"] for r in ledger_dicts(book["学习台账"])} <= {"王书记", "党员1"}

    # The whole branch's button gives everyone, as /export did before.
    cur = double.cursor()
    double.press_button(ADMIN, ADMIN, picker.message_id, buttons[0]["callback_data"])
    await double.wait_until(lambda: len(documents(double, ADMIN, cur)) == 2, timeout=15)
    (csv_msg, csv_bytes), _ = documents(double, ADMIN, cur)
    assert file_name(csv_msg) == "学习台账-第一党支部-2026-03.csv"
    assert len(read_csv(csv_bytes)) == len(expected_rows(month))

    # Typed: /export 2026-03 第二党小组; an unknown name is refused, naming the ones there are.
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/export 2026-03 第二党小组")
    await double.wait_until(lambda: len(documents(double, ADMIN, cur)) == 2, timeout=15)
    (csv_msg, csv_bytes), _ = documents(double, ADMIN, cur)
    assert file_name(csv_msg) == "学习台账-第一党支部-第二党小组-2026-03.csv"
    assert {r["member_name"] for r in read_csv(csv_bytes)} <= {"党员2"}
    assert await say(double, ADMIN, ADMIN, "/export 2026-03 第九党小组") == t(
        "export.unknown_party_group", "zh", name="第九党小组", names="第一党小组、第二党小组"
    )
