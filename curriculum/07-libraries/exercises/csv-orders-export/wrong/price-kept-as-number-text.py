import csv
import io


def _number(text):
    return float(text) if "." in text else int(text)


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
        order["unit_price"] = _number(order["unit_price"])
        order["total"] = round(order["quantity"] * order["unit_price"], 2)
        orders.append(order)
    return orders


def totals_csv(orders):
    totals = {}
    for order in orders:
        totals[order["customer"]] = totals.get(order["customer"], 0) + order["total"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["customer", "total"])
    for customer, total in totals.items():
        writer.writerow([customer, f"{total:.2f}"])
    return buffer.getvalue()
