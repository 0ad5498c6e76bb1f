"""users.progress_version (bumped with every change to what a learner's views show) and a
covering index for progress queries

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 05:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("progress_version", sa.Integer(), nullable=False, server_default="0")
        )
    # A learner's states and the teacher dashboard group submissions by (learner, exercise)
    # reading only the verdict and the time: covered here, they never read code and results.
    op.create_index(
        "ix_submissions_progress",
        "submissions",
        ["user_id", "exercise_slug", "verdict", "created_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_submissions_progress", table_name="submissions")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("progress_version")
