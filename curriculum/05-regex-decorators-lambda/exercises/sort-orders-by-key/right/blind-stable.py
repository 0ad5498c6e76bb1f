from operator import itemgetter
PRIORITY = {"pending": 0, "paid": 1, "shipped": 2}
def sort_orders(orders):
    out = sorted(orders, key=itemgetter("id"))
    out.sort(key=itemgetter("total"), reverse=True)
    out.sort(key=lambda o: PRIORITY.get(o["status"], len(PRIORITY)))
    return out
def biggest_order(orders):
    best = None
    for o in orders:
        if best is None or o["total"] > best["total"]:
            best = o
    return best
