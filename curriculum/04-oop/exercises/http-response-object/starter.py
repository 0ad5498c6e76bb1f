REASONS = {200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently",
           400: "Bad Request", 404: "Not Found", 500: "Internal Server Error"}


class Response:
    def __init__(self, status, body="", headers=None):
        # Your code here
        pass

    def header(self, name):
        pass

    # Add __repr__, __eq__, __len__ and __bool__
