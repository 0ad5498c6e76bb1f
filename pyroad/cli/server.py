"""``pyroad serve`` and ``pyroad worker``."""

from __future__ import annotations

import signal
import threading
from typing import Annotated

import typer

from pyroad.config import get_settings


def register(app: typer.Typer) -> None:
    """Attach the server commands to the top-level app."""

    @app.command()
    def serve(
        host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    ) -> None:
        """Run the web app (and, by default, the grading workers in the same process)."""
        import uvicorn

        from pyroad.app import create_app

        settings = get_settings()
        url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"  # noqa: S104
        typer.echo(f"pyroad {settings.environment} · database {_safe_url(settings.sqlalchemy_url)}")
        typer.echo(
            f"pyroad is starting at {url}  (the first account you sign up becomes the admin)"
        )
        app = create_app(settings)
        app.state.public_url = url  # printed again once migrations and workers are up
        uvicorn.run(app, host=host, port=port, log_level="info")

    @app.command()
    def worker() -> None:
        """Run grading workers only (production: with PYROAD_BROKER=redis or rabbitmq)."""
        from pyroad.platform import build_platform

        settings = get_settings()
        if settings.broker == "memory":
            typer.echo(
                "error: the in-process broker cannot be shared between processes; set "
                "PYROAD_BROKER=redis (or rabbitmq) and PYROAD_BROKER_URL, "
                "or just run `pyroad serve`.",
                err=True,
            )
            raise typer.Exit(2)
        platform = build_platform(settings)
        platform.start_workers()
        typer.echo(f"pyroad worker: {settings.workers} thread(s) on the {settings.broker} broker")
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        stop.wait()
        platform.close()


def _safe_url(url: str) -> str:
    """The database URL without its password, for logs."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
