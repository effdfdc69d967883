"""三会一课: a meeting's type detail (党小组会's 党小组, 其他's name), the 纪实表's 主持人, 议程 and
列席, and the daily lesson a secretary counts as a quarter's 党课

Revision ID: 0017
Revises: 0013
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0013"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # No batch mode: on SQLite it would copy and drop branch_events, and the drop cascades to
    # its replies, check-ins and photos. Both stores add a column in place.
    op.add_column("branch_events", sa.Column("kind_detail", sa.String(length=64), nullable=True))
    op.add_column("branch_events", sa.Column("chair_key", sa.BigInteger(), nullable=True))
    op.add_column("branch_events", sa.Column("chair", sa.String(length=64), nullable=True))
    op.add_column("branch_events", sa.Column("agenda", sa.Text(), nullable=True))
    op.add_column("branch_events", sa.Column("guests", sa.Text(), nullable=True))
    op.create_table(
        "party_lesson_marks",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.String(length=8), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("marked_by", sa.BigInteger(), nullable=False),
        sa.Column("marked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_party_lesson_marks_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lesson_id"],
            ["lessons.id"],
            name=op.f("fk_party_lesson_marks_lesson_id_lessons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("group_id", "quarter", name=op.f("pk_party_lesson_marks")),
    )


def downgrade() -> None:
    op.drop_table("party_lesson_marks")
    for name in ("guests", "agenda", "chair", "chair_key", "kind_detail"):
        op.execute(f"ALTER TABLE branch_events DROP COLUMN {name}")  # SQLite 3.35+, PostgreSQL
