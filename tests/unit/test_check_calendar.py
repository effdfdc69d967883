"""`microlesson check` warns about China's official calendar only where a schedule uses it."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.app.check import check_calendar
from bot.core.clock import FakeClock
from bot.core.config import Settings
from storage.models import Group

# Years ahead of any holiday table the package or the config carries: a gap within 30 days.
FAR = FakeClock(datetime(2090, 12, 20, tzinfo=UTC))


def _group(weekdays: str) -> Group:
    return Group(chat_id=-1001, title="第一党支部", bound=True, weekdays=weekdays)


def _settings(weekdays: object) -> Settings:
    return Settings.model_validate({"schedule": {"weekdays": weekdays}})


def test_no_warning_when_nothing_uses_workdays() -> None:
    [finding] = check_calendar(_settings(["mon", "wed"]), FAR, [_group("mon,tue,wed,thu,fri")])
    assert finding.ok and finding.text == 'calendar not needed: no group broadcasts on "workdays"'


def test_the_default_schedule_on_workdays_warns() -> None:
    [finding] = check_calendar(_settings("workdays"), FAR, [])
    assert not finding.ok and 'groups on "workdays" fall back' in finding.text


def test_a_bound_group_on_workdays_warns() -> None:
    [finding] = check_calendar(_settings(["mon"]), FAR, [_group("workdays")])
    assert not finding.ok and "2090-12-20 is within 30 days" in finding.text
