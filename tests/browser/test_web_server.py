"""The Mini App's server and its Telegram bridge (tg.js), in a real headless browser."""

from __future__ import annotations

from tests.support.browser import init_data_for, launch_fragment, phone_page
from tests.support.harness import RunningBot, web_server


async def test_the_bridge_reads_telegrams_launch_data_and_theme(bot: RunningBot) -> None:
    now = bot.services.clock.now()
    init = init_data_for(20, now=now, start_param="l3", language_code="en")
    theme = {"bg_color": "#17212b", "text_color": "#f5f5f5", "button_color": "#5288c1"}
    async with web_server(bot) as base, phone_page() as page:
        response = await page.goto(f"{base}/api/health{launch_fragment(init, theme)}")
        assert response is not None and response.ok
        await page.add_script_tag(url=f"{base}/app/static/tg.js")
        seen = await page.evaluate(
            "() => [ML.user.id, ML.startParam, ML.lang, ML.initData,"
            " getComputedStyle(document.documentElement).getPropertyValue('--tg-bg').trim()]"
        )
    assert seen == [20, "l3", "en", init, "#17212b"]


def test_ids_from_urls_are_plain_positive_decimals() -> None:
    from web.auth import parse_id

    assert parse_id("42") == 42
    for bad in ("", "²", "-5", "--5", "1e3", " 7", "4 2", "1" * 16):
        assert parse_id(bad) is None, bad
