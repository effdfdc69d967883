"""heard: when the reporting session opened, the seconds heard by then, the reports' pace

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("heard") as batch:
        batch.add_column(sa.Column("opened_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("heard_at_open", sa.Float(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("reports_paced_until", sa.DateTime(), nullable=True))
    # A session open now counts from its last change, with what it had heard by then.
    op.execute(
        "UPDATE heard SET opened_at = updated_at, heard_at_open = share * COALESCE("
        "(SELECT duration_out FROM lessons WHERE lessons.id = heard.lesson_id), 0)"
    )
    with op.batch_alter_table("heard") as batch:
        batch.alter_column("opened_at", existing_type=sa.DateTime(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("heard") as batch:
        batch.drop_column("reports_paced_until")
        batch.drop_column("heard_at_open")
        batch.drop_column("opened_at")
