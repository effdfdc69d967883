"""The 机关党委's view in the Mini App at a phone's width: a committee admin who runs no branch
sees every branch's figures and a total, and no name or note; a branch secretary not on the
committee gets the refusal, and its API no data."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from bot.core.clock import FakeClock
from bot.core.config import CommitteeSettings, Settings
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from tests.e2e.test_committee import CHAIR, three_branches
from tests.support.browser import init_data_for, launch_fragment, phone_page
from tests.support.harness import ADMIN, RunningBot, web_server

SHOTS = os.environ.get("MICROLESSON_SCREENSHOTS", "")
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    committee = CommitteeSettings(name="机关党委", admins=[CHAIR])
    return settings.model_copy(update={"committee": committee})


async def test_the_committee_view_shows_figures_for_every_branch_and_no_names(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    await three_branches(bot, double, ogg)
    clock.set(datetime(2026, 3, 20, 9, 0, tzinfo=SHANGHAI))
    chair = init_data_for(CHAIR, now=clock.now())
    async with web_server(bot) as base, phone_page() as page:
        await page.goto(f"{base}/app/committee{launch_fragment(chair)}")
        await page.wait_for_function("['1', 'refused'].includes(document.body.dataset.ready)")
        assert await page.evaluate("document.body.dataset.ready") == "1"
        assert await page.locator("#title").inner_text() == "机关党委 · 各支部汇总"
        titles = [x.strip() for x in await page.locator(".branch h2").all_inner_texts()]
        assert titles == ["第一党支部", "第二党支部", "第三党支部", "合计（3 个支部）"]
        first = [
            x.strip()
            for x in await page.locator(".branch").nth(0).locator(".value").all_inner_texts()
        ]
        # As /committee says: 1 lesson, 50%, 1 note, 三会一课 0/11, 3 of 4 linked.
        assert first == ["1", "50%", "1", "0/11", "3/4"]
        total = [x.strip() for x in await page.locator(".branch.total .value").all_inner_texts()]
        assert total == ["3", "33%", "1", "0/27", "3/4"]
        body = await page.locator("body").inner_text()
        for word in ("李红", "张三", "赵四", "王建国", "党员", "受益匪浅"):
            assert word not in body
        assert await page.evaluate("document.documentElement.scrollWidth") <= 390
        if SHOTS:
            await page.screenshot(path=str(Path(SHOTS) / "miniapp-committee.png"), full_page=True)

        # A branch secretary not on the committee: the refusal, and no data from the API.
        secretary = init_data_for(ADMIN, now=clock.now())
        other = await page.context.new_page()  # a fresh load: only the fragment would differ
        await other.goto(f"{base}/app/committee{launch_fragment(secretary)}")
        await other.wait_for_function("document.body.dataset.ready === 'refused'")
        refusal = t("committee.not_admin", "zh", name="机关党委")
        assert await other.locator("#status").inner_text() == refusal
        async with (
            aiohttp.ClientSession() as http,
            http.get(
                f"{base}/api/committee/month", headers={"Authorization": f"tma {secretary}"}
            ) as answer,
        ):
            assert answer.status == 403
            assert await answer.json() == {"error": "committee.not_admin", "message": refusal}
