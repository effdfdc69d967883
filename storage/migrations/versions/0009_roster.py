"""The branch's roster (花名册): entries with real names, claims of a name, previewed imports,
and members a secretary dismissed from the count

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "roster_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("party_group", sa.String(length=64), nullable=False),
        sa.Column("joined_party_on", sa.Date(), nullable=True),
        sa.Column("duty", sa.String(length=64), nullable=False),
        sa.Column("telegram", sa.String(length=64), nullable=False),
        sa.Column("remark", sa.Text(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("transferred_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_roster_entries_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["members.user_id"],
            name=op.f("fk_roster_entries_user_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster_entries")),
    )
    op.create_index(
        "uq_roster_entries_group_user", "roster_entries", ["group_id", "user_id"], unique=True
    )
    op.create_index("ix_roster_entries_group_name", "roster_entries", ["group_id", "name"])
    op.create_table(
        "roster_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.BigInteger(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_roster_claims_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["roster_entries.id"],
            name=op.f("fk_roster_claims_entry_id_roster_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["members.user_id"],
            name=op.f("fk_roster_claims_user_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster_claims")),
    )
    op.create_index("ix_roster_claims_entry", "roster_claims", ["entry_id", "status"])
    op.create_table(
        "roster_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_roster_imports_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster_imports")),
    )
    # No batch mode: on SQLite it would copy and drop the table in place of altering it.
    op.add_column("memberships", sa.Column("roster_dismissed_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE memberships DROP COLUMN roster_dismissed_at")  # SQLite 3.35+
    op.drop_table("roster_imports")
    op.drop_index("ix_roster_claims_entry", table_name="roster_claims")
    op.drop_table("roster_claims")
    op.drop_index("ix_roster_entries_group_name", table_name="roster_entries")
    op.drop_index("uq_roster_entries_group_user", table_name="roster_entries")
    op.drop_table("roster_entries")
