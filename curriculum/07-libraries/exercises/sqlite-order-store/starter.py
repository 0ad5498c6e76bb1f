import sqlite3


def create_schema(conn):
    """Create the orders table."""
    # Your code here


def add_order(conn, customer, total, status="open"):
    """Insert an order, commit, and return its id."""
    # Your code here
    return None


def orders_for(conn, customer, min_total=0):
    """(id, total, status) tuples of a customer's orders with total >= min_total, by id."""
    # Your code here
    return []


def revenue_by_status(conn):
    """{status: total revenue rounded to 2 decimals}."""
    # Your code here
    return {}
