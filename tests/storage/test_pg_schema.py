"""The PostgreSQL fixture works in a schema of its own and the app follows the URL into it."""

from __future__ import annotations

import asyncio
import sys
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from storage.db import Database, _server_settings
from tests.conftest import pg_schema, require_postgres


def test_options_in_the_url_become_server_settings() -> None:
    url, settings = _server_settings(
        "postgresql+asyncpg://u@h:5432/d?options=-csearch_path%3Dmine%20-c%20work_mem%3D8MB"
    )
    assert settings == {"search_path": "mine", "work_mem": "8MB"}
    assert str(url) == "postgresql+asyncpg://u@h:5432/d"
    assert _server_settings("postgresql+asyncpg://u@h/d") == ("postgresql+asyncpg://u@h/d", {})
    with pytest.raises(ValueError, match="options"):
        _server_settings("postgresql+asyncpg://u@h/d?options=-csearch_path")


async def _tables(schema: str) -> set[str]:
    engine = create_async_engine(require_postgres())
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT table_name FROM information_schema.tables WHERE table_schema = :s"),
                {"s": schema},
            )
            return {r[0] for r in rows}
    finally:
        await engine.dispose()


@pytest.mark.postgres
async def test_the_app_and_its_migrations_live_in_the_test_schema(db: Database) -> None:
    async with db.transaction() as s:
        schema = str(await s.scalar(text("SELECT current_schema()")))
    assert schema.startswith("test_") and schema != "public"
    tables = await _tables(schema)
    assert {"lessons", "deliveries", "members", "alembic_version"} <= tables
    # Not asserted: an empty `public`; the server is shared and may hold anything there.


@pytest.mark.postgres
async def test_the_fixture_drops_only_the_schema_it_made() -> None:
    server = require_postgres()
    keep = f"keep_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(server, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f'CREATE TABLE public."{keep}" (x int)'))
        async with pg_schema(server) as url:
            database = Database(url)
            await database.migrate()
            await database.dispose()
            made = url.rsplit("%3D", 1)[1]
            assert "lessons" in await _tables(made)
        assert await _tables(made) == set()
        assert keep in await _tables("public")
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP TABLE IF EXISTS public."{keep}"'))
        await admin.dispose()


@pytest.mark.postgres
async def test_two_instances_starting_together_on_an_empty_schema_both_migrate(
    db_url: str,
) -> None:
    """Two processes (Alembic's context is one per process) migrate the same empty schema at
    once: the second waits for the first's migration, then finds the schema current."""
    script = "import asyncio, sys; from storage.db import Database; "
    script += "asyncio.run(Database(sys.argv[1]).migrate())"
    runs = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            script,
            db_url,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        for _ in range(3)
    ]
    outputs = await asyncio.wait_for(asyncio.gather(*(r.communicate() for r in runs)), 120)
    failures = [out.decode() for (out, _), r in zip(outputs, runs, strict=True) if r.returncode]
    assert not failures, failures[0][-2000:]
    database = Database(db_url)
    try:
        async with database.transaction() as s:
            versions = list(await s.scalars(text("SELECT version_num FROM alembic_version")))
    finally:
        await database.dispose()
    assert len(versions) == 1
