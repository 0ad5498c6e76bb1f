from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field

app = FastAPI()


class OrderLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku: str = Field(pattern=r"^[A-Z]{3}-[0-9]{3}$")
    quantity: int = Field(strict=True, ge=1, le=100)
    unit_price: float = Field(gt=0)


class Order(BaseModel):
    model_config = ConfigDict(extra="forbid")

    customer_email: str = Field(pattern=r"^[^@\s]+@[^@\s]+$")
    items: list[OrderLine] = Field(min_length=1, max_length=20)


@app.post("/orders", status_code=201)
def create_order(order: Order):
    total = sum(line.quantity * line.unit_price for line in order.items)
    return {
        "customer_email": order.customer_email,
        "item_count": len(order.items),
        "total": round(total, 2),
    }
