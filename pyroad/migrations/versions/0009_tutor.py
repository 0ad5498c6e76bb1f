"""tutor questions and answers (per learner, for rate limits and history)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 05:00:00.000000
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

import pyroad.db

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As in 0001: utf8mb4 tables compared byte for byte, MEDIUMTEXT where TEXT is too small
# (a question holds at most 2,000 characters, but an answer quotes lesson sections).
MYSQL: dict[str, Any] = {
    "mysql_charset": "utf8mb4",
    "mysql_collate": "utf8mb4_bin",
    "mysql_engine": "InnoDB",
}
LONG_TEXT = sa.Text().with_variant(mysql.MEDIUMTEXT(), "mysql", "mariadb")


def upgrade() -> None:
    op.create_table(
        "tutor_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("exercise_slug", sa.String(length=100), nullable=True),
        sa.Column("submission_id", sa.Integer(), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", LONG_TEXT, nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "offline",
                "llm",
                name="answersource",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("fallback", sa.String(length=200), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("created_at", pyroad.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_tutor_questions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tutor_questions")),
        **MYSQL,
    )
    with op.batch_alter_table("tutor_questions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_tutor_questions_user_created", ["user_id", "created_at"], unique=False
        )


def downgrade() -> None:
    # Dropping the table drops its index (MySQL refuses to drop one a foreign key uses first).
    op.drop_table("tutor_questions")
