"""Carry the request id from the API to the worker that grades the submission.

The id rides in the dramatiq message's options (``REQUEST_ID_OPTION``), not in the actor's
arguments, so messages queued before this existed (no option) and after (option set) are
both handled by the same actor signature. The worker binds ``request_id`` and
``submission_id`` for the time it processes the message, so every log record of that
grading carries them.
"""

from __future__ import annotations

from typing import Any

import dramatiq
import structlog
from dramatiq.broker import MessageProxy

from pyroad.observability.logs import current_request_id

REQUEST_ID_OPTION = "pyroad_request_id"


def message_options() -> dict[str, Any]:
    """Options to send with a message enqueued in the current context."""
    request_id = current_request_id()
    return {REQUEST_ID_OPTION: request_id} if request_id else {}


class LogContext(dramatiq.Middleware):
    """Bind the message's request id and submission id in the worker thread's log context."""

    def before_process_message(self, broker: dramatiq.Broker, message: MessageProxy) -> None:
        structlog.contextvars.clear_contextvars()
        values: dict[str, Any] = {"message_id": message.message_id}
        request_id = message.options.get(REQUEST_ID_OPTION)
        if isinstance(request_id, str):
            values["request_id"] = request_id
        if message.args and isinstance(message.args[0], int):
            values["submission_id"] = message.args[0]
        structlog.contextvars.bind_contextvars(**values)

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: MessageProxy,
        *,
        result: Any = None,
        exception: BaseException | None = None,
    ) -> None:
        structlog.contextvars.clear_contextvars()

    def after_skip_message(self, broker: dramatiq.Broker, message: MessageProxy) -> None:
        structlog.contextvars.clear_contextvars()
