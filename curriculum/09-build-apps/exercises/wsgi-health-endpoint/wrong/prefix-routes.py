import json
from urllib.parse import parse_qs

ROUTES = ("/health", "/hello")


def respond(start_response, status, payload, extra_headers=()):
    body = json.dumps(payload).encode("utf-8")
    headers = [
        ("Content-Type", "application/json"),
        ("Content-Length", str(len(body))),
        *extra_headers,
    ]
    start_response(status, headers)
    return [body]


def app(environ, start_response):
    """A WSGI application: route on method and path, answer JSON."""
    method = environ["REQUEST_METHOD"]
    path = environ["PATH_INFO"]
    if not path.startswith(ROUTES):
        return respond(start_response, "404 Not Found", {"error": "not found"})
    if method != "GET":
        return respond(
            start_response,
            "405 Method Not Allowed",
            {"error": "method not allowed"},
            [("Allow", "GET")],
        )
    if path.startswith("/health"):
        return respond(start_response, "200 OK", {"status": "ok"})
    params = parse_qs(environ.get("QUERY_STRING", ""))
    name = params.get("name", ["world"])[0]
    return respond(start_response, "200 OK", {"message": f"Hello, {name}!"})
