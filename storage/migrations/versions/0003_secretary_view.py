"""secretary's view: featured notes, when a member joined or left a group

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("notes") as batch:
        batch.add_column(sa.Column("featured_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("featured_by", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("memberships") as batch:
        # NULL joined_at: known before the bot kept join times (counted from the start).
        batch.add_column(sa.Column("joined_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("left_at", sa.DateTime(), nullable=True))
    # Members who had already left: the last status change is the best estimate of when.
    op.execute("UPDATE memberships SET left_at = updated_at WHERE status IN ('left', 'kicked')")


def downgrade() -> None:
    with op.batch_alter_table("memberships") as batch:
        batch.drop_column("left_at")
        batch.drop_column("joined_at")
    with op.batch_alter_table("notes") as batch:
        batch.drop_column("featured_by")
        batch.drop_column("featured_at")
