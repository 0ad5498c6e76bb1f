from fastapi import FastAPI

app = FastAPI()

PRODUCTS = {
    1: {"id": 1, "name": "Desk lamp", "price_cents": 3900},
    2: {"id": 2, "name": "Tea pot", "price_cents": 2450},
    3: {"id": 3, "name": "Notebook", "price_cents": 450},
}


@app.get("/products/{product_id}")
def read_product(product_id: int):
    return PRODUCTS[product_id]
