import csv
import io


def parse_orders_csv(text):
    orders = []
    for row in csv.DictReader(io.StringIO(text)):
        order = {key.strip(): (value or "").strip() for key, value in row.items()}
        if not any(order.values()):
            continue
        orders.append(order)
    return orders


def totals_csv(orders):
    totals = {}
    for order in orders:
        totals[order["Customer"]] = totals.get(order["Customer"], 0) + float(order["Quantity"]) * float(order["Unit Price"])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["customer", "total"])
    for customer, total in totals.items():
        writer.writerow([customer, f"{total:.2f}"])
    return buffer.getvalue()
