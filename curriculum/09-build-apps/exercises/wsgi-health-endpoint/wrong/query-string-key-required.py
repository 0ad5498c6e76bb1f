import json
from urllib.parse import parse_qs


def respond(start_response, status, payload, extra=()):
    body = json.dumps(payload).encode("utf-8")
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    headers.extend(extra)
    start_response(status, headers)
    return [body]


def app(environ, start_response):
    method = environ["REQUEST_METHOD"]
    path = environ["PATH_INFO"]
    if path not in ("/health", "/hello"):
        return respond(start_response, "404 Not Found", {"error": "not found"})
    if method != "GET":
        return respond(start_response, "405 Method Not Allowed",
                       {"error": "method not allowed"}, [("Allow", "GET")])
    if path == "/health":
        return respond(start_response, "200 OK", {"status": "ok"})
    query = parse_qs(environ["QUERY_STRING"])
    name = query.get("name", [""])[0] or "world"
    return respond(start_response, "200 OK", {"message": f"Hello, {name}!"})
