"""The same behaviour organised as a small class behind the two functions."""

import json
from contextlib import suppress


class ProductCache:
    def __init__(self, cache, db):
        self.cache, self.db = cache, db

    @staticmethod
    def key(product_id):
        return "product:" + str(product_id)

    def read(self, product_id):
        try:
            raw = self.cache.get(self.key(product_id))
        except ConnectionError:
            return self.db.load(product_id)
        if raw is not None:
            try:
                return json.loads(raw.decode() if isinstance(raw, bytes) else raw)
            except (ValueError, UnicodeDecodeError):
                pass
        return self.fill(product_id)

    def fill(self, product_id):
        product = self.db.load(product_id)
        with suppress(ConnectionError):
            self.cache.set(
                self.key(product_id),
                "null" if product is None else json.dumps(product),
                ex=30 if product is None else 300,
            )
        return product

    def write(self, product):
        self.db.save(product)
        with suppress(ConnectionError):
            self.cache.delete(self.key(product["id"]))


def get_product(cache, db, product_id):
    return ProductCache(cache, db).read(product_id)


def update_product(cache, db, product):
    ProductCache(cache, db).write(product)
