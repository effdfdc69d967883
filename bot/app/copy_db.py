"""`microlesson copy-db --from URL --to URL`: move every row to another database (SQLite to
PostgreSQL as an organisation grows), migrating the target first and checking row counts."""

from __future__ import annotations

import logging

from sqlalchemy import Table, delete, func, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import Database, schema_revisions
from storage.models import Base

log = logging.getLogger(__name__)

BATCH = 1000
DRIVERS = ("sqlite+aiosqlite://", "postgresql+asyncpg://")


class CopyError(Exception):
    """The copy cannot go ahead or did not add up; the message says what to do."""


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)  # parents before children


async def _counts(conn: AsyncConnection) -> dict[str, int]:
    return {
        table.name: int(await conn.scalar(select(func.count()).select_from(table)) or 0)
        for table in _tables()
    }


async def _head_of(db: Database) -> tuple[str | None, str | None]:
    async with db.engine.connect() as conn:
        return await conn.run_sync(schema_revisions)


def _safe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


async def copy_database(source: str, target: str, *, replace: bool = False) -> dict[str, int]:
    """Copy every table; returns the row count of each. The target is written in one
    transaction: a failure leaves it as it was."""
    for url in (source, target):
        if not url.startswith(DRIVERS):
            raise CopyError(
                f"{url}: the URL must start with sqlite+aiosqlite:// or postgresql+asyncpg://"
            )
    if make_url(source) == make_url(target):
        raise CopyError("--from and --to name the same database")
    src, dst = Database(source), Database(target)
    try:
        try:
            current, head = await _head_of(src)
        except Exception as exc:
            raise CopyError(f"the source {_safe(source)} cannot be read ({exc})") from None
        if current != head:
            raise CopyError(
                f"the source {_safe(source)} is not up to date ({current}, newest {head}): run "
                "`microlesson migrate` on it first"
            )
        await dst.migrate()
        async with src.engine.connect() as reader, dst.engine.begin() as writer:
            expected = await _counts(reader)
            present = await _counts(writer)
            if any(present.values()) and not replace:
                busy = ", ".join(f"{name} ({count})" for name, count in present.items() if count)
                raise CopyError(
                    f"the target {_safe(target)} already holds rows: {busy}; pass --replace to "
                    "empty it first"
                )
            for table in reversed(_tables()):
                await writer.execute(delete(table))
            for table in _tables():
                result = await reader.stream(select(table))
                async for rows in result.mappings().partitions(BATCH):
                    await writer.execute(insert(table), [dict(r) for r in rows])
            if writer.dialect.name == "postgresql":
                await _reset_sequences(writer)
            copied = await _counts(writer)
            if copied != expected:
                wrong = [name for name in expected if copied.get(name) != expected[name]]
                raise CopyError(
                    f"row counts differ after the copy in {', '.join(wrong)}; nothing was kept"
                )
        log.info("copied %d rows from %s to %s", sum(copied.values()), _safe(source), _safe(target))
        return copied
    finally:
        await src.dispose()
        await dst.dispose()


async def _reset_sequences(conn: AsyncConnection) -> None:
    """Rows came with their ids: move each id sequence past the largest."""
    for table in _tables():
        key_columns = list(table.primary_key.columns)
        if (
            len(key_columns) != 1
            or key_columns[0].autoincrement is False
            or key_columns[0].type.python_type is not int
        ):
            continue
        column = key_columns[0].name
        seq = await conn.scalar(
            text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column}
        )
        if seq is None:
            continue
        await conn.execute(
            text(
                f'SELECT setval(:seq, COALESCE((SELECT MAX("{column}") FROM "{table.name}"), 1), '  # noqa: S608 - names from our own metadata
                f'(SELECT MAX("{column}") FROM "{table.name}") IS NOT NULL)'
            ),
            {"seq": seq},
        )
