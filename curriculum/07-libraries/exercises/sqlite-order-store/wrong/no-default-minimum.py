import sqlite3


def create_schema(conn):
    """Create the orders table."""
    conn.execute(
        """
        CREATE TABLE orders (
            id INTEGER PRIMARY KEY,
            customer TEXT NOT NULL,
            total REAL NOT NULL,
            status TEXT NOT NULL DEFAULT 'open'
        )
        """
    )
    conn.commit()


def add_order(conn, customer, total, status="open"):
    """Insert an order, commit, and return its id."""
    cursor = conn.execute(
        "INSERT INTO orders (customer, total, status) VALUES (?, ?, ?)",
        (customer, total, status),
    )
    conn.commit()
    return cursor.lastrowid


def orders_for(conn, customer, min_total=0):
    """(id, total, status) tuples of a customer's orders with total >= min_total, by id."""
    rows = conn.execute(
        "SELECT id, total, status FROM orders WHERE customer = ? AND (? IS NULL OR total >= ?) ORDER BY id",
        (customer, min_total or None, min_total or None),
    )
    return rows.fetchall()


def revenue_by_status(conn):
    """{status: total revenue rounded to 2 decimals}."""
    rows = conn.execute("SELECT status, ROUND(SUM(total), 2) FROM orders GROUP BY status")
    return dict(rows.fetchall())
