"""Shared fixtures: databases (SQLite file and PostgreSQL), the Telegram double, the fake clock.

Which store a test runs on
--------------------------
Every test that asks for `db_url` (or `db`, `settings`, `bot`, which build on it) runs once,
on a SQLite file. PostgreSQL is opt-in, per test or per module, where the store decides the
outcome rather than merely holding the rows:

- `@pytest.mark.both_stores`: run on SQLite, then on a PostgreSQL schema of its own. For
  claims and send-once under concurrency, row locks (`FOR UPDATE`, `SKIP LOCKED`), upserts
  racing each other, the points and exactly-once races, ledger and report queries,
  migrations and the schema, crash-restart.
- `@pytest.mark.postgres`: PostgreSQL only, for what SQLite cannot do at all (several
  instances on one database, copy-db's target, the test schema itself). A test with this
  mark that does not take `db_url` calls `require_postgres()` before it connects.

Everything else (intake formats, texts, rights, calendars, the Mini App, ...) would only run
the same SQL a second time, so it stays on SQLite. Each PostgreSQL item carries the
`postgres` mark, so `-m "not postgres"` leaves them all out.

The PostgreSQL is the one in `MICROLESSON_TEST_PG_URL` when that is set (CI sets it to the
machine's server), otherwise a temporary server each test process starts itself from the
installed binaries, in a temporary folder on a free port (tests/support/temp_pg.py): the tests
never touch a server's configuration. Without either, PostgreSQL items are skipped; with `CI`
set in the environment they fail instead, so CI never passes without having run them.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from benchmarks.audio_samples import make_bad_inputs, make_phone_formats, make_speech_wav
from benchmarks.support import make_lesson_audio
from bot.core.clock import FakeClock
from bot.core.config import Settings
from bot.sandbox.double import TelegramDouble
from storage.db import Database
from tests.support.harness import TOKEN, RunningBot, release_held_calls, settings_for, start_bot
from tests.support.temp_pg import TempPostgres, server_binaries

SQLITE_PREFIX = "sqlite+aiosqlite:///"
PG_URL_VARIABLE = "MICROLESSON_TEST_PG_URL"
_temp_pg: TempPostgres | None = None


def _answers(url: str) -> bool:
    parsed = make_url(url)
    try:
        with socket.create_connection((parsed.host or "127.0.0.1", parsed.port or 5432), 1):
            return True
    except OSError:
        return False


def _no_postgres(reason: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI must run the PostgreSQL tests")
    pytest.skip(reason)


def require_postgres() -> str:
    """The URL of the tests' PostgreSQL (see the module docstring); skips the calling test
    when there is none, and in CI fails it instead."""
    global _temp_pg
    given = os.environ.get(PG_URL_VARIABLE)
    if given:
        if not _answers(given):
            _no_postgres(f"{PG_URL_VARIABLE} is set, but no server answers there")
        return given
    if _temp_pg is None:
        bindir = server_binaries()
        if bindir is None:
            _no_postgres(
                "PostgreSQL's server programs (initdb, pg_ctl) are not installed: install them "
                f"(Debian: postgresql) or set {PG_URL_VARIABLE}"
            )
        server = TempPostgres(bindir)
        try:
            server.start()
        except BaseException:
            server.stop()
            raise
        _temp_pg = server
    return _temp_pg.url


def pytest_unconfigure(config: pytest.Config) -> None:
    if _temp_pg is not None:
        _temp_pg.stop()


@asynccontextmanager
async def pg_schema(url: str) -> AsyncIterator[str]:
    """A schema of its own in the given database, dropped afterwards; yields a URL into it.

    The app (and Alembic) find it through search_path, set by `options` in the URL, so the
    tests never touch a schema they did not make, and xdist workers share one database."""
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        separator = "&" if "?" in url else "?"
        yield f"{url}{separator}options=-csearch_path%3D{schema}"
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        await admin.dispose()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Give `db_url` its stores from the test's marks (see the module docstring)."""
    if "db_url" not in metafunc.fixturenames:
        return
    both = metafunc.definition.get_closest_marker("both_stores") is not None
    only_pg = metafunc.definition.get_closest_marker("postgres") is not None
    if both and only_pg:
        raise pytest.UsageError(
            f"{metafunc.definition.nodeid}: both_stores and postgres contradict each other"
        )
    on_pg = pytest.param("postgres", marks=pytest.mark.postgres)
    if both:
        metafunc.parametrize("db_url", ["sqlite", on_pg], indirect=True)
    elif only_pg:
        metafunc.parametrize("db_url", [on_pg], indirect=True)


@pytest.fixture
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh, empty database URL: a SQLite file, or a new schema in the PostgreSQL one."""
    if getattr(request, "param", "sqlite") == "sqlite":
        yield f"{SQLITE_PREFIX}{tmp_path / 'test.db'}"
        return
    async with pg_schema(require_postgres()) as url:
        yield url


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    database = Database(db_url)
    await database.migrate()
    yield database
    await database.dispose()


@pytest.fixture
async def double() -> AsyncIterator[TelegramDouble]:
    """The local Telegram; any call that breaks the published Bot API fails the test."""
    async with TelegramDouble(TOKEN) as tg:
        yield tg
        assert not tg.violations, tg.violations


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once per worker, for bots to start on a copy of.

    Migrating an empty file costs a tenth of a second of CPU, more than most end-to-end tests
    spend on their own; the bot's own migration at start then finds nothing to do. The tests
    of migrations themselves (tests/storage) take `db`, which still migrates a fresh file."""
    path = tmp_path_factory.mktemp("template") / "migrated.db"

    async def migrate() -> None:
        database = Database(f"sqlite+aiosqlite:///{path}")
        try:
            await database.migrate()
        finally:
            await database.dispose()

    # A loop of its own in a thread of its own: the test's event loop is not to be touched.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, migrate()).result()
    return path


@pytest.fixture
def settings(
    double: TelegramDouble, db_url: str, tmp_path: Path, migrated_sqlite: Path
) -> Settings:
    if db_url.startswith(SQLITE_PREFIX):
        target = Path(db_url.removeprefix(SQLITE_PREFIX))
        if not target.exists():  # the test's own database, still untouched
            shutil.copyfile(migrated_sqlite, target)
    return settings_for(double, db_url, tmp_path / "audio")


@pytest.fixture
async def bot(
    double: TelegramDouble, settings: Settings, clock: FakeClock
) -> AsyncIterator[RunningBot]:
    running = await start_bot(double, settings, clock)
    yield running
    release_held_calls(double)
    await running.stop()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 0, 0, tzinfo=UTC))  # Monday 08:00 in Shanghai


@pytest.fixture(scope="session")
def ogg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A processed lesson (12 s of speech, OGG/Opus) to queue without going through intake."""
    return make_lesson_audio(tmp_path_factory.mktemp("lesson"))


@pytest.fixture(scope="session")
def recordings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A 12-second spoken recording in every format phones and PCs send, plus bad inputs."""
    root = tmp_path_factory.mktemp("recordings")
    speech = make_speech_wav(root, seconds=12, lead_silence=1.0, tail_silence=1.0)
    files = make_phone_formats(root / "formats", speech)
    files.update(make_bad_inputs(root / "bad"))
    files["speech_wav"] = speech
    return files
