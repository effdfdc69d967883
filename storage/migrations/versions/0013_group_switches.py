"""/settings by buttons: a group's evening reminders, evening line and empty-slot alert can be
switched off

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | None = None
depends_on: str | None = None

COLUMNS = ("reminders", "evening_line", "empty_slot_alert")


def upgrade() -> None:
    with op.batch_alter_table("groups") as batch:
        for name in COLUMNS:
            batch.add_column(
                sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.true())
            )


def downgrade() -> None:
    with op.batch_alter_table("groups") as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
