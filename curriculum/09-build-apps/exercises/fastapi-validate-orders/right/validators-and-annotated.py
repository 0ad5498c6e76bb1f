import re
from typing import Annotated

from fastapi import APIRouter, FastAPI, status
from pydantic import BaseModel, ConfigDict, StrictFloat, StrictInt, field_validator

SKU = re.compile(r"[A-Z]{3}-[0-9]{3}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Line(Strict):
    sku: str
    quantity: StrictInt
    unit_price: StrictInt | StrictFloat

    @field_validator("sku")
    @classmethod
    def sku_shape(cls, value: str) -> str:
        if not SKU.fullmatch(value):
            raise ValueError("sku looks like TEA-001")
        return value

    @field_validator("quantity")
    @classmethod
    def quantity_range(cls, value: int) -> int:
        if not 1 <= value <= 100:
            raise ValueError("quantity is 1..100")
        return value

    @field_validator("unit_price")
    @classmethod
    def price_positive(cls, value: float) -> float:
        if value <= 0:
            raise ValueError("unit_price must be positive")
        return value


class Order(Strict):
    customer_email: str
    items: list[Line]

    @field_validator("customer_email")
    @classmethod
    def email_shape(cls, value: str) -> str:
        if EMAIL.fullmatch(value) is None:
            raise ValueError("not an e-mail address")
        return value

    @field_validator("items")
    @classmethod
    def items_count(cls, value: list) -> list:
        if not 1 <= len(value) <= 20:
            raise ValueError("1 to 20 lines")
        return value


router = APIRouter()


@router.post("/orders", status_code=status.HTTP_201_CREATED)
def place(order: Annotated[Order, "the order body"]):
    total = 0.0
    for line in order.items:
        total += line.quantity * line.unit_price
    return {"customer_email": order.customer_email, "item_count": len(order.items), "total": round(total, 2)}


app = FastAPI()
app.include_router(router)
