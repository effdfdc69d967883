"""The ledger's times: stored UTC times as ISO 8601 in the group's zone, fast enough for a
year's rows (a UTC hour's local text worked out once)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

# A UTC time as the driver gave it: text from SQLite, a naive datetime from PostgreSQL.
RawTime = str | datetime


def _utc(value: object) -> datetime:
    """A stored UTC time as read raw: SQLite gives text, PostgreSQL a naive datetime."""
    parsed = datetime.fromisoformat(value) if isinstance(value, str) else value
    if not isinstance(parsed, datetime):
        raise TypeError(f"expected a time from the database, got {type(value).__name__}")
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


class _Hours(dict[str, tuple[str, str] | None]):
    """A UTC hour's local text, worked out on first use (one dict lookup after that)."""

    def __init__(self, work: Callable[[str], tuple[str, str] | None]) -> None:
        super().__init__()
        self._work = work

    def __missing__(self, hour: str) -> tuple[str, str] | None:
        known = self[hour] = self._work(hour)
        return known


class LocalTimes:
    """Stored UTC times as ISO 8601 in a zone, fast: a UTC hour's local text computed once.

    SQLite's text "2025-03-02 23:30:05.123456" in an hour of whole-hour offset becomes that
    hour's local "2025-03-03T07" + ":30:05" + "+08:00", by string slicing. An hour with a
    zone transition inside it, or an offset of part of an hour, is converted exactly, value
    by value (each distinct second once).
    """

    def __init__(self, zone: str) -> None:
        self._zone = ZoneInfo(zone)
        # UTC hour ("2025-03-02 23") -> (local hour "2025-03-03T07", "+08:00"), or None
        self._hours = _Hours(self._hour)
        self._seconds: dict[str, str] = {}

    def iso(self, value: RawTime | None) -> str:
        if value is None:
            return ""
        if isinstance(value, str) and len(value) >= 19:
            known = self._hours[value[:13]]
            if known is not None:
                return known[0] + value[13:19] + known[1]
            return self._exact(value[:19])
        return _utc(value).astimezone(self._zone).isoformat(timespec="seconds")

    def _exact(self, second: str) -> str:
        done = self._seconds.get(second)
        if done is None:
            if len(self._seconds) > 100_000:
                self._seconds.clear()
            local = _utc(second).astimezone(self._zone)
            done = self._seconds[second] = local.isoformat(timespec="seconds")
        return done

    def _hour(self, hour: str) -> tuple[str, str] | None:
        start = _utc(hour + ":00:00")
        first = start.astimezone(self._zone)
        last = (start + timedelta(hours=1, microseconds=-1)).astimezone(self._zone)
        offset = first.utcoffset()
        if offset is None or offset != last.utcoffset() or offset.seconds % 3600:
            return None
        text = first.isoformat(timespec="seconds")  # "2025-03-03T07:00:00+08:00"
        return text[:13], text[19:]
