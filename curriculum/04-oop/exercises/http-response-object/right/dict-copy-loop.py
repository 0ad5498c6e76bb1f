REASONS = {200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently",
           400: "Bad Request", 404: "Not Found", 500: "Internal Server Error"}


class Response:
    def __init__(self, status, body="", headers=None):
        self.status = status
        self.body = body
        self.headers = {}
        if headers is not None:
            for name in headers:
                self.headers[name.lower()] = headers[name]

    def header(self, name):
        key = name.lower()
        return self.headers[key] if key in self.headers else None

    def __repr__(self):
        reason = REASONS[self.status] if self.status in REASONS else "Unknown"
        return "<Response %d %s>" % (self.status, reason)

    def __eq__(self, other):
        return (
            type(other) is Response
            and self.status == other.status
            and self.body == other.body
            and self.headers == other.headers
        )

    def __len__(self):
        return len(bytes(self.body, "utf-8"))

    def __bool__(self):
        return self.status in range(200, 400)
