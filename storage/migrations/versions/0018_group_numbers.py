"""Numbers a branch recognises: each lesson and each event gets a number within its group
(第N期 / 第N次), counted in the order they were made

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | None = None
depends_on: str | None = None

TABLES = ("lessons", "branch_events")


def upgrade() -> None:
    # In place, never batch mode: on SQLite a batch copies and drops the table, and the drop
    # cascades to deliveries, notes, replies and check-ins. The column stays nullable in the
    # schema for that reason; every row is numbered here and every new row when it is made.
    for table in TABLES:
        op.add_column(table, sa.Column("number", sa.Integer(), nullable=True))
        # The table's name is one of TABLES above, never input.
        numbered = (
            f"UPDATE {table} SET number = (SELECT COUNT(*) FROM {table} AS earlier"  # noqa: S608
            f" WHERE earlier.group_id = {table}.group_id AND earlier.id <= {table}.id)"
        )
        op.execute(numbered)
        op.create_index(f"uq_{table}_group_number", table, ["group_id", "number"], unique=True)


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"uq_{table}_group_number", table_name=table)
        op.execute(f"ALTER TABLE {table} DROP COLUMN number")  # SQLite 3.35+, PostgreSQL
