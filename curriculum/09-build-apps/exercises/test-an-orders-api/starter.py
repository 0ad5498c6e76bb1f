import itertools
from typing import Annotated

from fastapi import FastAPI, HTTPException, Response
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field, StringConstraints


class NewOrder(BaseModel):
    item: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
    quantity: Annotated[int, Field(strict=True, ge=1, le=10)]


def make_app():
    """A fresh orders API with its own empty store (the code under test: keep it as it is)."""
    app = FastAPI()
    orders = {}
    ids = itertools.count(1)

    @app.post("/orders", status_code=201)
    def create_order(order: NewOrder, response: Response):
        order_id = next(ids)
        orders[order_id] = {"id": order_id, "item": order.item, "quantity": order.quantity, "status": "new"}
        response.headers["Location"] = f"/orders/{order_id}"
        return orders[order_id]

    @app.get("/orders/{order_id}")
    def read_order(order_id: int):
        if order_id not in orders:
            raise HTTPException(status_code=404, detail="order not found")
        return orders[order_id]

    @app.delete("/orders/{order_id}")
    def delete_order(order_id: int):
        if orders.pop(order_id, None) is None:
            raise HTTPException(status_code=404, detail="order not found")
        return Response(status_code=204)

    return app


# Your tests below: functions named test_..., no arguments, plain assert statements.
# Build a fresh client in each test: client = TestClient(make_app())


def test_create_order():
    client = TestClient(make_app())
    response = client.post("/orders", json={"item": "tea", "quantity": 2})
    assert response.status_code == 201
