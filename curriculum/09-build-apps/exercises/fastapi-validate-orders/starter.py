from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field

app = FastAPI()


class OrderLine(BaseModel):
    sku: str
    quantity: int
    unit_price: float


class Order(BaseModel):
    customer_email: str
    items: list[OrderLine]


@app.post("/orders")
def create_order(order: Order):
    # Add the constraints to the models, the right status code, and the summary.
    return {"customer_email": order.customer_email}
