"""A member's full greeting is given once: when it was given

Revision ID: 0011
Revises: 0010 (chain after 0010 when merged)
Create Date: 2026-12-07

Everyone who had already started the bot has had the greeting: their row is marked with its
last change, so the next /start of theirs is one line too.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
# After 0010 (check-ins of roster members without an account).
down_revision: str | None = "0010"
branch_labels: str | None = None
depends_on: str | None = None


# No batch mode: on SQLite it would copy and drop "members", and dropping it deletes every row
# that cascades from it (memberships, birthdays...). Both stores add and drop a column in place.
def upgrade() -> None:
    op.add_column("members", sa.Column("greeted_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE members SET greeted_at = updated_at WHERE started")


def downgrade() -> None:
    op.execute("ALTER TABLE members DROP COLUMN greeted_at")  # SQLite 3.35+, PostgreSQL
