import sqlite3


def create_schema(conn):
    conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT, total REAL, status TEXT)")


def add_order(conn, customer, total, status="open"):
    conn.execute(
        "INSERT INTO orders (customer, total, status) VALUES (?, ?, ?)", (customer, total, status)
    )
    conn.commit()
    return conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0]


def orders_for(conn, customer, min_total=0):
    rows = conn.execute(
        "SELECT id, total, status FROM orders WHERE customer = ? AND total >= ? ORDER BY id",
        (customer, min_total),
    )
    return rows.fetchall()


def revenue_by_status(conn):
    rows = conn.execute("SELECT status, ROUND(SUM(total), 2) FROM orders GROUP BY status")
    return dict(rows.fetchall())
