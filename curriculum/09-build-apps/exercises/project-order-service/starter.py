from urllib.parse import urlencode

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

app = FastAPI()

PRODUCTS = {
    "TEA-001": {"name": "Green tea", "price": 4.5, "stock": 10},
    "MUG-002": {"name": "Mug", "price": 12.0, "stock": 3},
    "POT-003": {"name": "Teapot", "price": 35.0, "stock": 1},
}
orders = {}  # id -> order dict


class LineIn(BaseModel):
    sku: str
    quantity: int = Field(ge=1, le=10)


class OrderIn(BaseModel):
    customer: str = Field(min_length=1, max_length=50)
    items: list[LineIn] = Field(min_length=1, max_length=10)


class ApiError(Exception):
    def __init__(self, status, code, message):
        self.status, self.code, self.message = status, code, message


# TODO: exception handlers that answer {"error": {"code": …, "message": …}}


@app.post("/orders")
def place_order(data: OrderIn):
    lines = []
    for item in data.items:
        product = PRODUCTS[item.sku]
        product["stock"] -= item.quantity
        lines.append({"sku": item.sku, "name": product["name"], "quantity": item.quantity,
                      "unit_price": product["price"], "line_total": product["price"] * item.quantity})
    order = {"id": len(orders) + 1, "customer": data.customer, "status": "pending",
             "lines": lines, "total": sum(line["line_total"] for line in lines)}
    orders[order["id"]] = order
    return order

# Still to do: GET /products/{sku}, GET /orders, GET /orders/{id}, POST /orders/{id}/{action}
