import json
from urllib.parse import parse_qs


def app(environ, start_response):
    """A WSGI application: route on method and path, answer JSON."""
    method = environ["REQUEST_METHOD"]
    path = environ["PATH_INFO"]
    # Your code here: build the JSON body, call start_response, return [body_bytes]
    start_response("500 Internal Server Error", [("Content-Type", "text/plain")])
    return [b"not implemented yet"]
