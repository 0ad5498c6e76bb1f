"""roles mentor and author, cohorts, cohort members, invites, assignments

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 05:00:00.000000
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

import pyroad.db

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_ROLES = ("learner", "teacher", "admin")
NEW_ROLES = ("learner", "mentor", "teacher", "author", "admin")
# As in 0001: utf8mb4 tables compared byte for byte on MySQL/MariaDB (ignored elsewhere).
MYSQL: dict[str, Any] = {
    "mysql_charset": "utf8mb4",
    "mysql_collate": "utf8mb4_bin",
    "mysql_engine": "InnoDB",
}


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=16)


def _at(name: str, *, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, pyroad.db.UTCDateTime(timezone=True), nullable=nullable)


def _user_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"), ondelete="SET NULL"
    )


def _cohort_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["cohort_id"],
        ["cohorts.id"],
        name=op.f(f"fk_{table}_cohort_id_cohorts"),
        ondelete="CASCADE",
    )


def _role(*values: str) -> sa.Enum:
    return sa.Enum(*values, name="role", native_enum=False, create_constraint=True, length=16)


def _drop_role_check_on_mysql() -> None:
    """As in 0004: Alembic re-adds the CHECK on MySQL/MariaDB but never drops the old one."""
    if op.get_bind().dialect.name in ("mysql", "mariadb"):
        op.drop_constraint(op.f("ck_users_role"), "users", type_="check")


def _alter_roles(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    _drop_role_check_on_mysql()
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column(
            "role", existing_type=_role(*old), type_=_role(*new), existing_nullable=False
        )


def upgrade() -> None:
    _alter_roles(OLD_ROLES, NEW_ROLES)
    op.create_table(
        "cohorts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        _at("created_at"),
        _at("archived_at", nullable=True),
        _user_fk("cohorts", "created_by"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cohorts")),
        **MYSQL,
    )
    op.create_table(
        "cohort_members",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", _enum("cohortrole", "learner", "mentor", "teacher"), nullable=False),
        _at("joined_at"),
        _cohort_fk("cohort_members"),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_cohort_members_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cohort_id", "user_id", name=op.f("pk_cohort_members")),
        **MYSQL,
    )
    op.create_index("ix_cohort_members_user_id", "cohort_members", ["user_id"])
    op.create_table(
        "invites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("role", _enum("inviterole", "learner", "mentor"), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        _at("created_at"),
        _at("expires_at"),
        _at("revoked_at", nullable=True),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.Column("max_uses", sa.Integer(), nullable=True),
        _cohort_fk("invites"),
        _user_fk("invites", "created_by"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invites")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_invites_code_hash")),
        **MYSQL,
    )
    op.create_index("ix_invites_cohort_id", "invites", ["cohort_id"])
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("exercise_slug", sa.String(length=100), nullable=True),
        sa.Column("step", sa.Integer(), nullable=True),
        _at("due_at", nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        _at("created_at"),
        sa.CheckConstraint(
            "(exercise_slug IS NULL) <> (step IS NULL)",
            name=op.f("ck_assignments_exercise_xor_step"),
        ),
        _cohort_fk("assignments"),
        _user_fk("assignments", "created_by"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignments")),
        **MYSQL,
    )
    op.create_index("ix_assignments_cohort_id", "assignments", ["cohort_id"])


def downgrade() -> None:
    # Dropping a table drops its indexes (MySQL refuses to drop one a foreign key uses first).
    op.drop_table("assignments")
    op.drop_table("invites")
    op.drop_table("cohort_members")
    op.drop_table("cohorts")
    # Mentors and authors fall back to the least privilege the old schema knows.
    op.execute(sa.text("UPDATE users SET role = 'learner' WHERE role IN ('mentor', 'author')"))
    _alter_roles(NEW_ROLES, OLD_ROLES)
