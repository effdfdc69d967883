"""Rows written into an older schema (migration tests): raw SQL, since the ORM's models have
the columns of the newest schema."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


async def insert_group(s: AsyncSession, chat_id: int, now: datetime) -> int:
    """A group with the columns every schema since 0001 has; returns its id."""
    stored = now.replace(tzinfo=None)  # raw SQL: naive UTC, as UTCDateTime stores it
    await s.execute(
        text(
            "INSERT INTO groups (chat_id, title, chat_type, bot_status, bound, timezone,"
            " broadcast_time, weekdays, reminder_time, pin_broadcast, leaderboard,"
            " created_at, updated_at) VALUES (:chat, '党支部', 'group', 'member', false,"
            " 'Asia/Shanghai', '07:30', 'mon,tue,wed,thu,fri', '20:00', false, false,"
            " :now, :now)"
        ),
        {"chat": chat_id, "now": stored},
    )
    found = await s.scalar(text("SELECT id FROM groups WHERE chat_id = :chat"), {"chat": chat_id})
    return int(found)


async def insert_member(s: AsyncSession, user_id: int, name: str, now: datetime) -> None:
    """A member with the columns every schema since 0001 has."""
    await s.execute(
        text(
            "INSERT INTO members (user_id, first_name, started, subscribed, reachable,"
            " created_at, updated_at) VALUES (:u, :name, false, false, true, :now, :now)"
        ),
        {"u": user_id, "name": name, "now": now.replace(tzinfo=None)},
    )
