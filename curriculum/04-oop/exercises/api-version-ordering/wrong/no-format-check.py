from functools import total_ordering


@total_ordering
class ApiVersion:
    def __init__(self, text):
        major, minor = text.strip().lower().lstrip("v").split(".")[:2]
        self.major = int(major)
        self.minor = int(minor)

    def _key(self):
        return (self.major, self.minor)

    def __eq__(self, other):
        if not isinstance(other, ApiVersion):
            return NotImplemented
        return self._key() == other._key()

    def __lt__(self, other):
        if not isinstance(other, ApiVersion):
            return NotImplemented
        return self._key() < other._key()

    def __hash__(self):
        return hash(self._key())

    def __str__(self):
        return f"v{self.major}.{self.minor}"

    def __repr__(self):
        return f"ApiVersion({str(self)!r})"


def negotiate(requested, supported):
    wanted = ApiVersion(requested)
    candidates = [v for v in map(ApiVersion, supported) if v.major == wanted.major and v <= wanted]
    return str(max(candidates)) if candidates else None
