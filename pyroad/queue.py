"""The grading queue: dramatiq, in-process broker by default, Redis or RabbitMQ in production.

The queue only carries submission ids (a doorbell); the database is the source of truth,
so a broker that forgets messages (the in-process one, on restart) loses nothing: the
sweep in ``submissions.services.recoverable`` re-enqueues what was left behind.
"""

from __future__ import annotations

from collections.abc import Callable

import dramatiq
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import AgeLimit, Callbacks, Pipelines, Retries, TimeLimit

from pyroad.config import Settings
from pyroad.observability.tracing import LogContext, message_options

QUEUE_NAME = "grading"
ACTOR_NAME = "grade_submission"


def build_broker(settings: Settings) -> dramatiq.Broker:
    middleware = [
        LogContext(),  # first, so its log context outlives the other middleware's hooks
        AgeLimit(),
        TimeLimit(),
        Callbacks(),
        Pipelines(),
        Retries(max_retries=3),
    ]
    if settings.broker == "redis":
        from dramatiq.brokers.redis import RedisBroker

        return RedisBroker(  # type: ignore[no-untyped-call]  # dramatiq leaves it unannotated
            url=settings.broker_url or "redis://127.0.0.1:6379/0", middleware=middleware
        )
    if settings.broker == "rabbitmq":
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        return RabbitmqBroker(
            url=settings.broker_url or "amqp://guest:guest@127.0.0.1:5672/", middleware=middleware
        )
    return StubBroker(middleware=middleware)


class GradingQueue:
    """Enqueue submission ids; run worker threads that call ``handler(submission_id)``."""

    def __init__(self, settings: Settings, handler: Callable[[int], None]) -> None:
        self.settings = settings
        self.broker = build_broker(settings)
        self.actor: dramatiq.Actor[[int], None] = dramatiq.Actor(
            handler,
            broker=self.broker,
            actor_name=ACTOR_NAME,
            queue_name=QUEUE_NAME,
            priority=0,
            options={
                "max_retries": 3,
                "min_backoff": 200,
                "max_backoff": 5000,
                "time_limit": 120_000,
            },
        )
        self.worker: dramatiq.Worker | None = None

    def enqueue(self, submission_id: int) -> None:
        # The request id (if any) rides in the message's options: old messages lack it.
        self.actor.send_with_options(args=(submission_id,), **message_options())

    def start_workers(self, threads: int) -> None:
        self.worker = dramatiq.Worker(self.broker, worker_threads=threads, worker_timeout=100)
        self.worker.start()

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop(timeout=5000)
            self.worker = None
        self.broker.close()
