"""Alembic environment: runs on the connection handed over by storage.db."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from storage.models import Base

target_metadata = Base.metadata


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


_conn = context.config.attributes.get("connection")
if _conn is None:
    raise RuntimeError("run migrations through `microlesson migrate`")
run_migrations(_conn)
