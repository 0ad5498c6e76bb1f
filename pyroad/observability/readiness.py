"""``/readyz``: can this process serve learners now? Database, broker, grading capacity.

Each check runs in a thread with a deadline (``CHECK_TIMEOUT_S``): a database or broker
that hangs makes the check fail fast instead of holding the probe. ``/healthz`` stays a
liveness probe (the process answers) and checks nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import anyio
from sqlalchemy import text

if TYPE_CHECKING:
    from pyroad.platform import Platform

CHECK_TIMEOUT_S = 2.0
RETRY_AFTER_S = 5
OK = "ok"


def check_database(platform: Platform) -> str:
    with platform.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return OK


def check_broker(platform: Platform) -> str:
    """Memory: always ok. Redis: PING. RabbitMQ: open (and close) a connection."""
    broker: Any = platform.queue.broker
    kind = platform.settings.broker
    if kind == "redis":
        broker.client.ping()
    elif kind == "rabbitmq":
        import pika  # type: ignore[import-untyped]

        connection = pika.BlockingConnection(broker.parameters)
        connection.close()
    return OK


def check_grading(platform: Platform) -> str:
    """A process that grades needs a live sandbox slot; one that only enqueues has nothing
    to check here (its workers are other processes, watched through the queue metrics)."""
    grader = platform.grader
    if grader is None and platform.grading_process is not None:
        if not platform.grading_process.ready:
            raise RuntimeError("the grading process is starting again (it exited)")
        counts = platform.grading_process.slots
        if counts is not None and sum(counts) == 0:
            raise RuntimeError("no sandbox slot is up")
        return OK
    if grader is None:
        return "not in this process"
    counter: Any = getattr(grader.sandbox, "slot_counts", None)
    if counter is not None:
        busy, free = counter()
        if busy + free == 0:
            raise RuntimeError("no sandbox slot is up")
    return OK


CHECKS: dict[str, Callable[[Platform], str]] = {
    "database": check_database,
    "broker": check_broker,
    "grading": check_grading,
}


async def _run(check: Callable[[Platform], str], platform: Platform) -> tuple[bool, str]:
    try:
        with anyio.fail_after(CHECK_TIMEOUT_S):
            return True, await anyio.to_thread.run_sync(check, platform, abandon_on_cancel=True)
    except TimeoutError:
        return False, f"no answer within {CHECK_TIMEOUT_S:g} s"
    except Exception as error:  # the reason is shown to operators: type and first line
        first_line = str(error).splitlines()[0] if str(error) else ""
        return False, f"{type(error).__name__}: {first_line}"[:200]


async def readiness(platform: Platform) -> tuple[bool, dict[str, str]]:
    """(all ok, {check: "ok" or why not}); the checks run concurrently."""
    results: dict[str, tuple[bool, str]] = {}

    async def one(name: str, check: Callable[[Platform], str]) -> None:
        results[name] = await _run(check, platform)

    async with anyio.create_task_group() as group:
        for name, check in CHECKS.items():
            group.start_soon(one, name, check)
    ready = all(ok for ok, _ in results.values())
    return ready, {name: results[name][1] for name in CHECKS}


def retry_after() -> str:
    return str(math.ceil(RETRY_AFTER_S))
