import csv
import io


def parse_orders_csv(text):
    reader = csv.reader(io.StringIO(text))
    header = [name.strip().lower().replace(" ", "_") for name in next(reader, [])]
    orders = []
    for values in reader:
        cells = [value.strip() for value in values]
        if not any(cells):
            continue
        order = dict(zip(header, cells))
        order["quantity"] = int(order["quantity"])
        order["unit_price"] = float(order["unit_price"])
        order["total"] = round(order["quantity"] * order["unit_price"], 2)
        orders.append(order)
    return orders


def totals_csv(orders):
    totals = {}
    for order in orders:
        totals[order["customer"]] = totals.get(order["customer"], 0) + order["total"]
    lines = ["customer,total"]
    for customer, total in totals.items():
        name = f'"{customer}"' if "," in customer else customer
        lines.append(f"{name},{round(total, 2):.2f}")
    return "\n".join(lines) + "\n"
