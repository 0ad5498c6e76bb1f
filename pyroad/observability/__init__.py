"""Operating pyroad: structured logs with a request id, Prometheus metrics, readiness checks.

``logging`` configures structlog and stdlib logging alike (JSON lines in production,
readable lines in development); ``middleware`` gives every HTTP request an id and measures
it; ``metrics`` declares what ``/metrics`` exposes; ``readiness`` answers ``/readyz``.
"""
