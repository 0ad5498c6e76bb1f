import json
from urllib.parse import parse_qs


def app(environ, start_response):
    method = environ["REQUEST_METHOD"]
    path = environ["PATH_INFO"]
    if path == "/health" and method == "GET":
        payload = {"status": "ok"}
    elif path == "/hello" and method == "GET":
        name = parse_qs(environ.get("QUERY_STRING", "")).get("name", ["world"])[0]
        payload = {"message": f"Hello, {name}!"}
    else:
        payload = {"error": "not found"}
    body = json.dumps(payload).encode("utf-8")
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
