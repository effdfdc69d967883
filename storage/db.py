"""The database: engine, sessions, transactions and migrations."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.exc import DBAPIError, InterfaceError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
T = TypeVar("T")
READ_ONLY = "microlesson_read_only"
# Advisory-lock namespace of running instances ("ml"): each holds (space, its id) while it runs.
INSTANCE_LOCK_SPACE = 0x6D6C
# Advisory-lock namespace of migrations ("mg"), keyed by schema: one instance migrates at a time.
MIGRATION_LOCK_SPACE = 0x6D67


def _sqlite_setup(engine: Engine) -> None:
    """WAL, foreign keys, and BEGIN IMMEDIATE so writers never hit 'database is locked'."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, emit BEGIN (see the "begin" hook below).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Readers take a deferred BEGIN: in WAL mode they never wait for a writer, nor it for them.
        read_only = conn.get_execution_options().get(READ_ONLY, False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _server_settings(url: str) -> tuple[str | URL, dict[str, str]]:
    """libpq's `?options=-c search_path=x` as asyncpg server settings (asyncpg has no `options`).

    So one URL can put the app, and its migrations, in a schema of its own."""
    parsed = make_url(url)
    options = parsed.query.get("options")
    if options is None:
        return url, {}
    if not isinstance(options, str):
        raise ValueError("give `options` once in the database URL")
    settings: dict[str, str] = {}
    words = options.split()
    for i, word in enumerate(words):
        if word.startswith("-c"):
            setting = word[2:] or (words[i + 1] if i + 1 < len(words) else "")
            name, sep, value = setting.partition("=")
            if not sep:
                raise ValueError(f"cannot read the database URL's options: {options!r}")
            settings[name] = value
    return parsed.difference_update_query(["options"]), settings


class Database:
    """Owns the engine; services open one transaction per unit of work."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        kwargs: dict[str, Any] = {"echo": echo}
        engine_url: str | URL = url
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"timeout": 30}
        else:
            kwargs["pool_pre_ping"] = True
            engine_url, settings = _server_settings(url)
            if settings:
                kwargs["connect_args"] = {"server_settings": settings}
        self.engine = create_async_engine(engine_url, **kwargs)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._writer: ThreadPoolExecutor | None = None
        self._reader: ThreadPoolExecutor | None = None
        self._sync_engine: Engine | None = None
        self._sync_sessions: sessionmaker[Session] | None = None
        if self.is_sqlite:
            _sqlite_setup(self.engine.sync_engine)
            # Hot write paths run whole transactions in one thread with the plain sqlite3
            # driver: through aiosqlite every statement is several trips through the event
            # loop, and a busy loop (300 button presses a second) makes each trip slow.
            self._sync_engine = create_engine(
                url.replace("sqlite+aiosqlite", "sqlite+pysqlite", 1),
                connect_args={"timeout": 30},
            )
            _sqlite_setup(self._sync_engine)
            self._sync_sessions = sessionmaker(self._sync_engine, expire_on_commit=False)
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-writer")
            # Big reads (a year's ledger) run in a thread of their own, never the writer's.
            self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-reader")
        # --- several instances: 0 until hold_instance_lock (SQLite: always 0)
        self.instance_id = 0
        # Every id this instance has held (a lost lease is renewed under a new one).
        self.instance_ids: list[int] = []
        self._instance_conn: AsyncConnection | None = None
        self._lease_check = asyncio.Lock()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session whose work is committed when the block ends without error."""
        async with self._sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncSession]:
        """A read-only transaction: a deferred BEGIN on SQLite (it never takes the write lock, so
        it neither waits for a writer nor holds one up), READ ONLY on PostgreSQL (a write in it
        fails). Leaving it rolls back; the rows read stay loaded for the caller."""
        options: dict[str, Any] = {READ_ONLY: True}
        if not self.is_sqlite:
            options["postgresql_readonly"] = True
        async with self._sessions() as session:
            await session.connection(execution_options=options)
            yield session
        # Closing the session ended its transaction without expiring what it loaded.

    async def run_in_transaction(self, work: Callable[[Session], T]) -> T:
        """Run synchronous database work as one transaction without blocking the event loop.

        SQLite: in the writer thread, statement after statement with no trip through the loop.
        PostgreSQL: through the async driver (`run_sync`), which is already cheap per statement.
        """
        if self._writer is not None:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._writer, self._run_in_writer, work)
        async with self.transaction() as s:
            return await s.run_sync(work)

    async def read_sync(self, work: Callable[[Session], T]) -> T:
        """Run synchronous reads (many rows) without blocking the event loop.

        SQLite: in a reader thread with the plain sqlite3 driver (a deferred BEGIN in WAL mode,
        so it never waits for the writer). PostgreSQL: through the async driver (`run_sync`).
        """
        if self._reader is not None:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._reader, self._read_in_thread, work)
        async with self.reading() as s:
            return await s.run_sync(work)

    def _read_in_thread(self, work: Callable[[Session], T]) -> T:
        if self._sync_engine is None:  # pragma: no cover - set together with the reader
            raise RuntimeError("no reader thread on this database")
        with (
            self._sync_engine.connect().execution_options(**{READ_ONLY: True}) as conn,
            Session(conn) as session,
        ):
            try:
                return work(session)
            finally:
                session.rollback()

    def _run_in_writer(self, work: Callable[[Session], T]) -> T:
        if self._sync_sessions is None:  # pragma: no cover - set together with the writer
            raise RuntimeError("no writer thread on this database")
        with self._sync_sessions.begin() as session:
            return work(session)

    async def migrate(self) -> None:
        """Upgrade the schema to the newest revision (idempotent).

        PostgreSQL: under a transaction-level advisory lock for the schema, so instances
        starting together on an empty database take turns; the second waits for the first's
        commit, then finds the schema current."""
        async with self.engine.begin() as conn:
            if not self.is_sqlite:
                await conn.execute(
                    text("SELECT pg_advisory_xact_lock(:space, hashtext(current_schema()))"),
                    {"space": MIGRATION_LOCK_SPACE},
                )
            await conn.run_sync(_upgrade)
        log.info("database schema is up to date")

    # --- several instances
    async def hold_instance_lock(self) -> int:
        """PostgreSQL: take an advisory lock naming this instance for as long as it runs.

        Rows this instance holds in flight carry its id; another instance starting up gives
        back to pending only rows whose instance is gone (its lock released with its
        connection), never those of an instance still sending. SQLite runs one instance.
        """
        if self.is_sqlite or self._instance_conn is not None:
            return self.instance_id
        key = secrets.randbelow(2**31 - 2) + 1
        conn = await self.engine.connect()
        await conn.execute(
            text("SELECT pg_advisory_lock(:space, :key)"),
            {"space": INSTANCE_LOCK_SPACE, "key": key},
        )
        await conn.commit()  # a session-level lock outlives the transaction
        self._instance_conn, self.instance_id = conn, key
        self.instance_ids.append(key)
        return key

    async def lease_held(self) -> bool:
        """Whether this instance still holds its lock (its lease): asked on the lock's own
        connection, so a connection the server dropped (restart, network, idle timeout, an
        admin's pg_terminate_backend) reads as lost. SQLite, or never taken: always held."""
        conn = self._instance_conn
        if self.is_sqlite or conn is None:
            return True
        async with self._lease_check:
            try:
                # Shielded: a caller cancelled mid-check must not leave the lock's connection
                # halfway through a transaction, to be read as lost at the next check.
                held = await asyncio.shield(self._ask_lease(conn))
            except Exception as first:
                # A check cut short earlier leaves the connection wanting a rollback: roll
                # back and ask once more before calling the lease lost.
                try:
                    await conn.rollback()
                    held = await self._ask_lease(conn)
                except Exception as exc:
                    log.warning(
                        "instance %s: its lock's connection is gone: %r (first: %r)",
                        self.instance_id,
                        exc,
                        first,
                    )
                    return False
        return bool(held)

    async def _ask_lease(self, conn: AsyncConnection) -> int:
        held = await conn.scalar(
            text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                "AND classid = CAST(:space AS oid) AND objid = CAST(:key AS oid) "
                "AND objsubid = 2 AND granted AND pid = pg_backend_pid()"
            ),
            {"space": INSTANCE_LOCK_SPACE, "key": self.instance_id},
        )
        await conn.commit()
        return int(held or 0)

    async def renew_instance_lock(self) -> int:
        """After the lease was lost: drop the dead connection, take a new lock under a new id
        (the old id's rows stay fenced: another instance sees it gone). Returns the new id."""
        conn, self._instance_conn = self._instance_conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                await conn.invalidate()
            with contextlib.suppress(Exception):
                await conn.close()
        old = self.instance_id
        new = await self.hold_instance_lock()
        log.warning("instance %s lost its lease; it runs on as instance %s", old, new)
        return new

    async def live_instances(self, session: AsyncSession) -> set[int]:
        """Ids of the instances running now (PostgreSQL)."""
        rows = await session.execute(
            text(
                "SELECT CAST(objid AS bigint) FROM pg_locks WHERE locktype = 'advisory' "
                "AND classid = CAST(:space AS oid) AND objsubid = 2 AND granted"
            ),
            {"space": INSTANCE_LOCK_SPACE},
        )
        return {int(v) for v in rows.scalars()}

    async def live_instance_count(self) -> int:
        """How many instances run on this database now (SQLite: this one)."""
        if self.is_sqlite:
            return 1
        async with self.transaction() as s:
            count = await s.scalar(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                    "AND classid = CAST(:space AS oid) AND objsubid = 2 AND granted "
                    "AND database = (SELECT oid FROM pg_database "
                    "WHERE datname = current_database())"
                ),
                {"space": INSTANCE_LOCK_SPACE},
            )
        return max(1, int(count or 0))

    async def dispose(self) -> None:
        if self._instance_conn is not None:
            await self._instance_conn.close()
            self._instance_conn = None
        # Off the loop: the writer may be finishing a batch.
        if self._writer is not None:
            await asyncio.to_thread(self._writer.shutdown, True)
        if self._reader is not None:
            await asyncio.to_thread(self._reader.shutdown, True)
        if self._sync_engine is not None:
            await asyncio.to_thread(self._sync_engine.dispose)
        await self.engine.dispose()


def is_disconnect(exc: BaseException) -> bool:
    """The database is out of reach (refused, reset, a connection it dropped), not a wrong
    statement: the same work may be tried again once it answers."""
    if isinstance(exc, OSError):
        return True
    if isinstance(exc, DBAPIError):
        return bool(exc.connection_invalidated) or isinstance(exc, InterfaceError)
    return False


# While the database is away: waits between tries, then how long in all before giving up.
RECONNECT_FIRST_WAIT = 0.25
RECONNECT_MAX_WAIT = 5.0
RECONNECT_GIVE_UP = 300.0


async def retry_on_disconnect(what: str, work: Callable[[], Awaitable[T]]) -> T:
    """Run `work`; while the database is out of reach, try again with growing waits (bounded,
    RECONNECT_GIVE_UP seconds in all). The pool's pre-ping drops dead connections, so each
    try starts on a fresh one. Only for work that is safe to repeat."""
    loop = asyncio.get_running_loop()
    give_up = loop.time() + RECONNECT_GIVE_UP
    wait = RECONNECT_FIRST_WAIT
    while True:
        try:
            return await work()
        except Exception as exc:
            if not is_disconnect(exc) or loop.time() + wait > give_up:
                raise
            log.warning("database out of reach (%s: %r); trying again in %.2f s", what, exc, wait)
        await asyncio.sleep(wait)
        wait = min(wait * 2, RECONNECT_MAX_WAIT)


def schema_revisions(connection: Connection) -> tuple[str | None, str | None]:
    """The database's schema revision and the newest one this code knows."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    current = MigrationContext.configure(connection).get_current_revision()
    return current, ScriptDirectory.from_config(alembic_config()).get_current_head()


def _upgrade(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "head")
