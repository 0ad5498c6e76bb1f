REASONS = {200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently",
           400: "Bad Request", 404: "Not Found", 500: "Internal Server Error"}
class Response:
    def __init__(self, status, body="", headers=None):
        self.status, self.body = status, body
        self.headers = {k.lower(): v for k, v in (headers or {}).items()}
    def header(self, name): return self.headers.get(name.lower())
    def __repr__(self): return f"<Response {self.status} {REASONS.get(self.status, 'Unknown')}>"
    def __eq__(self, o):
        if type(o) is not Response:
            return False
        return (self.status, self.body, self.headers) == (o.status, o.body, o.headers)
    def __len__(self): return len(bytes(self.body, 'utf-8'))
    def __bool__(self): return 200 <= self.status < 400
