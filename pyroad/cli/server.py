"""``pyroad serve`` and ``pyroad worker``."""

from __future__ import annotations

import signal
import threading
from typing import Annotated, Any

import typer

from pyroad.config import get_settings


def register(app: typer.Typer) -> None:
    """Attach the server commands to the top-level app."""

    @app.command()
    def serve(
        host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
        workers: Annotated[
            int,
            typer.Option(
                min=1,
                max=64,
                help="Web processes (production). Above 1: each process grades its own "
                "submissions on the in-process broker; with Redis/RabbitMQ set "
                "PYROAD_EMBEDDED_WORKER=false and run `pyroad worker` (see README).",
            ),
        ] = 1,
    ) -> None:
        """Run the web app (and, by default, grading: in a process of its own beside it)."""
        import os

        from pyroad.grading_process import begin_grading

        settings = get_settings()
        url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"  # noqa: S104
        typer.echo(f"pyroad {settings.environment} · database {_safe_url(settings.sqlalchemy_url)}")
        typer.echo(
            f"pyroad is starting at {url}  (the first account you sign up becomes the admin)"
        )
        if workers > 1:
            # Each process builds its own app from the environment (uvicorn imports the
            # factory in every child); they learn they are not alone from this variable.
            os.environ["PYROAD_WEB_PROCESSES"] = str(workers)
            typer.echo(f"pyroad: {workers} web processes at {url}")
            from pyroad.grading.cgroups import settle
            from pyroad.web import processes

            settle()  # cgroup v2: the processes start in a leaf, their run cgroups beside it
            target = processes.Target(
                "pyroad.app:create_app", host, port, factory=True, options=uvicorn_options()
            )
            status = processes.serve(target, workers)  # says why when it cannot start
            if status:
                raise typer.Exit(status)
            return
        # Grading starts first: its process builds while this one imports and migrates.
        grading = begin_grading(settings) if settings.embedded_worker else None
        import uvicorn

        from pyroad.app import create_app

        app = create_app(settings, grading=grading)
        app.state.public_url = url  # printed again once migrations and workers are up
        try:
            uvicorn.run(app, host=host, port=port, **uvicorn_options())
        finally:  # already stopped by the app's shutdown, unless uvicorn skipped it
            if grading is not None:
                grading.stop()

    @app.command()
    def worker() -> None:
        """Run grading workers only (production: with PYROAD_BROKER=redis or rabbitmq)."""
        from pyroad import heap
        from pyroad.observability.logs import configure_logging
        from pyroad.observability.metrics import serve_worker_metrics
        from pyroad.platform import THREADS_PER_SLOT, build_platform

        settings = get_settings()
        if settings.broker == "memory":
            typer.echo(
                "error: the in-process broker cannot be shared between processes; set "
                "PYROAD_BROKER=redis (or rabbitmq) and PYROAD_BROKER_URL, "
                "or just run `pyroad serve`.",
                err=True,
            )
            raise typer.Exit(2)
        configure_logging(settings)
        platform = build_platform(settings)
        platform.start_workers()
        heap.settle()
        threads = settings.workers * THREADS_PER_SLOT
        typer.echo(
            f"pyroad worker: {settings.workers} sandbox slot(s), {threads} grading thread(s) "
            f"on the {settings.broker} broker"
        )
        if (metrics_at := serve_worker_metrics(platform)) is not None:
            typer.echo(f"pyroad worker: metrics at http://{metrics_at}/metrics")
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        stop.wait()
        platform.close()


KEEP_ALIVE_S = 75  # as nginx's keepalive_timeout; browsers close theirs sooner or retry


def uvicorn_options() -> dict[str, Any]:
    """How uvicorn serves pyroad (bench/reads.py serves its bare handler alike).

    uvloop and httptools: the fast event loop and HTTP parser. pyroad's formatter handles
    uvicorn's loggers; its access line replaces uvicorn's. Idle keep-alive connections are
    kept longer than clients keep theirs (httpx and the CLI: 5 s, uvicorn's own default):
    with equal timeouts a client could send on a connection the server was just closing,
    and get a reset instead of an answer (seen as RemoteProtocolError in bench/load.py).
    """
    return {
        "loop": "uvloop",
        "http": "httptools",
        "timeout_keep_alive": KEEP_ALIVE_S,
        "log_level": "info",
        "log_config": None,
        "access_log": False,
    }


def _safe_url(url: str) -> str:
    """The database URL without its password, for logs."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
