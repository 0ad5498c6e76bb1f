import json
from urllib.parse import parse_qs


def app(environ, start_response):
    method = environ["REQUEST_METHOD"]
    path = environ["PATH_INFO"]
    headers = []
    if path not in ("/health", "/hello"):
        status, payload = "404 Not Found", {"error": "not found"}
    elif method != "GET":
        status, payload = "405 Method Not Allowed", {"error": "method not allowed"}
        headers.append(("Allow", "GET"))
    elif path == "/health":
        status, payload = "200 OK", {"status": "ok"}
    else:
        name = parse_qs(environ.get("QUERY_STRING", "")).get("name", ["world"])[0]
        status, payload = "200 OK", {"message": f"Hello, {name}!"}
    text = json.dumps(payload, ensure_ascii=False)
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(text)))] + headers
    start_response(status, headers)
    return [text.encode("utf-8")]
