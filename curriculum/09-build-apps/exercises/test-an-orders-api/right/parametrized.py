import pytest
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



def create(client, **changes):
    body = {"item": "tea", "quantity": 2, **changes}
    return client.post("/orders", json=body)


@pytest.mark.parametrize("quantity, code", [(1, 201), (10, 201), (0, 422), (11, 422), ("2", 422), (True, 422)])
def test_quantity(quantity, code):
    assert create(TestClient(make_app()), quantity=quantity).status_code == code


@pytest.mark.parametrize(
    "item, code",
    [("x" * 50, 201), pytest.param("x" * 51, 422, id="too-long"), ("", 422), ("  ", 422)],
)
def test_item_length(item, code):
    assert create(TestClient(make_app()), item=item).status_code == code


def test_created_order_and_its_address():
    client = TestClient(make_app())
    first = create(client, item=" Tea ")
    second = create(client)
    assert first.status_code == 201
    assert first.json() == {"id": 1, "item": "Tea", "quantity": 2, "status": "new"}
    assert [first.headers["location"], second.headers["location"]] == ["/orders/1", "/orders/2"]
    assert client.get(first.headers["location"]).json() == first.json()


@pytest.mark.parametrize("method", ["get", "delete"])
def test_unknown_ids(method):
    response = getattr(TestClient(make_app()), method)("/orders/42")
    assert response.status_code == 404
    assert response.json() == {"detail": "order not found"}


def test_delete_really_deletes():
    client = TestClient(make_app())
    create(client)
    response = client.delete("/orders/1")
    assert response.status_code == 204 and not response.content
    assert client.get("/orders/1").status_code == 404
