import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (
    id INTEGER PRIMARY KEY,
    customer TEXT NOT NULL,
    total REAL NOT NULL,
    status TEXT NOT NULL DEFAULT 'open'
);
"""


def create_schema(conn):
    conn.executescript(SCHEMA)


def add_order(conn, customer, total, status="open"):
    with conn:
        cursor = conn.cursor()
        cursor.execute(
            "INSERT INTO orders (customer, total, status) VALUES (:customer, :total, :status)",
            {"customer": customer, "total": total, "status": status},
        )
        return cursor.lastrowid


def orders_for(conn, customer, min_total=0):
    result = []
    query = "SELECT id, total, status, customer FROM orders WHERE customer = ? ORDER BY id"
    for order_id, total, status, _name in conn.execute(query, (customer,)):
        if total >= min_total:
            result.append((order_id, total, status))
    return result


def revenue_by_status(conn):
    sums = {}
    for status, total in conn.execute("SELECT status, total FROM orders ORDER BY id"):
        sums[status] = sums.get(status, 0) + total
    return {status: round(value, 2) for status, value in sums.items()}
