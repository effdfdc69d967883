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
from bot.secretary import ledger_files
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

ROOT = Path(__file__).parents[2]
OUTSIDER = 77
OTHER_GROUP = -2002

SUMMARY = [
    ["用户ID", "姓名", "应学课次", "已收听", "补学", "心得", "积分", "最长连续", "请假天数"],
    [ADMIN, "王书记", 2, 0, 0, 0, 0, 0, 0],
    [20, "党员0", 2, 1, 0, 0, 1, 1, 0],
    [21, "党员1", 2, 2, 0, 2, 6, 2, 0],
    # On leave for lesson 1 (passed over), made up lesson 2.
    [22, "党员2", 2, 1, 1, 0, 1, 1, 1],
    [LATE_JOINER, "新党员", 1, 1, 0, 0, 1, 1, 0],
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
    assert text_of(csv_msg) == t(
        "export.caption", "zh", group="第一党支部", month="2026-03", lessons=2, rows=len(want)
    )

    rows = read_csv(csv_bytes)
    assert tuple(rows[0].keys()) == COLUMNS
    # CSV: a note that starts like a formula gets the apostrophe; everything else verbatim.
    csv_want = [
        r | {"reflection": "'" + FORMULA_NOTE} if r["reflection"] == FORMULA_NOTE else r
        for r in want
    ]
    assert rows == csv_want
    assert any(r["reflection"] == HTML_NOTE for r in rows)

    ledger, summary = read_xlsx(xlsx_bytes)
    # XLSX: every text verbatim, as a string cell (Excel never evaluates it).
    assert ledger == want
    assert xlsx_types(xlsx_bytes, FORMULA_NOTE) == {"s"}
    assert summary == SUMMARY


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


def _export(config: Path, group: str, out: Path) -> subprocess.CompletedProcess[str]:
    args = ["export", "--config", str(config), "--group", group, "--month", "2026-03"]
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
    assert read_xlsx(out_xlsx.read_bytes())[0] == want

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
    monkeypatch.setattr(ledger_files, "_write_fast", lambda sheet, rows: False)
    write_xlsx(data, plain)
    assert read_xlsx(fast.read_bytes()) == read_xlsx(plain.read_bytes())
    for path in (fast, plain):
        assert xlsx_types(path.read_bytes(), FORMULA_NOTE) == {"s"}
        assert xlsx_types(path.read_bytes(), HTML_NOTE) == {"s"}
