import json


def get_product(cache, db, product_id):
    return db.load(product_id)


def update_product(cache, db, product):
    db.save(product)
