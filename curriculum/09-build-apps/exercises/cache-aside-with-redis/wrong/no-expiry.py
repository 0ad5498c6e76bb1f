import json

PRODUCT_TTL = 300
MISSING_TTL = 30


def cache_key(product_id):
    return f"product:{product_id}"


def get_product(cache, db, product_id):
    key = cache_key(product_id)
    try:
        raw = cache.get(key)
    except ConnectionError:
        return db.load(product_id)
    if raw is not None:
        try:
            return json.loads(raw)
        except ValueError:
            pass  # a damaged entry: load and overwrite it
    product = db.load(product_id)
    ttl = PRODUCT_TTL if product is not None else MISSING_TTL
    try:
        cache.set(key, json.dumps(product))
    except ConnectionError:
        pass
    return product


def update_product(cache, db, product):
    db.save(product)
    try:
        cache.delete(cache_key(product["id"]))
    except ConnectionError:
        pass
