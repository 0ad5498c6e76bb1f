import re

VERSION = re.compile(r"[vV]?([0-9]+)\.([0-9]+)")


class ApiVersion:
    def __init__(self, text):
        found = VERSION.fullmatch(text.strip())
        if not found:
            raise ValueError("expected a version like v2.10")
        self.major, self.minor = int(found[1]), int(found[2])

    def _same(self, other):
        return isinstance(other, ApiVersion)

    def __eq__(self, other):
        return self._same(other) and (self.major, self.minor) == (other.major, other.minor)

    def __hash__(self):
        return hash((self.major, self.minor))

    def __lt__(self, other):
        if not self._same(other):
            return NotImplemented
        return (self.major, self.minor) < (other.major, other.minor)

    def __le__(self, other):
        if not self._same(other):
            return NotImplemented
        return (self.major, self.minor) <= (other.major, other.minor)

    def __gt__(self, other):
        if not self._same(other):
            return NotImplemented
        return (self.major, self.minor) > (other.major, other.minor)

    def __ge__(self, other):
        if not self._same(other):
            return NotImplemented
        return (self.major, self.minor) >= (other.major, other.minor)

    def __str__(self):
        return "v%d.%d" % (self.major, self.minor)

    def __repr__(self):
        return "ApiVersion('%s')" % self


def negotiate(requested, supported):
    wanted = ApiVersion(requested)
    best = None
    for text in supported:
        version = ApiVersion(text)
        if version.major != wanted.major or version > wanted:
            continue
        if best is None or version > best:
            best = version
    return None if best is None else str(best)
