import hashlib
import json
from typing import Annotated

from fastapi import FastAPI, Header, HTTPException, Response
from pydantic import BaseModel, Field, StrictInt

app = FastAPI()

PRODUCTS = {
    1: {"id": 1, "name": "Desk lamp", "price_cents": 3900},
    2: {"id": 2, "name": "Tea pot", "price_cents": 2450},
    3: {"id": 3, "name": "Notebook", "price_cents": 450},
}
CACHE_CONTROL = "max-age=60"


class ProductIn(BaseModel):
    name: str = Field(min_length=1)
    price_cents: int = Field(ge=0)


def etag_of(product: dict) -> str:
    body = json.dumps(product, sort_keys=True, separators=(",", ":")).encode()
    return '"' + hashlib.sha256(body).hexdigest()[:16] + '"'


def tags_in(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def none_match(header: str | None, etag: str) -> bool:
    if header is None:
        return False
    if header.strip() == "*":
        return True
    return etag in [tag.removeprefix("W/") for tag in tags_in(header)]


def match(header: str | None, etag: str) -> bool:
    if header is None or header.strip() == "*":
        return True
    return etag in tags_in(header)  # strong: a W/ tag is never equal to ours


def find(product_id: int) -> dict:
    if product_id not in PRODUCTS:
        raise HTTPException(status_code=404, detail="product not found")
    return PRODUCTS[product_id]


@app.get("/products/{product_id}")
def read_product(
    product_id: int,
    response: Response,
    if_none_match: Annotated[str | None, Header()] = None,
):
    product = find(product_id)
    headers = {"ETag": etag_of(product), "Cache-Control": CACHE_CONTROL}
    if none_match(if_none_match, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    response.headers.update(headers)
    return product


@app.put("/products/{product_id}")
def replace_product(
    product_id: int,
    change: ProductIn,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
):
    product = find(product_id)
    if not match(if_match, etag_of(product)):
        raise HTTPException(status_code=412, detail="the product changed; read it again")
    product.update(change.model_dump())
    response.headers["ETag"] = etag_of(product)
    return product
