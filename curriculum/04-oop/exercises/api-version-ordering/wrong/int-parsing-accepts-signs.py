from functools import total_ordering


@total_ordering
class ApiVersion:
    """An API version such as 'v2.10', compared by its numbers."""

    def __init__(self, text):
        cleaned = text.strip().lower().removeprefix("v")
        parts = cleaned.split(".")
        if len(parts) != 2:
            raise ValueError(f"not an API version: {text!r}")
        try:
            self.major = int(parts[0])
            self.minor = int(parts[1])
        except ValueError:
            raise ValueError(f"not an API version: {text!r}") from None

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
    """Return the best supported version for the request, as a string, or None."""
    wanted = ApiVersion(requested)
    candidates = [
        version
        for version in (ApiVersion(text) for text in supported)
        if version.major == wanted.major and version <= wanted
    ]
    if not candidates:
        return None
    return str(max(candidates))
