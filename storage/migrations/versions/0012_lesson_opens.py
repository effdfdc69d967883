"""Opening a lesson's link is recorded as opened, apart from listens (no points)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "lesson_opens",
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lesson_id"],
            ["lessons.id"],
            name=op.f("fk_lesson_opens_lesson_id_lessons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["members.user_id"],
            name=op.f("fk_lesson_opens_user_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("lesson_id", "user_id", name=op.f("pk_lesson_opens")),
    )


def downgrade() -> None:
    op.drop_table("lesson_opens")
