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

CASES_422 = [
    {"item": "", "quantity": 1},
    {"item": "    ", "quantity": 1},
    {"item": "y" * 51, "quantity": 1},
    {"item": "tea", "quantity": 0},
    {"item": "tea", "quantity": 11},
    {"item": "tea", "quantity": "3"},
    {"item": "tea", "quantity": 1.5},
    {"item": "tea", "quantity": False},
    {"item": "tea"},
]


def test_every_invalid_body_is_refused_and_nothing_is_stored():
    client = TestClient(make_app())
    for body in CASES_422:
        assert client.post("/orders", json=body).status_code == 422, body
    assert client.get("/orders/1").status_code == 404


def test_a_lifecycle():
    client = TestClient(make_app())
    orders = []
    for item, quantity in [("  Green tea ", 1), ("z" * 50, 10)]:
        response = client.post("/orders", json={"item": item, "quantity": quantity})
        assert response.status_code == 201
        orders.append(response)
    first, second = (r.json() for r in orders)
    assert first == {"id": 1, "item": "Green tea", "quantity": 1, "status": "new"}
    assert second == {"id": 2, "item": "z" * 50, "quantity": 10, "status": "new"}
    assert [r.headers.get("location") for r in orders] == ["/orders/1", "/orders/2"]
    got = client.get("/orders/2")
    assert (got.status_code, got.json()) == (200, second)
    gone = client.delete("/orders/2")
    assert (gone.status_code, gone.text) == (204, "")
    for method in (client.get, client.delete):
        missing = method("/orders/2")
        assert (missing.status_code, missing.json()) == (404, {"detail": "order not found"})
    assert client.get("/orders/1").status_code == 200
