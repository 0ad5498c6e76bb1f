"""What ``/metrics`` exposes (Prometheus text format).

Counters and histograms live in prometheus-client's process-wide registry and are updated
where things happen (the request middleware, the grading task). Gauges about the platform
(queue depth, oldest queued submission, sandbox slots) are computed when scraped by
``PlatformCollector``; the queue figures come from one grouped query cached for
``QUEUE_CACHE_S``, so a scrape costs at most one cheap query however often it comes.

Several processes: each process counts its own requests and gradings, so with
``pyroad serve --workers N`` a scrape answers for the one process that took it (scrape
one process per port, or run one web process per container). prometheus-client's
multiprocess mode is honoured when ``PROMETHEUS_MULTIPROC_DIR`` is set (counters and
histograms summed over the processes sharing the directory), but uvicorn's worker
supervisor did not bring up children started with it on our 2-core test box (restarted
until the timeout), so ``serve`` does not set it. The platform gauges are always this
process's view: the queue figures come from the database (global), the slot gauges count
the slots of the process that answered.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from pyroad.observability.logs import get_logger
from pyroad.submissions.models import Submission, SubmissionStatus

if TYPE_CHECKING:
    from pyroad.platform import Platform

log = get_logger("pyroad.metrics")

QUEUE_CACHE_S = 2.0
# Web requests: most answer in milliseconds; the slowest wait for the database pool.
REQUEST_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# Submit → verdict spans queueing, so it reaches far beyond a sandbox run.
GRADING_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0)

HTTP_REQUESTS = Counter(
    "pyroad_http_requests",
    "HTTP requests answered, by method, route template and status class (2xx, 4xx, …).",
    ["method", "route", "status"],
)
HTTP_DURATION = Histogram(
    "pyroad_http_request_duration_seconds",
    "Time from a request's arrival to the end of its response, by route template.",
    ["method", "route"],
    buckets=REQUEST_BUCKETS,
)
VERDICTS = Counter(
    "pyroad_verdicts", "Submissions graded (verdict recorded), by verdict.", ["verdict"]
)
SUBMIT_TO_VERDICT = Histogram(
    "pyroad_grading_latency_seconds",
    "From a submission's creation (submit) to its recorded verdict, queueing included.",
    buckets=GRADING_BUCKETS,
)
SANDBOX_RUN = Histogram(
    "pyroad_sandbox_run_seconds",
    "Duration of the sandbox run that graded a submission (all its tests).",
    buckets=GRADING_BUCKETS,
)

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


# (method, route, status) → the labelled children: ``labels()`` costs more than the update
# itself. Bounded like the labels: methods × route templates × status classes.
_children: dict[tuple[str, str, int], tuple[Any, Any]] = {}


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    method = method if method in METHODS else "OTHER"  # a client picks the method
    key = (method, route, status // 100)
    children = _children.get(key)
    if children is None:
        children = _children[key] = (
            HTTP_REQUESTS.labels(method, route, f"{status // 100}xx"),
            HTTP_DURATION.labels(method, route),
        )
    children[0].inc()
    children[1].observe(seconds)


def observe_verdict(verdict: str, submit_to_verdict_s: float | None, run_s: float) -> None:
    VERDICTS.labels(verdict).inc()
    if submit_to_verdict_s is not None:
        SUBMIT_TO_VERDICT.observe(max(0.0, submit_to_verdict_s))
    SANDBOX_RUN.observe(max(0.0, run_s))


class PlatformCollector(Collector):
    """Gauges computed at scrape time from one platform (queue, sandbox slots)."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self._lock = threading.Lock()
        self._cached_at = -QUEUE_CACHE_S
        self._queue: dict[str, tuple[int, float | None]] | None = None

    def _queue_figures(self) -> dict[str, tuple[int, float | None]] | None:
        """{status: (count, oldest created_at as epoch seconds)}, cached; None if unreadable."""
        with self._lock:
            if time.monotonic() - self._cached_at < QUEUE_CACHE_S:
                return self._queue
            self._cached_at = time.monotonic()
            try:
                with self.platform.sessions() as session:
                    rows = session.execute(
                        select(
                            Submission.status,
                            func.count(),
                            func.min(Submission.created_at),
                        )
                        .where(
                            Submission.status.in_(
                                [SubmissionStatus.QUEUED, SubmissionStatus.RUNNING]
                            )
                        )
                        .group_by(Submission.status)
                    ).all()
            except Exception as error:  # a scrape must not fail when the database does
                log.warning("metrics: queue figures unavailable", error=type(error).__name__)
                self._queue = None
                return None
            self._queue = {
                str(status): (int(count), oldest.timestamp() if oldest else None)
                for status, count, oldest in rows
            }
            return self._queue

    def collect(self) -> Iterator[GaugeMetricFamily]:
        figures = self._queue_figures()
        if figures is not None:
            depth = GaugeMetricFamily(
                "pyroad_submissions",
                "Submissions waiting (queued) or being graded (running), from the database.",
                labels=["status"],
            )
            for status in (SubmissionStatus.QUEUED, SubmissionStatus.RUNNING):
                depth.add_metric([status.value], figures.get(status.value, (0, None))[0])
            yield depth
            oldest = figures.get(SubmissionStatus.QUEUED.value, (0, None))[1]
            yield GaugeMetricFamily(
                "pyroad_queue_oldest_age_seconds",
                "Age of the oldest queued submission (0 when none waits).",
                value=max(0.0, time.time() - oldest) if oldest is not None else 0.0,
            )
        counts = self._slot_counts()
        if counts is not None:
            slots = GaugeMetricFamily(
                "pyroad_sandbox_slots",
                "This process's warm sandbox slots, busy (running code) or free.",
                labels=["state"],
            )
            slots.add_metric(["busy"], counts[0])
            slots.add_metric(["free"], counts[1])
            yield slots

    def _slot_counts(self) -> tuple[int, int] | None:
        if self.platform.grading_process is not None:  # the slots that grade, not the runs'
            return self.platform.grading_process.slots
        grader = self.platform.grader
        sandbox = grader.sandbox if grader is not None else self.platform.shared_sandbox
        counter: Any = getattr(sandbox, "slot_counts", None)
        if counter is None:
            return None
        busy, free = counter()
        return int(busy), int(free)


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


class _ProcessWide(Collector):
    """The counters and histograms: this process's, or every process's in multiprocess mode."""

    def collect(self) -> Iterator[Metric]:
        if multiprocess_dir():
            registry = CollectorRegistry()
            MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
            yield from registry.collect()
        else:
            yield from REGISTRY.collect()


class Exposition:
    """The process-wide metrics plus one platform's gauges, rendered or served."""

    def __init__(self, platform: Platform) -> None:
        self.registry = CollectorRegistry(auto_describe=False)
        self.registry.register(_ProcessWide())
        self.registry.register(PlatformCollector(platform))

    def render(self) -> tuple[bytes, str]:
        return generate_latest(self.registry), CONTENT_TYPE_LATEST

    def serve(self, port: int, addr: str = "127.0.0.1") -> None:
        """Serve them on their own port (``pyroad worker``, which has no web app)."""
        start_http_server(port, addr, registry=self.registry)


def serve_worker_metrics(platform: Platform) -> str | None:
    """``pyroad worker``: serve metrics at PYROAD_WORKER_METRICS (host:port); the address,
    or None when not configured. The verdict and grading histograms are counted here."""
    where = platform.settings.worker_metrics
    if not (platform.settings.metrics and where):
        return None
    host, _, port = where.rpartition(":")
    Exposition(platform).serve(int(port), host or "127.0.0.1")
    return where
