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


# No batch mode: on SQLite it would copy and drop "groups", and dropping it deletes every row
# that cascades from it (lessons, memberships, leaves...). Both stores change it in place.
def upgrade() -> None:
    for name in COLUMNS:
        op.add_column(
            "groups", sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    for name in reversed(COLUMNS):
        op.execute(f"ALTER TABLE groups DROP COLUMN {name}")  # SQLite 3.35+, PostgreSQL
