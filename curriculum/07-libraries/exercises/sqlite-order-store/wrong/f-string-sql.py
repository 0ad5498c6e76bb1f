import sqlite3


def create_schema(conn):
    conn.execute(
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT NOT NULL, "
        "total REAL NOT NULL, status TEXT NOT NULL DEFAULT 'open')"
    )


def add_order(conn, customer, total, status="open"):
    cursor = conn.execute(
        f"INSERT INTO orders (customer, total, status) VALUES ('{customer}', {total}, '{status}')"
    )
    conn.commit()
    return cursor.lastrowid


def orders_for(conn, customer, min_total=0):
    rows = conn.execute(
        f"SELECT id, total, status FROM orders WHERE customer = '{customer}' "
        f"AND total >= {min_total} ORDER BY id"
    )
    return rows.fetchall()


def revenue_by_status(conn):
    rows = conn.execute("SELECT status, ROUND(SUM(total), 2) FROM orders GROUP BY status")
    return dict(rows.fetchall())
