"""Tags from per-product version numbers instead of hashes: same behaviour."""

from typing import Annotated

from fastapi import FastAPI, Header, HTTPException, Response
from pydantic import BaseModel, ConfigDict, Field

app = FastAPI()

PRODUCTS = {
    1: {"id": 1, "name": "Desk lamp", "price_cents": 3900},
    2: {"id": 2, "name": "Tea pot", "price_cents": 2450},
    3: {"id": 3, "name": "Notebook", "price_cents": 450},
}
VERSIONS = {product_id: 1 for product_id in PRODUCTS}


class ProductIn(BaseModel):
    model_config = ConfigDict(strict=True)
    name: str = Field(min_length=1)
    price_cents: int = Field(ge=0)


def etag(product_id: int) -> str:
    return f'"p{product_id}v{VERSIONS[product_id]}"'


def listed(header: str, *, weak_ok: bool) -> set[str]:
    found = set()
    for item in header.split(","):
        item = item.strip()
        if item.startswith("W/"):
            if not weak_ok:
                continue
            item = item[2:]
        found.add(item)
    return found


@app.get("/products/{product_id}")
def read_product(
    product_id: int,
    response: Response,
    if_none_match: Annotated[str | None, Header()] = None,
):
    if product_id not in PRODUCTS:
        raise HTTPException(status_code=404, detail="product not found")
    caching = {"ETag": etag(product_id), "Cache-Control": "max-age=60"}
    if if_none_match == "*" or (
        if_none_match is not None and etag(product_id) in listed(if_none_match, weak_ok=True)
    ):
        return Response(status_code=304, headers=caching)
    for name, value in caching.items():
        response.headers[name] = value
    return PRODUCTS[product_id]


@app.put("/products/{product_id}")
def replace_product(
    product_id: int,
    change: ProductIn,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
):
    if product_id not in PRODUCTS:
        raise HTTPException(status_code=404, detail="product not found")
    if if_match is not None and if_match != "*" and etag(product_id) not in listed(
        if_match, weak_ok=False
    ):
        raise HTTPException(status_code=412, detail="precondition failed")
    PRODUCTS[product_id] = {"id": product_id, "name": change.name, "price_cents": change.price_cents}
    VERSIONS[product_id] += 1
    response.headers["ETag"] = etag(product_id)
    return PRODUCTS[product_id]
