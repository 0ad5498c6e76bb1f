import csv
from io import StringIO


def parse_orders_csv(text):
    reader = csv.DictReader(StringIO(text))
    reader.fieldnames = ["_".join(name.strip().lower().split(" ")) for name in reader.fieldnames or []]
    result = []
    for row in reader:
        clean = {key: (value or "").strip() for key, value in row.items()}
        if all(value == "" for value in clean.values()):
            continue
        quantity = int(clean["quantity"])
        price = float(clean["unit_price"])
        clean.update(quantity=quantity, unit_price=price, total=round(quantity * price, 2))
        result.append(clean)
    return result


def totals_csv(orders):
    customers = []
    sums = {}
    for order in orders:
        if order["customer"] not in sums:
            customers.append(order["customer"])
            sums[order["customer"]] = 0.0
        sums[order["customer"]] += order["total"]
    out = StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([("customer", "total")] + [(c, "%.2f" % sums[c]) for c in customers])
    return out.getvalue()
