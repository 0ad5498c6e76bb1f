"""exercise_progress: per (learner, exercise) the submissions summed up, backfilled

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 09:00:00.000000
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

import pyroad.db

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# MySQL/MariaDB only (ignored elsewhere): utf8mb4, compared byte for byte (as in 0001).
MYSQL: dict[str, Any] = {
    "mysql_charset": "utf8mb4",
    "mysql_collate": "utf8mb4_bin",
    "mysql_engine": "InnoDB",
}
# As pyroad.submissions.progress defines them today; frozen here, as a migration must be.
FAILING_VERDICTS = ("failed", "error", "timeout", "memory", "output-limit")
VERDICT_RANK = {
    "passed": 0,
    "failed": 1,
    "error": 2,
    "timeout": 3,
    "memory": 4,
    "output-limit": 5,
    "internal": 6,
}


def upgrade() -> None:
    op.create_table(
        "exercise_progress",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("exercise_slug", sa.String(length=100), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("solved_at", pyroad.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_at", pyroad.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_graded_at", pyroad.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("best", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_exercise_progress_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "exercise_slug", name=op.f("pk_exercise_progress")),
        sqlite_with_rowid=False,  # clustered by learner, as InnoDB clusters by primary key
        **MYSQL,
    )
    # Solvers of an exercise; a learner's unsolved ones as the stuck rules read them; a
    # learner's latest submission (see pyroad.submissions.models.ExerciseProgress).
    progress = "exercise_progress"
    op.create_index("ix_exercise_progress_solved", progress, ["exercise_slug", "solved_at"])
    op.create_index(
        "ix_exercise_progress_open", progress, ["user_id", "solved_at", "failed", "last_graded_at"]
    )
    op.create_index("ix_exercise_progress_last", progress, ["user_id", "last_at"])
    backfill()


def backfill() -> None:
    """One row per (learner, exercise) with submissions, grouped in the database (the
    grouping of pyroad.submissions.progress.summed, as it is today)."""
    submissions = sa.table(
        "submissions",
        sa.column("user_id"),
        sa.column("exercise_slug"),
        sa.column("verdict"),
        sa.column("created_at"),
    )
    progress = sa.table(
        "exercise_progress",
        *(
            sa.column(name)
            for name in (
                "user_id",
                "exercise_slug",
                "attempts",
                "failed",
                "solved_at",
                "last_at",
                "last_graded_at",
                "best",
            )
        ),
    )
    verdict, created_at = submissions.c.verdict, submissions.c.created_at
    rank = sa.case(
        *((verdict == name, sa.literal(n)) for name, n in VERDICT_RANK.items()), else_=None
    )
    grouped = sa.select(
        submissions.c.user_id,
        submissions.c.exercise_slug,
        sa.func.count(),
        sa.func.coalesce(sa.func.sum(sa.case((verdict.in_(FAILING_VERDICTS), 1), else_=0)), 0),
        sa.func.min(sa.case((verdict == "passed", created_at), else_=None)),
        sa.func.max(created_at),
        sa.func.max(sa.case((verdict.is_not(None), created_at), else_=None)),
        sa.case(
            {n: sa.literal(name) for name, n in VERDICT_RANK.items()},
            value=sa.func.min(rank),
        ),
    ).group_by(submissions.c.user_id, submissions.c.exercise_slug)
    op.execute(progress.insert().from_select(list(progress.c.keys()), grouped))


def downgrade() -> None:
    op.drop_table("exercise_progress")
