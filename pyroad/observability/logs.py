"""Structured logs: one formatter for structlog, stdlib, uvicorn and dramatiq records.

Production (``PYROAD_ENVIRONMENT=production`` or ``PYROAD_LOG_FORMAT=json``) writes one JSON
object a line; development writes readable lines. Fields bound with ``bind_contextvars``
(``request_id``, ``submission_id``) appear on every record of that request or grading,
whichever library logged it. Nothing here logs headers, bodies or learner code: callers
pass only ids, routes, statuses and timings.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import sys
from typing import Any, TextIO

import structlog
from structlog.typing import EventDict, Processor

from pyroad.config import Settings

REQUEST_ID_HEADER = "X-Request-ID"
# Accepted from clients as is: short, printable, no spaces or separators that could forge
# log fields or headers. Anything else is replaced by a fresh id.
_WELL_FORMED = re.compile(r"[A-Za-z0-9._:\-]{1,128}")


# New ids: a random per-process prefix and a counter. Unique across processes and restarts
# (48 random bits), never secret, and a hundred times cheaper per request than uuid4.
_ID_PREFIX = os.urandom(6).hex()
_ID_COUNTER = itertools.count(1)


def _new_id_prefix() -> None:
    global _ID_PREFIX, _ID_COUNTER  # a forked child must not repeat its parent's ids
    _ID_PREFIX, _ID_COUNTER = os.urandom(6).hex(), itertools.count(1)


os.register_at_fork(after_in_child=_new_id_prefix)


def request_id_from(header: str | None) -> str:
    """The client's id when well-formed, else a new one."""
    if header and _WELL_FORMED.fullmatch(header):
        return header
    return f"{_ID_PREFIX}{next(_ID_COUNTER):020x}"  # 32 hex digits, as uuid4().hex


def current_request_id() -> str | None:
    """The request id bound in this context (a request, or a grading it caused)."""
    value = structlog.contextvars.get_contextvars().get("request_id")
    return str(value) if value else None


def uses_json(settings: Settings) -> bool:
    if settings.log_format == "auto":
        return settings.environment == "production"
    return settings.log_format == "json"


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time (test capture swaps it)."""

    pyroad = True

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def _drop_color_message(_: Any, __: str, event: EventDict) -> EventDict:
    """uvicorn adds a colored copy of its message; keep only the plain one."""
    event.pop("color_message", None)
    return event


class _StderrLogger:
    """structlog's output for pyroad's own events: one rendered line on the current
    ``sys.stderr``, without a stdlib LogRecord (the access line is written per request)."""

    def __init__(self, name: str = "") -> None:
        self.name = name  # read by structlog.stdlib.add_logger_name

    def msg(self, line: str) -> None:
        sys.stderr.write(line + "\n")

    debug = info = warning = warn = error = critical = exception = fatal = msg


def _stderr_logger(*args: Any) -> _StderrLogger:
    return _StderrLogger(str(args[0]) if args else "")


class _Output:
    """The last processors (JSON or console), swappable: structlog loggers cache their
    processor chain on first use, and a later ``configure_logging`` must still apply."""

    def __init__(self) -> None:
        self.chain: list[Processor] = []

    def use(self, chain: list[Processor]) -> None:
        self.chain = chain

    def __call__(self, logger: Any, name: str, event: EventDict) -> Any:
        value: Any = event
        for processor in self.chain:
            value = processor(logger, name, value)
        return value


_OUTPUT = _Output()


def configure_logging(settings: Settings, level: int = logging.INFO) -> None:
    """One format for every record: pyroad's structlog events are rendered directly,
    stdlib records (uvicorn, dramatiq, alembic, ``logging.getLogger`` users) through a
    ``ProcessorFormatter`` with the same processors and renderer. Idempotent."""
    common: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    if uses_json(settings):
        _OUTPUT.use([structlog.processors.format_exc_info, structlog.processors.JSONRenderer()])
    else:
        # Plain tracebacks: structlog's default (rich, with every frame's locals) would write
        # request bodies, passwords and tokens into the log, and took minutes on big frames.
        console = structlog.dev.ConsoleRenderer(
            colors=sys.stderr.isatty(), exception_formatter=structlog.dev.plain_traceback
        )
        _OUTPUT.use([console])
    structlog.configure(
        processors=[*common, _OUTPUT],
        logger_factory=_stderr_logger,
        wrapper_class=structlog.make_filtering_bound_logger(level),
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*common, _drop_color_message],
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, _OUTPUT],
    )
    handler = _Stderr()
    handler.setFormatter(formatter)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "pyroad", False)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # uvicorn's own loggers go through the root handler. Its access logger is left as
    # uvicorn set it: off (pyroad's access line replaces it) unless asked for.
    for name in ("uvicorn", "uvicorn.error"):
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.propagate = True


def get_logger(name: str) -> Any:
    """A structlog logger whose events carry ``logger=name`` (like stdlib records)."""
    return structlog.get_logger(name)
