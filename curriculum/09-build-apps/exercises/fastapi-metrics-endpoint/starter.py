import time

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

app = FastAPI()
clock = time.perf_counter

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
