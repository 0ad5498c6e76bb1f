"""``pyroad admin``: account chores run on the server, against its database directly.

They read the same ``PYROAD_*`` settings as ``pyroad serve``, so run them where (and as
whom) the server runs. The database layers are imported by the commands that use them:
every ``pyroad`` command loads this module, and SQLAlchemy's ORM alone took a second.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from pyroad.config import Settings, get_settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from pyroad.accounts.models import User

app = typer.Typer(help="Administer accounts (run on the server).", no_args_is_help=True)

EmailArgument = Annotated[str, typer.Argument(help="The account's e-mail.", show_default=False)]


@contextmanager
def _database(settings: Settings, *, create: bool = False) -> Iterator[Session]:
    """A transaction on the server's database, migrated like ``pyroad serve`` does
    (``create``: a fresh install's SQLite file may be made, for its first admin)."""
    from pyroad.db import make_engine, make_session_factory, transaction
    from pyroad.migrate import upgrade

    if not settings.database_url and create:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    elif not settings.database_url:
        path = settings.data_dir / "pyroad.sqlite3"
        if not path.exists():
            _fail(
                f"no database at {path}: run this where `pyroad serve` runs, with the same "
                "PYROAD_DATA_DIR (or PYROAD_DATABASE_URL)"
            )
    engine = make_engine(settings.sqlalchemy_url)
    try:
        upgrade(engine)
        with transaction(make_session_factory(engine)) as session:
            yield session
    finally:
        engine.dispose()


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def _account(session: Session, email: str) -> User:
    from pyroad.accounts import reset

    user = reset.find_user(session, email)
    if user is None:
        close = reset.similar_emails(session, email)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        _fail(f"no account with e-mail {email.strip()!r}{hint}")
    return user


@app.command("reset-password")
def reset_password(email: EmailArgument) -> None:
    """Print a one-time link that lets the account choose a new password (valid for an hour).

    Give it to the learner through a channel you trust; using it signs them out everywhere.
    """
    from pyroad.accounts import reset

    settings = get_settings()
    with _database(settings) as session:
        issued = reset.issue_reset(session, _account(session, email))
        address = issued.user.email
    base = settings.public_url or settings.server_url
    typer.echo(f"One-time password-reset link for {address}:")
    typer.echo(f"  {issued.url(base)}")
    typer.echo(f"It works once, until {issued.expires_at:%Y-%m-%d %H:%M} UTC.")
    if not settings.public_url:
        typer.echo(
            f"(The link starts with {base}; set PYROAD_PUBLIC_URL to the address learners use.)",
            err=True,
        )


@app.command("make-admin")
def make_admin(email: EmailArgument) -> None:
    """Give an account the admin role."""
    from pyroad.accounts.models import Role

    with _database(get_settings()) as session:
        user = _account(session, email)
        before, user.role = user.role, Role.ADMIN
        address = user.email
    if before is Role.ADMIN:
        typer.echo(f"{address} was already an admin.")
    else:
        typer.echo(f"{address} is now an admin (was {before.value}).")


# Roles `create` may give: a learner signs up on the web page like everyone else.
STAFF_ROLES = ("admin", "teacher", "author", "mentor")  # values of ``Role``


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            _fail("--password-stdin: nothing on standard input (pipe the password in)")
        return line.rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@app.command("create")
def create(
    email: EmailArgument,
    name: Annotated[
        str, typer.Option("--name", help="Display name (default: from the e-mail).")
    ] = "",
    role: Annotated[
        str, typer.Option("--role", help="admin, teacher, author or mentor.", show_default=True)
    ] = "admin",
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin", help="Read the password from standard input (for scripts)."
        ),
    ] = False,
) -> None:
    """Create an account with a staff role, e.g. the first admin of a new install.

    Outside development, signing up never makes an admin: run this once on the server.
    The password is asked for twice (hidden), or read from standard input.
    """
    from pyroad.accounts.models import Role
    from pyroad.accounts.services import check_password_policy, register
    from pyroad.errors import DomainError

    wanted = role.strip().lower()
    if wanted not in STAFF_ROLES:
        _fail(f"--role: {role!r} is not one of {', '.join(STAFF_ROLES)}")
    chosen = Role(wanted)
    settings = get_settings()
    password = _read_password(password_stdin)
    try:
        check_password_policy(password)
        with _database(settings, create=True) as session:
            user = register(session, email, password, name, fast_hash=settings.argon2_fast)
            user.role = chosen
            address = user.email
    except DomainError as error:
        _fail(error.detail)
    base = settings.public_url or settings.server_url
    typer.echo(f"Created {address} as {chosen.value}. Log in at {base.rstrip('/')}/login")
