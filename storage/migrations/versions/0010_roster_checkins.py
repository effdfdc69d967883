"""代签 and 补签 for roster members without Telegram: check-ins kept by roster entry

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "event_roster_checkins",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("by_user", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["branch_events.id"],
            name=op.f("fk_event_roster_checkins_event_id_branch_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["roster_entries.id"],
            name=op.f("fk_event_roster_checkins_entry_id_roster_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "entry_id", name=op.f("pk_event_roster_checkins")),
    )


def downgrade() -> None:
    op.drop_table("event_roster_checkins")
