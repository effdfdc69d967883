"""The calendar the deployer corrects: holidays and adjusted working days from the config or a
data file, /extra for an adjusted working weekend, and a one-time notice to the secretary when
the next 30 days leave the calendar's data."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from bot.core.calendar import OfficialCalendar, Schedule, is_broadcast_day, package_years
from bot.core.clock import FakeClock
from bot.core.config import ConfigError, load_settings
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from scheduler import alerts
from storage.models import ExtraDay
from tests.support.harness import ADMIN, GROUP, bound_group, running_bot, say, settings_for, text_of

# 2027's schedule as the deployer would copy it from the State Council's notice (excerpt).
SPRING_FESTIVAL_2027 = [date(2027, 2, 8), date(2027, 2, 9), date(2027, 2, 10)]
WORKING_SATURDAY_2027 = date(2027, 2, 20)


def test_deployer_days_correct_a_year_the_package_does_not_know() -> None:
    assert 2027 not in package_years()  # why this exists: chinese-calendar stops at 2026
    calendar = OfficialCalendar(frozenset(SPRING_FESTIVAL_2027), frozenset([WORKING_SATURDAY_2027]))
    schedule = Schedule("Asia/Shanghai", time(7, 30), None, calendar=calendar)
    assert not is_broadcast_day(schedule, date(2027, 2, 8))  # a Monday, but a holiday
    assert is_broadcast_day(schedule, WORKING_SATURDAY_2027)
    assert is_broadcast_day(schedule, date(2027, 2, 11))  # a plain Thursday
    assert calendar.covers(date(2027, 6, 1)) and 2027 in calendar.years()
    assert not OfficialCalendar().covers(date(2027, 6, 1))


def test_a_calendar_file_is_merged_and_checked(tmp_path: Path) -> None:
    (tmp_path / "cal-2027.toml").write_text(
        'holidays = ["2027-02-08", "2027-02-09"]\nworkdays = ["2027-02-20"]\n', encoding="utf-8"
    )
    config = tmp_path / "config.toml"
    config.write_text(
        '[calendar]\nholidays = ["2027-01-01"]\nfile = "cal-2027.toml"\n', encoding="utf-8"
    )
    settings = load_settings(config, require_token=False)
    assert settings.calendar.holidays == [date(2027, 1, 1), date(2027, 2, 8), date(2027, 2, 9)]
    assert settings.calendar.workdays == [WORKING_SATURDAY_2027]
    (tmp_path / "cal-2027.toml").write_text('holiday = ["2027-02-08"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="holiday is not known here"):
        load_settings(config, require_token=False)
    config.write_text('[calendar]\nworkdays = ["2027-02-30"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[calendar\] workdays"):
        load_settings(config, require_token=False)


async def test_extra_makes_a_weekend_a_broadcast_day_for_admins_only(
    double: TelegramDouble, db_url: str, tmp_path: Path, clock: FakeClock
) -> None:
    async with running_bot(double, settings_for(double, db_url, tmp_path / "a"), clock) as bot:
        members = await bound_group(bot, double, members=1)
        # Monday 2026-03-02; Saturday the 7th is an adjusted working day.
        answer = await say(double, GROUP, ADMIN, "/extra 本周六")
        assert answer.startswith(
            t("settings.extra_set", "zh", day="2026年3月7日 周六", next="").split("下一次")[0]
        )
        async with bot.services.db.transaction() as s:
            assert await s.get(ExtraDay, (1, date(2026, 3, 7))) is not None
        clock.set(datetime(2026, 3, 6, 0, 0, tzinfo=UTC))  # Friday 08:00, after its slot
        view = await bot.services.group_settings.view(GROUP)
        assert view.next_slot == datetime(2026, 3, 6, 23, 30, tzinfo=UTC)  # Saturday 07:30
        assert await say(double, GROUP, ADMIN, "/extra 2026-03-07") == t(
            "settings.already_extra", "zh", day=date(2026, 3, 7)
        )
        assert await say(double, GROUP, ADMIN, "/extra 2026-03-09") == t(
            "settings.extra_not_needed", "zh", day=date(2026, 3, 9)
        )
        assert await say(double, GROUP, ADMIN, "/extra 2026-03-01") == t(
            "settings.day_in_past", "zh"
        )
        assert await say(double, GROUP, ADMIN, "/extra 3月34日") == t(
            "when.bad_date", "zh", text="3月34日"
        )
        assert await say(double, GROUP, members[0], "/extra 2026-03-14") == t(
            "settings.not_admin", "zh"
        )
        assert await say(double, GROUP, ADMIN, "/extra") == t(
            "settings.usage_skip", "zh", cmd="extra"
        )


async def test_secretary_is_told_once_when_the_calendar_runs_out(
    double: TelegramDouble, db_url: str, tmp_path: Path, clock: FakeClock
) -> None:
    settings = settings_for(double, db_url, tmp_path / "a", schedule={"weekdays": "workdays"})
    async with running_bot(double, settings, clock) as bot:
        await bound_group(bot, double)
        group_settings = bot.services.group_settings
        assert await alerts.send_calendar_gap_notices(bot.app.bot, group_settings) == 0
        clock.set(datetime(2026, 12, 10, 2, 0, tzinfo=UTC))  # 2027 is 22 days away
        cur = double.cursor()
        assert await alerts.send_calendar_gap_notices(bot.app.bot, group_settings) == 1
        notice = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
        assert text_of(notice) == t(
            "alert.calendar_gap", "zh", last=2026, day=date(2027, 1, 1), group="第一党支部"
        )
        assert await alerts.send_calendar_gap_notices(bot.app.bot, group_settings) == 0


async def test_no_notice_once_the_deployer_added_the_year(
    double: TelegramDouble, db_url: str, tmp_path: Path, clock: FakeClock
) -> None:
    settings = settings_for(
        double,
        db_url,
        tmp_path / "a",
        schedule={"weekdays": "workdays"},
        calendar={"holidays": ["2027-01-01"]},
    )
    async with running_bot(double, settings, clock) as bot:
        await bound_group(bot, double)
        clock.set(datetime(2026, 12, 10, 2, 0, tzinfo=UTC))
        assert await alerts.send_calendar_gap_notices(bot.app.bot, bot.services.group_settings) == 0
