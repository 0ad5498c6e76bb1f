def parse_orders_csv(text):
    lines = text.splitlines()
    header = [name.strip().lower().replace(" ", "_") for name in lines[0].split(",")]
    orders = []
    for line in lines[1:]:
        cells = [value.strip() for value in line.split(",")]
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
        lines.append(f"{customer},{total:.2f}")
    return "\n".join(lines) + "\n"
