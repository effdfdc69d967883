"""members' day: listen timing, notes by message, leaves, reminders, leaderboard, /stop

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("groups") as batch:
        batch.add_column(
            sa.Column("leaderboard", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("stopped_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("lessons") as batch:
        batch.add_column(sa.Column("reminded_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("listens") as batch:
        batch.add_column(
            sa.Column("timing", sa.String(length=8), nullable=False, server_default="on_day")
        )
    with op.batch_alter_table("notes") as batch:
        batch.add_column(sa.Column("voice_seconds", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("edited_at", sa.DateTime(), nullable=True))
        batch.create_unique_constraint(
            batch.f("uq_notes_chat_id_message_id"), ["chat_id", "message_id"]
        )
    op.create_index("ix_deliveries_chat_message", "deliveries", ["chat_id", "message_id"])
    op.create_index("ix_points_group_user_created", "points", ["group_id", "user_id", "created_at"])
    op.create_table(
        "leaves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("end_day", sa.Date(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["members.user_id"],
            name=op.f("fk_leaves_user_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leaves")),
    )
    op.create_index("ix_leaves_user_start", "leaves", ["user_id", "start_day"])
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["lesson_id"],
            ["lessons.id"],
            name=op.f("fk_reminders_lesson_id_lessons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders")),
        sa.UniqueConstraint("lesson_id", "chat_id", name=op.f("uq_reminders_lesson_id_chat_id")),
    )


def downgrade() -> None:
    op.drop_table("reminders")
    op.drop_index("ix_leaves_user_start", table_name="leaves")
    op.drop_table("leaves")
    op.drop_index("ix_points_group_user_created", table_name="points")
    op.drop_index("ix_deliveries_chat_message", table_name="deliveries")
    with op.batch_alter_table("notes") as batch:
        batch.drop_constraint(batch.f("uq_notes_chat_id_message_id"), type_="unique")
        batch.drop_column("edited_at")
        batch.drop_column("voice_seconds")
    with op.batch_alter_table("listens") as batch:
        batch.drop_column("timing")
    with op.batch_alter_table("lessons") as batch:
        batch.drop_column("reminded_at")
    with op.batch_alter_table("members") as batch:
        batch.drop_column("stopped_at")
    with op.batch_alter_table("groups") as batch:
        batch.drop_column("leaderboard")
