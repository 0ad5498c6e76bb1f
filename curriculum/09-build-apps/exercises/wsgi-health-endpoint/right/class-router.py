import json
from http import HTTPStatus
from urllib.parse import parse_qsl


def status_line(code):
    status = HTTPStatus(code)
    return f"{status.value} {status.phrase}"


class JsonApp:
    """A tiny WSGI router: exact paths, GET only, JSON everywhere."""

    def __init__(self):
        self.routes = {"/health": self.health, "/hello": self.hello}

    def __call__(self, environ, start_response):
        handler = self.routes.get(environ.get("PATH_INFO", ""))
        if handler is None:
            return self.send(start_response, 404, {"error": "not found"})
        if environ.get("REQUEST_METHOD", "GET").upper() != "GET":
            return self.send(start_response, 405, {"error": "method not allowed"}, Allow="GET")
        return self.send(start_response, 200, handler(environ))

    @staticmethod
    def health(environ):
        return {"status": "ok"}

    @staticmethod
    def hello(environ):
        pairs = parse_qsl(environ.get("QUERY_STRING", ""))
        name = next((value for key, value in pairs if key == "name"), "") or "world"
        return {"message": "Hello, %s!" % name}

    @staticmethod
    def send(start_response, code, payload, **extra):
        body = json.dumps(payload, ensure_ascii=False).encode()
        headers = [("content-type", "application/json"), ("content-length", f"{len(body)}")]
        headers += list(extra.items())
        start_response(status_line(code), headers)
        return iter([body])


app = JsonApp()
