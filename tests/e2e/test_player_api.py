"""The player's API: the member is who initData says, only in their own groups; the audio
URL works only with its token. Over real HTTP against the bot's own web server."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select

from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.engagement.heard import (
    HEARD_SLACK_SECONDS,
    MAX_KEPT_SPANS,
    PLAYBACK_RATES,
    REPORT_BURST,
    REPORT_INTERVAL_SECONDS,
)
from bot.groups.secretaries import group_ref
from bot.sandbox.double import TelegramDouble
from bot.secretary.ledger import COL, month_period
from storage.models import Heard
from tests.support.browser import init_data_for
from tests.support.harness import ADMIN, GROUP, RunningBot, bound_group, say, web_server
from tests.support.player import heard_share, lesson_out, player_listen, points_for

OTHER_GROUP = -1002


@pytest.fixture
async def base(bot: RunningBot) -> AsyncIterator[str]:
    async with web_server(bot) as url:
        yield url


async def call(
    http: aiohttp.ClientSession, url: str, init: str, body: Any = None
) -> tuple[int, Any]:
    headers = {"Authorization": f"tma {init}"}
    if body is None:
        response = await http.get(url, headers=headers)
    else:
        response = await http.post(url, headers=headers, data=json.dumps(body))
    async with response:
        return response.status, await response.json(content_type=None)


async def test_a_member_reports_only_for_themselves_and_only_in_their_own_groups(
    bot: RunningBot, double: TelegramDouble, ogg: Path, base: str, clock: FakeClock
) -> None:
    a, b = await bound_group(bot, double, members=2)
    lesson_id = await lesson_out(bot, double, ogg)
    # A second group with its own lesson, which neither member is in.
    double.add_group(OTHER_GROUP, "第二党支部", type="supergroup")
    double.set_member(OTHER_GROUP, ADMIN, "creator")
    double.add_bot_to_group(OTHER_GROUP, ADMIN)
    await say(double, OTHER_GROUP, ADMIN, "/bind")
    other_lesson = await lesson_out(bot, double, ogg, chat_id=OTHER_GROUP)

    now = bot.services.clock.now()
    init_a, init_b = init_data_for(a, now=now), init_data_for(b, now=now)
    api = f"{base}/api/lesson"
    async with aiohttp.ClientSession() as http:
        status, lesson = await call(http, f"{api}/{lesson_id}", init_a)
        assert status == 200 and lesson["heard_share"] == 0
        _, opened_a = await call(http, f"{api}/{lesson_id}/session", init_a, {})
        _, opened_b = await call(http, f"{api}/{lesson_id}/session", init_b, {})
        clock.advance(timedelta(seconds=10))  # time enough to have played what is reported
        # Whatever the body names, the report is A's: the user comes from initData only.
        body = {"session": opened_a["session"], "spans": [[0, 3]], "user_id": b, "user": b}
        status, result = await call(http, f"{api}/{lesson_id}/heard", init_a, body)
        assert status == 200 and result["heard_share"] > 0
        assert await heard_share(bot, lesson_id, a) == result["heard_share"]
        assert await heard_share(bot, lesson_id, b) == 0
        # The secretary's ledger shows each member's own share (B opened it, heard nothing).
        group = await bot.services.groups.get(GROUP)
        assert group is not None
        ledger = await bot.services.ledger.load(group_ref(group), month_period(2026, 3))
        shares = {
            row[COL["user_id"]]: row[COL["heard_share"]]
            for row in ledger.rows()
            if row[COL["lesson_id"]] == lesson_id
        }
        assert shares == {ADMIN: "", a: f"{result['heard_share']:.2f}", b: "0.00"}
        # B's session is no use to A.
        stolen = {"session": opened_b["session"], "spans": [[0, 12]]}
        status, refused = await call(http, f"{api}/{lesson_id}/heard", init_a, stolen)
        assert (status, refused["message"]) == (409, t("web.taken_over", "zh"))
        assert await heard_share(bot, lesson_id, b) == 0

        # A lesson of a group A is not in: refused, nothing written.
        for path, payload in (("", None), ("/session", {})):
            status, refused = await call(http, f"{api}/{other_lesson}{path}", init_a, payload)
            assert (status, refused["message"]) == (403, t("web.not_member", "zh"))
        assert await heard_share(bot, other_lesson, a) is None

        # A lesson that does not exist, and a malformed report.
        status, refused = await call(http, f"{api}/999999", init_a)
        assert (status, refused["error"]) == (404, "web.lesson_not_found")
        bad = {"session": opened_a["session"], "spans": [[0, float("nan")]]}
        status, refused = await call(http, f"{api}/{lesson_id}/heard", init_a, bad)
        assert (status, refused["error"]) == (400, "web.bad_report")
        async with http.post(
            f"{api}/{lesson_id}/heard", headers={"Authorization": f"tma {init_a}"}, data="{"
        ) as response:
            assert response.status == 400


async def test_the_audio_url_works_with_its_token_only_and_answers_ranges(
    bot: RunningBot, double: TelegramDouble, ogg: Path, base: str
) -> None:
    (a,) = await bound_group(bot, double, members=1)
    lesson_id = await lesson_out(bot, double, ogg)
    # A second real, published lesson: a token not bound to its lesson would open it.
    other_lesson = await lesson_out(bot, double, ogg)
    assert other_lesson != lesson_id
    init = init_data_for(a, now=bot.services.clock.now())
    async with aiohttp.ClientSession() as http:
        _, lesson = await call(http, f"{base}/api/lesson/{lesson_id}", init)
        (source,) = [s for s in lesson["audio"] if s["url"].split("?")[0].endswith("/ogg")]
        url = base + source["url"]
        async with http.get(url, headers={"Range": "bytes=0-99"}) as response:
            assert response.status == 206
            assert response.headers["Content-Type"] == "audio/ogg"
            assert response.headers["Content-Range"].startswith("bytes 0-99/")
            body = await response.read()
            assert len(body) == 100 and body[:4] == b"OggS"
        token = url.split("t=")[1]
        # The other lesson's audio is there for its own token (so a refusal below is the
        # token's doing, not a missing file).
        _, other = await call(http, f"{base}/api/lesson/{other_lesson}", init)
        (other_source,) = [s for s in other["audio"] if s["url"].split("?")[0].endswith("/ogg")]
        async with http.get(base + other_source["url"]) as response:
            assert response.status == 200
        # The token is checked before the lesson is looked up: every wrong URL is a 403.
        for wrong in (
            url.replace(f"/{lesson_id}/", f"/{other_lesson}/"),  # another lesson
            url.replace(token, token[:-1] + ("0" if token[-1] != "0" else "1")),  # forged
            url.split("?")[0],  # none
        ):
            async with http.get(wrong) as response:
                assert response.status == 403, wrong


async def test_the_report_counts_player_listens_apart_and_names_them_to_the_secretary(
    bot: RunningBot, double: TelegramDouble, ogg: Path, base: str, clock: FakeClock
) -> None:
    (a,) = await bound_group(bot, double, members=1)
    lesson_id = await lesson_out(bot, double, ogg)
    init = init_data_for(a, now=bot.services.clock.now())
    api = f"{base}/api/lesson/{lesson_id}"
    async with aiohttp.ClientSession() as http:
        _, lesson = await call(http, api, init)
        _, opened = await call(http, f"{api}/session", init, {})
        clock.advance(timedelta(seconds=lesson["duration"]))  # time enough to have played it
        whole = {"session": opened["session"], "spans": [[0, lesson["duration"]]]}
        status, result = await call(http, f"{api}/heard", init, whole)
    assert status == 200 and result == {"heard_share": 1.0, "listened": True, "points": 2}
    in_group = await say(double, GROUP, a, "/report")
    assert "播放器 1）" in in_group and "按钮 0" in in_group
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/report")
    named = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    label = t("report.label.via:player", "zh")
    assert t("report.names", "zh", label=label, names="党员0") in (named.text or "")


async def test_an_instant_full_report_is_refused_until_the_time_to_play_it_has_passed(
    bot: RunningBot, double: TelegramDouble, ogg: Path, base: str, clock: FakeClock
) -> None:
    (a,) = await bound_group(bot, double, members=1)
    lesson_id = await lesson_out(bot, double, ogg)
    init = init_data_for(a, now=clock.now())
    api = f"{base}/api/lesson/{lesson_id}"
    async with aiohttp.ClientSession() as http:
        _, lesson = await call(http, api, init)
        duration = lesson["duration"]
        _, opened = await call(http, f"{api}/session", init, {})
        whole = {"session": opened["session"], "spans": [[0, duration]]}
        # At once, and still a second before the lesson could have played at the fastest
        # speed the player offers: refused, nothing recorded, nothing earned.
        fastest = max(PLAYBACK_RATES)
        for wait in (0.0, (duration - HEARD_SLACK_SECONDS) / fastest - 1):
            clock.set(clock.now() + timedelta(seconds=wait))
            status, refused = await call(http, f"{api}/heard", init, whole)
            assert (status, refused["error"]) == (422, "web.heard_too_soon"), wait
            assert refused["message"] == t("web.heard_too_soon", "zh")
        assert await heard_share(bot, lesson_id, a) == 0
        assert await player_listen(bot, lesson_id, a) is None
        assert await points_for(bot, lesson_id, a) == {}
        # Once the time to play it at that speed has passed, the same report is taken.
        clock.advance(timedelta(seconds=1.1))
        status, result = await call(http, f"{api}/heard", init, whole)
    assert status == 200 and result == {"heard_share": 1.0, "listened": True, "points": 2}


async def test_a_session_keeps_a_bounded_number_of_spans_however_many_are_reported(
    bot: RunningBot, double: TelegramDouble, ogg: Path, base: str, clock: FakeClock
) -> None:
    (a,) = await bound_group(bot, double, members=1)
    lesson_id = await lesson_out(bot, double, ogg)
    init = init_data_for(a, now=clock.now())
    api = f"{base}/api/lesson/{lesson_id}"
    async with aiohttp.ClientSession() as http:
        _, opened = await call(http, f"{api}/session", init, {})
        clock.advance(timedelta(seconds=60))  # time enough to have heard it all
        # 40 reports of 500 tiny disjoint spans each: 20 000 spans, none touching another.
        for report in range(40):
            spans = [
                [(report + 40 * i) * 0.0005, (report + 40 * i) * 0.0005 + 0.0001]
                for i in range(500)
            ]
            clock.advance(timedelta(seconds=REPORT_INTERVAL_SECONDS))
            status, _ = await call(
                http, f"{api}/heard", init, {"session": opened["session"], "spans": spans}
            )
            assert status == 200, report
        # A real stretch of listening still counts in full next to all that dust.
        clock.advance(timedelta(seconds=REPORT_INTERVAL_SECONDS))
        status, result = await call(
            http, f"{api}/heard", init, {"session": opened["session"], "spans": [[11, 12]]}
        )
        assert status == 200 and result["heard_share"] > 0
    async with bot.services.db.reading() as s:
        stored = await s.scalar(
            select(Heard.spans).where(Heard.lesson_id == lesson_id, Heard.user_id == a)
        )
    assert stored is not None
    kept = json.loads(stored)
    assert len(kept) <= MAX_KEPT_SPANS and len(stored) < 4096, (len(kept), len(stored))
    assert [11, 12] in kept


async def test_reports_come_no_more_often_than_the_pace_allows(
    bot: RunningBot, double: TelegramDouble, ogg: Path, base: str, clock: FakeClock
) -> None:
    (a,) = await bound_group(bot, double, members=1)
    lesson_id = await lesson_out(bot, double, ogg)
    init = init_data_for(a, now=clock.now())
    api = f"{base}/api/lesson/{lesson_id}"
    async with aiohttp.ClientSession() as http:
        _, opened = await call(http, f"{api}/session", init, {})
        clock.advance(timedelta(seconds=5))
        report = {"session": opened["session"], "spans": [[0, 1]]}
        # A burst as a page makes with a few quick pauses is fine ...
        for n in range(REPORT_BURST):
            status, _ = await call(http, f"{api}/heard", init, report)
            assert status == 200, n
        # ... one more at once is refused, clearly, and the page may send it later.
        status, refused = await call(http, f"{api}/heard", init, report)
        assert (status, refused["error"]) == (429, "web.too_frequent")
        assert refused["message"] == t("web.too_frequent", "zh")
        # A refused report costs nothing: after the interval one more is taken, not two.
        clock.advance(timedelta(seconds=REPORT_INTERVAL_SECONDS))
        assert (await call(http, f"{api}/heard", init, report))[0] == 200
        assert (await call(http, f"{api}/heard", init, report))[0] == 429
