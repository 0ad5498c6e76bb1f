"""auth_tokens.kind: allow "reset" (one-time password-reset links)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 01:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _kind(*values: str) -> sa.Enum:
    return sa.Enum(*values, name="tokenkind", native_enum=False, create_constraint=True, length=16)


def _drop_check_on_mysql() -> None:
    """Alembic re-adds the CHECK on MySQL/MariaDB but never drops the old one there (it
    assumes MySQL ignores CHECKs, which MariaDB ≥ 10.2 and MySQL ≥ 8.0.16 do not): drop it."""
    if op.get_bind().dialect.name in ("mysql", "mariadb"):
        op.drop_constraint(op.f("ck_auth_tokens_tokenkind"), "auth_tokens", type_="check")


def upgrade() -> None:
    # The column is a VARCHAR with a CHECK listing the kinds: batch mode rebuilds the CHECK
    # (SQLite recreates the table; PostgreSQL drops and adds the constraint).
    _drop_check_on_mysql()
    with op.batch_alter_table("auth_tokens", schema=None) as batch_op:
        batch_op.alter_column(
            "kind",
            existing_type=_kind("session", "api"),
            type_=_kind("session", "api", "reset"),
            existing_nullable=False,
        )


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM auth_tokens WHERE kind = 'reset'"))
    _drop_check_on_mysql()
    with op.batch_alter_table("auth_tokens", schema=None) as batch_op:
        batch_op.alter_column(
            "kind",
            existing_type=_kind("session", "api", "reset"),
            type_=_kind("session", "api"),
            existing_nullable=False,
        )
