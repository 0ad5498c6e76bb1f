import json
from http import HTTPStatus
from urllib.parse import parse_qsl


def _health(environ):
    return HTTPStatus.OK, {"status": "ok"}


def _hello(environ):
    params = dict(parse_qsl(environ.get("QUERY_STRING") or "", keep_blank_values=True))
    who = params.get("name") or "world"
    return HTTPStatus.OK, {"message": "Hello, " + who + "!"}


ROUTES = {"/health": _health, "/hello": _hello}


def app(environ, start_response):
    handler = ROUTES.get(environ.get("PATH_INFO", ""))
    extra = []
    if handler is None:
        status, payload = HTTPStatus.NOT_FOUND, {"error": "not found"}
    elif environ.get("REQUEST_METHOD") != "GET":
        status, payload = HTTPStatus.METHOD_NOT_ALLOWED, {"error": "method not allowed"}
        extra.append(("Allow", "GET"))
    else:
        status, payload = handler(environ)
    data = json.dumps(payload, ensure_ascii=False).encode()
    start_response(
        f"{status.value} {status.phrase}",
        [("Content-Type", "application/json; charset=utf-8"), ("content-length", str(len(data)))] + extra,
    )
    return iter([data])
