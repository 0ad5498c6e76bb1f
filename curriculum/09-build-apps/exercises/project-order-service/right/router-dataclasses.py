from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, HTTPException, Query
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, StrictInt, StringConstraints, conlist

PRODUCTS = {
    "TEA-001": {"name": "Green tea", "price": 4.5, "stock": 10},
    "MUG-002": {"name": "Mug", "price": 12.0, "stock": 3},
    "POT-003": {"name": "Teapot", "price": 35.0, "stock": 1},
}

NEXT_STATE = {
    ("pending", "pay"): "paid",
    ("paid", "ship"): "shipped",
    ("pending", "cancel"): "cancelled",
    ("paid", "cancel"): "cancelled",
}


class Problem(HTTPException):
    def __init__(self, status_code: int, code: str, message: str):
        super().__init__(status_code, message)
        self.code = code


class ItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a client-sent price is refused outright
    sku: str
    quantity: Annotated[StrictInt, Query(ge=1, le=10)]


class OrderIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    customer: Annotated[str, StringConstraints(min_length=1, max_length=50)]
    items: conlist(ItemIn, min_length=1, max_length=10)


@dataclass
class Order:
    id: int
    customer: str
    lines: list
    total: float
    status: str = "pending"


@dataclass
class Book:
    orders: list = field(default_factory=list)

    def get(self, order_id: int) -> Order:
        if not 1 <= order_id <= len(self.orders):
            raise Problem(404, "not_found", "no such order")
        return self.orders[order_id - 1]


book = Book()
router = APIRouter()


def view(order: Order) -> dict:
    data = asdict(order)
    return {k: data[k] for k in ("id", "customer", "status", "lines", "total")}


@router.get("/products/{sku}")
def product(sku: str):
    if sku not in PRODUCTS:
        raise Problem(404, "not_found", "no such product")
    return dict(sku=sku, **PRODUCTS[sku])


@router.post("/orders", status_code=201)
def place(body: OrderIn):
    unknown = [i.sku for i in body.items if i.sku not in PRODUCTS]
    if unknown:
        raise Problem(422, "unknown_sku", "unknown: " + ", ".join(unknown))
    wanted = Counter()
    for item in body.items:
        wanted[item.sku] += item.quantity
    short = [sku for sku, n in wanted.items() if n > PRODUCTS[sku]["stock"]]
    if short:
        raise Problem(409, "out_of_stock", "not enough " + ", ".join(short))
    for sku, n in wanted.items():
        PRODUCTS[sku]["stock"] -= n
    lines = [
        {
            "sku": i.sku,
            "name": PRODUCTS[i.sku]["name"],
            "quantity": i.quantity,
            "unit_price": PRODUCTS[i.sku]["price"],
            "line_total": round(i.quantity * PRODUCTS[i.sku]["price"], 2),
        }
        for i in body.items
    ]
    order = Order(len(book.orders) + 1, body.customer, lines, round(sum(l["line_total"] for l in lines), 2))
    book.orders.append(order)
    return view(order)


@router.get("/orders")
def listing(
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
    offset: Annotated[int, Query(ge=0)] = 0,
    status: str | None = None,
):
    chosen = [o for o in book.orders if status in (None, o.status)]
    page = chosen[offset : offset + limit]
    nxt = None
    if len(chosen) > offset + limit:
        query = {"offset": offset + limit, "limit": limit}
        if status:
            query["status"] = status
        nxt = f"/orders?{urlencode(query)}"
    return {"items": [view(o) for o in page], "total": len(chosen), "next": nxt}


@router.get("/orders/{order_id}")
def one(order_id: int):
    return view(book.get(order_id))


@router.post("/orders/{order_id}/{action}")
def move(order_id: int, action: str):
    order = book.get(order_id)
    if action not in {"pay", "ship", "cancel"}:
        raise Problem(404, "not_found", f"no action {action}")
    target = NEXT_STATE.get((order.status, action))
    if target is None:
        raise Problem(409, "invalid_transition", f"cannot {action} from {order.status}")
    if target == "cancelled":
        for line in order.lines:
            PRODUCTS[line["sku"]]["stock"] += line["quantity"]
    order.status = target
    return view(order)


app = FastAPI()
app.include_router(router)


@app.exception_handler(Problem)
async def problem(_request, exc: Problem):
    return JSONResponse({"error": {"code": exc.code, "message": exc.detail}}, status_code=exc.status_code)


@app.exception_handler(RequestValidationError)
async def invalid(_request, exc: RequestValidationError):
    return JSONResponse({"error": {"code": "validation_error", "message": str(exc.errors()[0]["msg"])}}, status_code=422)
