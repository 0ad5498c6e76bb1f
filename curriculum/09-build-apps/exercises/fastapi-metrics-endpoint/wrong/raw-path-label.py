import time

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel

app = FastAPI()
clock = time.perf_counter

ORDERS = {1: {"id": 1, "item": "tea"}, 2: {"id": 2, "item": "mug"}, 3: {"id": 3, "item": "pot"}}
BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0)
REQUESTS: dict[tuple[str, str, int], int] = {}
DURATIONS: dict[str, dict] = {}


class OrderIn(BaseModel):
    item: str


@app.middleware("http")
async def measure(request: Request, call_next):
    started = clock()
    response = await call_next(request)
    elapsed = clock() - started
    route = request.scope.get("route")
    template = request.url.path if route is not None else "unmatched"
    if template == "/metrics":
        return response
    key = (request.method, template, response.status_code)
    REQUESTS[key] = REQUESTS.get(key, 0) + 1
    histogram = DURATIONS.setdefault(
        template, {"buckets": [0] * len(BUCKETS), "sum": 0.0, "count": 0}
    )
    for index, bound in enumerate(BUCKETS):
        if elapsed <= bound:
            histogram["buckets"][index] += 1
    histogram["sum"] += elapsed
    histogram["count"] += 1
    return response


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


@app.get("/metrics", response_class=PlainTextResponse)
def metrics():
    lines = ["# TYPE http_requests_total counter"]
    for (method, route, status), count in sorted(REQUESTS.items()):
        lines.append(
            f'http_requests_total{{method="{method}",route="{route}",status="{status}"}} {count}'
        )
    lines.append("# TYPE http_request_duration_seconds histogram")
    name = "http_request_duration_seconds"
    for route, histogram in sorted(DURATIONS.items()):
        for bound, count in zip(BUCKETS, histogram["buckets"]):
            lines.append(f'{name}_bucket{{route="{route}",le="{bound}"}} {count}')
        lines.append(f'{name}_bucket{{route="{route}",le="+Inf"}} {histogram["count"]}')
        lines.append(f'{name}_sum{{route="{route}"}} {histogram["sum"]}')
        lines.append(f'{name}_count{{route="{route}"}} {histogram["count"]}')
    return "\n".join(lines) + "\n"
