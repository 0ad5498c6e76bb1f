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
    quantity: int = Field(strict=True, ge=1, le=10)


class OrderIn(BaseModel):
    customer: str = Field(min_length=1, max_length=49)
    items: list[LineIn] = Field(min_length=1, max_length=10)

TRANSITIONS = {
    "pay": ({"pending"}, "paid"),
    "ship": ({"paid"}, "shipped"),
    "cancel": ({"pending", "paid"}, "cancelled"),
}


class ApiError(Exception):
    def __init__(self, status, code, message):
        self.status, self.code, self.message = status, code, message


def error_body(code, message):
    return {"error": {"code": code, "message": message}}


@app.exception_handler(ApiError)
async def api_error(request: Request, exc: ApiError):
    return JSONResponse(error_body(exc.code, exc.message), status_code=exc.status)


@app.exception_handler(RequestValidationError)
async def validation_error(request: Request, exc: RequestValidationError):
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return JSONResponse(error_body("validation_error", f"{where}: {first['msg']}"), status_code=422)


def find_order(order_id):
    if order_id not in orders:
        raise ApiError(404, "not_found", f"no order {order_id}")
    return orders[order_id]


@app.get("/products/{sku}")
def get_product(sku: str):
    if sku not in PRODUCTS:
        raise ApiError(404, "not_found", f"no product {sku}")
    return {"sku": sku, **PRODUCTS[sku]}


@app.post("/orders", status_code=201)
def place_order(data: OrderIn):
    needed = {}
    for item in data.items:
        if item.sku not in PRODUCTS:
            raise ApiError(422, "unknown_sku", f"unknown sku {item.sku}")
        needed[item.sku] = needed.get(item.sku, 0) + item.quantity
    for sku, quantity in needed.items():
        product = PRODUCTS[sku]
        if product["stock"] < quantity:
            raise ApiError(409, "out_of_stock", f"only {product['stock']} {product['name']} left")
    lines = []
    for item in data.items:
        product = PRODUCTS[item.sku]
        product["stock"] -= item.quantity
        lines.append({
            "sku": item.sku,
            "name": product["name"],
            "quantity": item.quantity,
            "unit_price": product["price"],
            "line_total": round(product["price"] * item.quantity, 2),
        })
    order_id = len(orders) + 1
    order = {
        "id": order_id,
        "customer": data.customer,
        "status": "pending",
        "lines": lines,
        "total": round(sum(line["line_total"] for line in lines), 2),
    }
    orders[order_id] = order
    return order


@app.get("/orders")
def list_orders(
    limit: int = Query(5, ge=1, le=20),
    offset: int = Query(0, ge=0),
    status: str | None = None,
):
    matching = [o for _, o in sorted(orders.items()) if status is None or o["status"] == status]
    next_url = None
    if offset + limit < len(matching):
        params = {"limit": limit, "offset": offset + limit}
        if status is not None:
            params["status"] = status
        next_url = "/orders?" + urlencode(params)
    return {"items": matching[offset:offset + limit], "total": len(matching), "next": next_url}


@app.get("/orders/{order_id}")
def get_order(order_id: int):
    return find_order(order_id)


@app.post("/orders/{order_id}/{action}")
def change_state(order_id: int, action: str):
    order = find_order(order_id)
    if action not in TRANSITIONS:
        raise ApiError(404, "not_found", f"no action {action}")
    allowed_from, new_status = TRANSITIONS[action]
    if order["status"] not in allowed_from:
        raise ApiError(409, "invalid_transition", f"cannot {action} an order that is {order['status']}")
    if action == "cancel":
        for line in order["lines"]:
            PRODUCTS[line["sku"]]["stock"] += line["quantity"]
    order["status"] = new_status
    return order
