"""Mini App player: the heard seconds of a lesson per member (merged intervals, share)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "heard",
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("session", sa.String(length=32), nullable=False),
        sa.Column("spans", sa.Text(), nullable=False),
        sa.Column("share", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lesson_id"],
            ["lessons.id"],
            name=op.f("fk_heard_lesson_id_lessons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["members.user_id"],
            name=op.f("fk_heard_user_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("lesson_id", "user_id", name=op.f("pk_heard")),
    )


def downgrade() -> None:
    op.drop_table("heard")
