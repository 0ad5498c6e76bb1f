import sqlite3


def create_schema(conn):
    conn.execute(
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT NOT NULL, "
        "total REAL NOT NULL, status TEXT NOT NULL DEFAULT 'open')"
    )


def add_order(conn, customer, total, status="open"):
    cursor = conn.execute(
        "INSERT INTO orders (customer, total, status) VALUES (?, ?, ?)", (customer, total, status)
    )
    conn.commit()
    return cursor.lastrowid


def orders_for(conn, customer, min_total=0):
    rows = conn.execute(
        "SELECT id, total, status FROM orders WHERE customer = ? AND total > ? ORDER BY id",
        (customer, min_total),
    )
    return rows.fetchall()


def revenue_by_status(conn):
    rows = conn.execute("SELECT status, SUM(total) FROM orders GROUP BY status")
    return dict(rows.fetchall())
