"""Heard intervals: merged on the server, refused when absurd, one device at a time, and a
listen (source player) with its share once enough was heard. Storage on both databases."""

from __future__ import annotations

import asyncio
import math
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from bot.core.clock import FakeClock
from bot.core.scoring import ListenSource
from bot.engagement.evidence import Earned, Evidence, lesson_infos
from bot.engagement.heard import (
    MAX_KEPT_SPANS,
    REPORT_BURST,
    HeardReason,
    HeardRefused,
    heard_seconds,
    kept,
    merge,
    parse_spans,
    share_of,
)
from bot.sandbox.double import TelegramDouble
from tests.support.harness import RunningBot, bound_group
from tests.support.player import heard_share, lesson_out, player_listen, points_for


def test_merge_is_the_union_of_half_open_spans() -> None:
    assert merge([(5, 8), (0, 2), (1, 3), (3, 4), (7, 9)]) == [(0, 4), (5, 9)]
    assert merge([]) == []
    assert share_of(merge([(0, 6), (0, 6), (3, 9)]), 12) == 0.75


def test_kept_spans_are_bounded_to_the_longest_and_never_gain_a_second() -> None:
    scraps = [(i * 0.01, i * 0.01 + 0.004) for i in range(MAX_KEPT_SPANS + 50)]
    spans = kept([*scraps, (100.0, 101.0), (0.0, 0.0001)])
    assert len(spans) == MAX_KEPT_SPANS and (100.0, 101.0) in spans
    assert spans == sorted(spans)
    assert heard_seconds(spans) <= heard_seconds(merge([*scraps, (100.0, 101.0)]))


def test_reported_spans_are_clamped_and_absurd_ones_refused() -> None:
    assert parse_spans([[0, 5], [4, 12.5], [11, 11]], 12.0) == [(0.0, 5.0), (4.0, 12.0)]
    for bad in (
        "0-5",
        [[0]],
        [[-1, 2]],
        [[3, 2]],
        [[0, math.nan]],
        [[0, math.inf]],
        [[0, 1000]],
        [["0", "2"]],
        [[True, 2]],
        [[0, 1]] * 501,
    ):
        with pytest.raises(HeardRefused) as refused:
            parse_spans(bad, 12.0)
        assert (refused.value.reason, refused.value.key) == (
            HeardReason.BAD_REPORT,
            "web.bad_report",
        )


@pytest.mark.both_stores
async def test_reports_merge_at_once_idempotently_and_a_newer_session_takes_over(
    bot: RunningBot, double: TelegramDouble, ogg: Path, clock: FakeClock
) -> None:
    members = await bound_group(bot, double, members=1)
    m = members[0]
    lesson_id = await lesson_out(bot, double, ogg)
    heard = bot.services.heard
    duration = (await heard.lesson(m, lesson_id)).duration
    session = await heard.open_session(m, lesson_id)
    clock.advance(timedelta(seconds=duration))  # time enough to have played it all

    # Two reports at once (two requests in flight): both spans are kept.
    first, second = await asyncio.gather(
        heard.report(m, lesson_id, session, [[0, 3]]),
        heard.report(m, lesson_id, session, [[2, 5], [6, 7]]),
    )
    assert max(first.share, second.share) == pytest.approx(6 / duration, abs=1e-3)
    # The same report again changes nothing.
    again = await heard.report(m, lesson_id, session, [[2, 5], [6, 7]])
    assert again.share == pytest.approx(6 / duration, abs=1e-3)
    assert await player_listen(bot, lesson_id, m) is None

    # Crossing the threshold records the listen with its share, points and the bonus once.
    done = await heard.report(m, lesson_id, session, [[0, duration * 0.85]])
    assert done.listened and done.new_listener
    assert await player_listen(bot, lesson_id, m) == pytest.approx(0.85, abs=1e-3)
    assert await points_for(bot, lesson_id, m) == {"listen": 1, "heard": 1}
    # The share keeps growing on the record; nothing more is earned.
    more = await heard.report(m, lesson_id, session, [[0, duration]])
    assert (more.share, more.points, more.new_listener) == (1.0, 0, False)
    assert await player_listen(bot, lesson_id, m) == 1.0
    assert await points_for(bot, lesson_id, m) == {"listen": 1, "heard": 1}

    # A second page open takes over: the first one's reports are refused.
    newer = await heard.open_session(m, lesson_id)
    with pytest.raises(HeardRefused) as refused:
        await heard.report(m, lesson_id, session, [[0, 1]])
    assert refused.value.reason is HeardReason.TAKEN_OVER
    assert (await heard.report(m, lesson_id, newer, [[0, 1]])).share == 1.0
    assert await heard_share(bot, lesson_id, m) == 1.0


@pytest.mark.both_stores
async def test_an_earlier_listen_keeps_its_points_and_the_player_adds_only_the_bonus(
    bot: RunningBot, double: TelegramDouble, ogg: Path, clock: FakeClock
) -> None:
    members = await bound_group(bot, double, members=1)
    m = members[0]
    lesson_id = await lesson_out(bot, double, ogg)
    listens = bot.services.listens

    def pressed(s: Session) -> Earned:
        # The ✅ press's evidence (opening the link no longer counts: see test_note_anywhere).
        infos = lesson_infos(s, {lesson_id})
        evidence = Evidence(lesson_id, infos[lesson_id].group_id, m, ListenSource.BUTTON)
        return listens.record_in(s, [evidence], clock.now(), infos)[0]

    earlier = await bot.services.db.run_in_transaction(pressed)
    assert earlier.points == 1
    heard = bot.services.heard
    session = await heard.open_session(m, lesson_id)
    clock.advance(timedelta(seconds=6))  # 12 s at 2x
    result = await heard.report(m, lesson_id, session, [[0, 12]])
    assert result.listened and not result.new_listener
    assert await points_for(bot, lesson_id, m) == {"listen": 1, "heard": 1}


@pytest.mark.both_stores
async def test_reports_at_once_beyond_the_burst_are_refused_as_too_frequent(
    bot: RunningBot, double: TelegramDouble, ogg: Path, clock: FakeClock
) -> None:
    (m,) = await bound_group(bot, double, members=1)
    lesson_id = await lesson_out(bot, double, ogg)
    heard = bot.services.heard
    session = await heard.open_session(m, lesson_id)
    clock.advance(timedelta(seconds=6))
    outcomes = await asyncio.gather(
        *(heard.report(m, lesson_id, session, [[0, 1]]) for _ in range(REPORT_BURST + 5)),
        return_exceptions=True,
    )
    refused = [o for o in outcomes if isinstance(o, HeardRefused)]
    assert len(outcomes) - len(refused) == REPORT_BURST
    assert {o.reason for o in refused} == {HeardReason.TOO_FREQUENT}
