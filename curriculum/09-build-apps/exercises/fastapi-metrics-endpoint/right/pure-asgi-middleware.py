"""The same metrics from a class-based pure ASGI middleware and collections.Counter."""

import time
from collections import Counter, defaultdict

from fastapi import FastAPI, HTTPException
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel

clock = time.perf_counter
BOUNDS = [0.05, 0.1, 0.25, 0.5, 1]
hits: Counter = Counter()
timings: defaultdict[str, list[float]] = defaultdict(list)


class Metrics:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        status = {}

        async def remember(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        start = clock()
        await self.app(scope, receive, remember)
        took = clock() - start
        route = scope.get("route")
        name = getattr(route, "path", None) or "unmatched"
        if name != "/metrics":
            hits[scope["method"], name, status.get("code", 500)] += 1
            timings[name].append(took)


app = FastAPI()
app.add_middleware(Metrics)

ORDERS = {1: {"id": 1, "item": "tea"}, 2: {"id": 2, "item": "mug"}, 3: {"id": 3, "item": "pot"}}


class OrderIn(BaseModel):
    item: str


@app.get("/health")
def health():
    return {"status": "ok"}


@app.get("/orders/{order_id}")
def read_order(order_id: int):
    if order_id not in ORDERS:
        raise HTTPException(status_code=404, detail="order not found")
    return ORDERS[order_id]


@app.post("/orders", status_code=201)
def create_order(order: OrderIn):
    order_id = max(ORDERS) + 1
    ORDERS[order_id] = {"id": order_id, "item": order.item}
    return ORDERS[order_id]


@app.get("/metrics")
def metrics():
    out = ["# TYPE http_requests_total counter"]
    out += [
        f'http_requests_total{{route="{r}",status="{s}",method="{m}"}} {n}'
        for (m, r, s), n in hits.items()
    ]
    out.append("# TYPE http_request_duration_seconds histogram")
    for route, seen in timings.items():
        for bound in BOUNDS:
            count = sum(1 for t in seen if t <= bound)
            out.append(f'http_request_duration_seconds_bucket{{le="{bound}",route="{route}"}} {count}')
        out.append(f'http_request_duration_seconds_bucket{{le="+Inf",route="{route}"}} {len(seen)}')
        out.append(f'http_request_duration_seconds_sum{{route="{route}"}} {sum(seen)}')
        out.append(f'http_request_duration_seconds_count{{route="{route}"}} {len(seen)}')
    return PlainTextResponse("\n".join(out) + "\n")
