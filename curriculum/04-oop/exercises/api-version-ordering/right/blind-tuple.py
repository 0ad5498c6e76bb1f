import string

class ApiVersion:
    def __init__(self, text):
        body = text.strip()
        if body[:1] in ("v", "V") and body:
            body = body[1:]
        major, dot, minor = body.partition(".")
        for part in (major, minor):
            if not part or any(ch not in string.digits for ch in part):
                raise ValueError(f"bad version: {text!r}")
        if not dot:
            raise ValueError(text)
        self.major, self.minor = int(major), int(minor)

    def _key(self):
        return (self.major, self.minor)

    def __str__(self):
        return "v%d.%d" % self._key()

    def __repr__(self):
        return "ApiVersion(%r)" % str(self)

    def __hash__(self):
        return hash(self._key())

    def __eq__(self, other):
        return isinstance(other, ApiVersion) and self._key() == other._key()

    def _cmp(self, other):
        if not isinstance(other, ApiVersion):
            raise TypeError("can only compare ApiVersion with ApiVersion")
        return other._key()

    def __lt__(self, other): return self._key() < self._cmp(other)
    def __le__(self, other): return self._key() <= self._cmp(other)
    def __gt__(self, other): return self._key() > self._cmp(other)
    def __ge__(self, other): return self._key() >= self._cmp(other)

def negotiate(requested, supported):
    want = ApiVersion(requested)
    ok = sorted(v for v in map(ApiVersion, supported) if v.major == want.major and v <= want)
    return str(ok[-1]) if ok else None
