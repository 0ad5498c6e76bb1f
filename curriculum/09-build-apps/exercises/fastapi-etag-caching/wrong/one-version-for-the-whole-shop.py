from typing import Annotated

from fastapi import FastAPI, Header, HTTPException, Response
from pydantic import BaseModel, Field, StrictInt

app = FastAPI()

PRODUCTS = {
    1: {"id": 1, "name": "Desk lamp", "price_cents": 3900},
    2: {"id": 2, "name": "Tea pot", "price_cents": 2450},
    3: {"id": 3, "name": "Notebook", "price_cents": 450},
}
version = 1  # bumped on every write: simple, but it changes every product's tag


class ProductIn(BaseModel):
    name: str = Field(min_length=1)
    price_cents: StrictInt = Field(ge=0)


def current_tag(product_id: int) -> str:
    return f'"{product_id}-{version}"'


def tags(header: str) -> list[str]:
    return [t.strip() for t in header.split(",")]


@app.get("/products/{product_id}")
def read_product(product_id: int, response: Response,
                 if_none_match: Annotated[str | None, Header()] = None):
    if product_id not in PRODUCTS:
        raise HTTPException(404, "product not found")
    headers = {"ETag": current_tag(product_id), "Cache-Control": "max-age=60"}
    if if_none_match is not None and (
        if_none_match == "*" or headers["ETag"] in [t.removeprefix("W/") for t in tags(if_none_match)]
    ):
        return Response(status_code=304, headers=headers)
    response.headers.update(headers)
    return PRODUCTS[product_id]


@app.put("/products/{product_id}")
def replace_product(product_id: int, change: ProductIn, response: Response,
                    if_match: Annotated[str | None, Header()] = None):
    global version
    if product_id not in PRODUCTS:
        raise HTTPException(404, "product not found")
    if if_match is not None and if_match != "*" and current_tag(product_id) not in tags(if_match):
        raise HTTPException(412, "changed")
    PRODUCTS[product_id].update(change.model_dump())
    version += 1
    response.headers["ETag"] = current_tag(product_id)
    return PRODUCTS[product_id]
