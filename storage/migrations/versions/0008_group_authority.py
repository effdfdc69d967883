"""Authority stays inside its group: leave and political birthdays recorded by a secretary
belong to the secretary's group

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

Rows a secretary recorded before (`created_by` / `set_by` not the member) are given to each
group both shared in which the recorder was seen as an admin; a row with no such group is
dropped, as nothing says which group's authority it came from.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("leaves") as batch:
        batch.add_column(sa.Column("group_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_leaves_group_id_groups"), "groups", ["group_id"], ["id"], ondelete="CASCADE"
        )
    op.execute(
        "INSERT INTO leaves (user_id, start_day, end_day, created_by, created_at, group_id)"
        " SELECT l.user_id, l.start_day, l.end_day, l.created_by, l.created_at, a.group_id"
        " FROM leaves l"
        " JOIN memberships a ON a.user_id = l.created_by"
        " AND a.status IN ('creator', 'administrator')"
        " JOIN memberships m ON m.group_id = a.group_id AND m.user_id = l.user_id"
        " AND m.status IN ('creator', 'administrator', 'member', 'restricted')"
        " WHERE l.created_by <> l.user_id AND l.group_id IS NULL"
    )
    op.execute("DELETE FROM leaves WHERE created_by <> user_id AND group_id IS NULL")

    with op.batch_alter_table("birthdays") as batch:
        batch.add_column(sa.Column("group_id", sa.BigInteger(), nullable=False, server_default="0"))
        batch.drop_constraint("pk_birthdays", type_="primary")
        batch.create_primary_key("pk_birthdays", ["user_id", "group_id"])
    op.execute(
        "INSERT INTO birthdays (user_id, group_id, joined_on, set_by, updated_at)"
        " SELECT b.user_id, a.group_id, b.joined_on, b.set_by, b.updated_at"
        " FROM birthdays b"
        " JOIN memberships a ON a.user_id = b.set_by"
        " AND a.status IN ('creator', 'administrator')"
        " JOIN memberships m ON m.group_id = a.group_id AND m.user_id = b.user_id"
        " AND m.status IN ('creator', 'administrator', 'member', 'restricted')"
        " WHERE b.set_by <> b.user_id AND b.group_id = 0"
    )
    op.execute("DELETE FROM birthdays WHERE set_by <> user_id AND group_id = 0")


def downgrade() -> None:
    # One date per member again: a group's record is kept only where the member has none.
    op.execute(
        "DELETE FROM birthdays WHERE group_id <> 0 AND (user_id IN"
        " (SELECT user_id FROM birthdays WHERE group_id = 0) OR group_id <>"
        " (SELECT MIN(o.group_id) FROM birthdays o WHERE o.user_id = birthdays.user_id))"
    )
    op.execute("UPDATE birthdays SET group_id = 0")
    with op.batch_alter_table("birthdays") as batch:
        batch.drop_constraint("pk_birthdays", type_="primary")
        batch.create_primary_key("pk_birthdays", ["user_id"])
        batch.drop_column("group_id")
    with op.batch_alter_table("leaves") as batch:
        batch.drop_constraint(op.f("fk_leaves_group_id_groups"), type_="foreignkey")
        batch.drop_column("group_id")
