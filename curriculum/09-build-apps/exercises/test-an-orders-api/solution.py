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


def post(client, item="tea", quantity=2):
    return client.post("/orders", json={"item": item, "quantity": quantity})


def test_create_answers_201_with_the_order():
    response = post(TestClient(make_app()))
    assert (response.status_code, response.json(), response.headers["Location"]) == (
        201,
        {"id": 1, "item": "tea", "quantity": 2, "status": "new"},
        "/orders/1",
    )


def test_ids_count_up():
    client = TestClient(make_app())
    post(client)
    assert post(client).json()["id"] == 2


def test_quantity_limits_are_inclusive():
    client = TestClient(make_app())
    codes = [post(client, quantity=q).status_code for q in (1, 10, 0, 11)]
    assert codes == [201, 201, 422, 422]


def test_quantity_must_be_a_json_integer():
    assert post(TestClient(make_app()), quantity="2").status_code == 422


def test_item_is_stripped_and_1_to_50_characters():
    client = TestClient(make_app())
    assert post(client, item="  tea  ").json()["item"] == "tea"
    assert [post(client, item=i).status_code for i in ("x" * 50, "x" * 51, "")] == [201, 422, 422]


def test_read_an_order():
    client = TestClient(make_app())
    created = post(client).json()
    response = client.get("/orders/1")
    assert (response.status_code, response.json()) == (200, created)


def test_unknown_order_is_404():
    response = TestClient(make_app()).get("/orders/99")
    assert (response.status_code, response.json()) == (404, {"detail": "order not found"})


def test_delete_answers_204_and_removes():
    client = TestClient(make_app())
    post(client)
    response = client.delete("/orders/1")
    assert (response.status_code, response.content) == (204, b"")
    assert client.get("/orders/1").status_code == 404


def test_delete_unknown_is_404():
    assert TestClient(make_app()).delete("/orders/5").status_code == 404
