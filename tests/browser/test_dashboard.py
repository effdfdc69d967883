"""The secretary's dashboard end to end: the real bot, the Telegram double, a real database and
Debian's chromium at a phone's width."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import aiohttp
import pytest
from playwright.async_api import Page

from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from storage.models import Heard
from tests.support.browser import init_data_for, launch_fragment, phone_page
from tests.support.dashboard_week import PLAIN_NOTE, SILENT_NAME, live_two_weeks
from tests.support.harness import (
    ADMIN,
    GROUP,
    RunningBot,
    bound_group,
    running_bot,
    say,
    settings_for,
    web_server,
)
from tests.support.members_day import broadcast_now
from tests.support.secretary_view import HTML_NOTE, documents, file_name, read_csv

# Where the screenshot goes when asked for (MICROLESSON_SCREENSHOTS=docs); CI leaves it alone.
SHOTS = os.environ.get("MICROLESSON_SCREENSHOTS", "")
SECOND = -1002


def nick(name: str) -> str:
    """A name not from the roster, as the page shows it."""
    return t("roster.fallback_name", "zh", name=name)


async def open_dashboard(page: Page, base: str, init: str, group: int | None) -> str:
    """Open the page as Telegram would and wait until it has shown its data or a refusal."""
    query = f"?group={group}" if group is not None else ""
    await page.goto(f"{base}/app/dashboard{query}{launch_fragment(init)}")
    await page.wait_for_function("['1', 'refused'].includes(document.body.dataset.ready)")
    return str(await page.evaluate("document.body.dataset.ready"))


async def api(base: str, path: str, init: str | None, body: Any = None) -> tuple[int, Any]:
    headers = {"Authorization": f"tma {init}"} if init is not None else {}
    async with aiohttp.ClientSession() as http:
        method = http.get if body is None else http.post
        kwargs: dict[str, Any] = {"headers": headers}
        if body is not None:
            kwargs["json"] = body
        async with method(f"{base}{path}", **kwargs) as response:
            return response.status, await response.json()


async def texts(page: Page, selector: str) -> list[str]:
    return [str(x).strip() for x in await page.locator(selector).all_inner_texts()]


async def test_a_secretary_sees_the_weeks_figures_members_and_notes(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    weeks = await live_two_weeks(bot, double, clock, ogg)
    init = init_data_for(ADMIN, now=clock.now())
    async with web_server(bot) as base, phone_page() as page:
        assert await open_dashboard(page, base, init, weeks.group_id) == "1"
        assert await page.locator("#title").inner_text() == "学习看板 · 第一党支部"
        # Monday: 4 of 6 expected (王芳 on leave is not); Tuesday: 2 of 7. Last week: 2 of 7.
        cards = await texts(page, ".card")
        assert cards == [
            "收听率\n46%\n上周 29%",
            "收听人次\n6/13\n上周 2/7",
            "补学\n1\n上周 0",
            "心得\n2\n上周 0",
        ]
        bars = await texts(page, ".bar .count")
        assert bars == ["4/6", "2/7", "无课", "无课", "无课", "无课", "无课"]
        # By name (code point order), not by points; each cell says how, or why not.
        rows = await page.locator("#member-table tbody tr").all()
        table = [[c.strip() for c in await r.locator("td").all_inner_texts()] for r in rows]
        assert table == sorted(table, key=lambda r: r[0])
        by_name = {r[0]: r[1:] for r in table}
        # No roster in this branch: every name is a Telegram name, marked as such; 赵磊 never
        # opened the private chat (未开通推送).
        assert by_name == {
            nick("刘洋"): ["按钮", "未收听", "1/2"],
            nick("张伟"): ["按钮", "按钮", "2/2"],
            nick("李娜"): ["心得", "心得", "2/2"],
            nick("王书记"): ["未收听", "未收听", "0/2"],
            nick("王芳"): ["请假", "未收听", "0/1"],
            nick("赵磊"): ["未开通推送", "未开通推送", "0/2"],
            nick("陈静"): ["按钮\n补学", "未收听", "1/2"],
        }
        # Notes: latest first, shown as text — the HTML in 李娜's is not markup.
        notes = await texts(page, "#note-list .note-text")
        assert notes == [PLAIN_NOTE, HTML_NOTE]
        assert await page.locator("#note-list b, #note-list a, #note-list script").count() == 0
        assert await page.evaluate("document.documentElement.scrollWidth") <= 390
        if SHOTS:
            await page.screenshot(path=str(Path(SHOTS) / "miniapp-dashboard.png"), full_page=True)
    assert nick(SILENT_NAME) in by_name


async def test_a_member_gets_the_refusal_and_the_api_gives_no_data(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    weeks = await live_two_weeks(bot, double, clock, ogg)
    member = init_data_for(20, now=clock.now())
    refusal = t("web.dash.not_secretary", "zh")
    async with web_server(bot) as base, phone_page() as page:
        assert await open_dashboard(page, base, member, weeks.group_id) == "refused"
        assert await page.locator("#status").inner_text() == refusal
        assert await page.locator("section:visible").count() == 0
        assert "张伟" not in await page.locator("body").inner_text()
        for path in (f"/api/dashboard/week?group={weeks.group_id}", "/api/dashboard/week"):
            assert await api(base, path, member) == (
                403,
                {"error": "web.dash.not_secretary", "message": refusal},
            )
        sent = double.cursor()
        status, body = await api(
            base, "/api/dashboard/ledger", member, {"group": weeks.group_id, "month": "2026-03"}
        )
        assert (status, body["error"]) == (403, "web.dash.not_secretary")
        # The secretary asking for a group that is not theirs gets the same sentence.
        secretary = init_data_for(ADMIN, now=clock.now())
        status, body = await api(base, f"/api/dashboard/week?group={weeks.group_id + 1}", secretary)
        assert (status, body["message"]) == (403, refusal)
    assert documents(double, 20, sent) == []


async def test_forged_or_stale_init_data_is_refused(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    weeks = await live_two_weeks(bot, double, clock, ogg)
    genuine = init_data_for(ADMIN, now=clock.now())
    fields = dict(parse_qsl(genuine))
    fields["user"] = fields["user"].replace(f'"id":{ADMIN}', '"id":20')
    forged = urlencode(fields)
    stale = init_data_for(ADMIN, now=clock.now() - _hours(bot, 2))
    path = f"/api/dashboard/week?group={weeks.group_id}"
    async with web_server(bot) as base, phone_page() as page:
        assert await api(base, path, None) == (
            401,
            {"error": "web.unauthorized", "message": t("web.unauthorized", "zh")},
        )
        assert (await api(base, path, forged))[0] == 401
        assert await api(base, path, stale) == (
            401,
            {"error": "web.stale", "message": t("web.stale", "zh")},
        )
        status, _ = await api(base, "/api/dashboard/ledger", forged, {"group": weeks.group_id})
        assert status == 401
        assert await open_dashboard(page, base, stale, weeks.group_id) == "refused"
        assert await page.locator("#status").inner_text() == t("web.stale", "zh")
        assert (await api(base, path, genuine))[0] == 200


def _hours(bot: RunningBot, n: int) -> timedelta:
    """Older than initData may be, by n hours."""
    return timedelta(seconds=bot.services.settings.web.init_data_max_age) + timedelta(hours=n)


async def test_the_ledger_button_sends_the_months_files_to_the_private_chat(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    weeks = await live_two_weeks(bot, double, clock, ogg)
    init = init_data_for(ADMIN, now=clock.now())
    async with web_server(bot) as base, phone_page() as page:
        assert await open_dashboard(page, base, init, weeks.group_id) == "1"
        before = double.cursor()
        await page.locator("#ledger-this").click()
        await page.wait_for_function("document.getElementById('ledger-status').dataset.sent")
        said = await page.locator("#ledger-status").inner_text()
    assert said == t("web.dash.ledger_sent", "zh", month="2026-03")
    sent = documents(double, ADMIN, before)
    assert [file_name(m) for m, _ in sent] == [
        "学习台账-第一党支部-2026-03.csv",
        "学习台账-第一党支部-2026-03.xlsx",
    ]
    rows = read_csv(sent[0][1])
    assert {int(r["lesson_id"]) for r in rows} == {weeks.monday, weeks.tuesday}
    assert len(rows) == 14  # two lessons × seven members


async def test_a_members_player_share_shows_as_heard_or_not_never_as_a_percentage(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    """A member's own progress is theirs: the secretary sees heard or not heard, and neither
    the page nor its data carries the player's share."""
    weeks = await live_two_weeks(bot, double, clock, ogg)
    now = clock.now()
    async with bot.services.db.transaction() as s:
        for lesson_id, share in ((weeks.monday, 0.92), (weeks.tuesday, 0.4)):
            s.add(
                Heard(
                    lesson_id=lesson_id,
                    user_id=23,  # 刘洋: Monday in private chat, Tuesday not
                    session="s",
                    spans="[]",
                    share=share,
                    opened_at=now,
                    heard_at_open=0.0,
                    created_at=now,
                    updated_at=now,
                )
            )
    init = init_data_for(ADMIN, now=clock.now())
    async with web_server(bot) as base, phone_page() as page:
        status, board = await api(base, f"/api/dashboard/week?group={weeks.group_id}", init)
        assert status == 200
        cells = [c for m in board["members"] for c in m["cells"] if c is not None]
        assert cells and not any("heard_share" in c for c in cells)
        assert await open_dashboard(page, base, init, weeks.group_id) == "1"
        row = page.locator("#member-table tbody tr", has_text="刘洋")
        assert [c.strip() for c in await row.locator("td").all_inner_texts()] == [
            nick("刘洋"),
            "按钮",
            "未收听",
            "1/2",
        ]
        assert "%" not in await page.locator("#member-table").inner_text()


async def test_a_secretary_of_two_groups_switches_between_them(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    weeks = await live_two_weeks(bot, double, clock, ogg)
    double.add_group(SECOND, "第二党支部", type="supergroup")
    double.set_member(SECOND, ADMIN, "creator")
    double.add_bot_to_group(SECOND, ADMIN)
    await say(double, SECOND, ADMIN, "/bind")
    second = await bot.services.groups.get(SECOND)
    assert second is not None
    init = init_data_for(ADMIN, now=clock.now())
    async with web_server(bot) as base, phone_page() as page:
        assert await open_dashboard(page, base, init, weeks.group_id) == "1"
        assert await texts(page, "#group option") == ["第一党支部", "第二党支部"]
        await page.locator("#group").select_option(str(second.id))
        await page.wait_for_function("document.body.dataset.ready === '1'")
        await page.wait_for_function(
            "document.getElementById('title').textContent.includes('第二党支部')"
        )
        assert await page.locator("#members-empty").inner_text() == t("web.dash.no_members", "zh")
        assert await page.locator("#member-table tbody tr").count() == 0
        assert f"group={second.id}" in page.url


@pytest.mark.parametrize(
    "public_url", ["", "http://lesson.example.org", "https://lesson.example.org"]
)
async def test_the_private_report_carries_the_dashboard_button_when_the_app_is_public(
    double: TelegramDouble,
    db_url: str,
    tmp_path: Path,
    clock: FakeClock,
    ogg: Path,
    public_url: str,
) -> None:
    settings = settings_for(double, db_url, tmp_path / "audio", web={"public_url": public_url})
    async with running_bot(double, settings, clock) as bot:
        await bound_group(bot, double, members=1)
        await broadcast_now(bot, double, ogg)
        group = await bot.services.groups.get(GROUP)
        assert group is not None
        cur = double.cursor()
        double.user_sends(ADMIN, ADMIN, "/report")
        named = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
        cur = double.cursor()
        double.user_sends(GROUP, ADMIN, "/report")
        in_group = await double.wait_for(lambda m: m.chat_id == GROUP, after=cur)
    buttons = [b for row in (named.reply_markup or {}).get("inline_keyboard", []) for b in row]
    if public_url.startswith("https://"):  # Telegram opens Mini Apps over HTTPS only
        assert buttons == [
            {
                "text": t("button.dashboard", "zh"),
                "web_app": {"url": f"{public_url}/app/dashboard?group={group.id}"},
            }
        ]
    else:
        assert buttons == []
    assert in_group.reply_markup is None  # web_app buttons work only in private chats
