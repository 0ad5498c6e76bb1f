import csv
import io


def parse_orders_csv(text):
    reader = csv.DictReader(io.StringIO(text))
    orders = []
    for row in reader:
        if not any(row.values()):
            continue
        order = {key.strip().lower().replace(" ", "_"): value.strip() for key, value in row.items()}
        order["quantity"] = int(order["quantity"])
        order["unit_price"] = float(order["unit_price"])
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
