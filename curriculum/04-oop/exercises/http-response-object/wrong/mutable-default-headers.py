REASONS = {200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently",
           400: "Bad Request", 404: "Not Found", 500: "Internal Server Error"}


class Response:
    """An HTTP response: status, text body and case-insensitive headers."""

    def __init__(self, status, body="", headers={}):
        self.status = status
        self.body = body
        for name in list(headers):
            headers[name.lower()] = headers.pop(name)
        self.headers = headers

    def header(self, name):
        return self.headers.get(name.lower())

    def __repr__(self):
        return f"<Response {self.status} {REASONS.get(self.status, 'Unknown')}>"

    def __eq__(self, other):
        if not isinstance(other, Response):
            return NotImplemented
        return (self.status, self.body, self.headers) == (other.status, other.body, other.headers)

    def __len__(self):
        return len(self.body.encode("utf-8"))

    def __bool__(self):
        return 200 <= self.status < 400
