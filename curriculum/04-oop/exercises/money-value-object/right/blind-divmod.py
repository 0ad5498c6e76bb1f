from functools import total_ordering
@total_ordering
class Money:
    def __init__(self, cents, currency="EUR"):
        if type(cents) is not int:
            raise TypeError("cents must be int")
        self.cents, self.currency = cents, currency
    def _same(self, other):
        if not isinstance(other, Money): raise TypeError
        if other.currency != self.currency: raise ValueError
    def __add__(self, o):
        if not isinstance(o, Money): return NotImplemented
        self._same(o); return Money(self.cents + o.cents, self.currency)
    def __sub__(self, o):
        if not isinstance(o, Money): return NotImplemented
        self._same(o); return Money(self.cents - o.cents, self.currency)
    def __mul__(self, k):
        if type(k) is not int: return NotImplemented
        return Money(self.cents * k, self.currency)
    __rmul__ = __mul__
    def __eq__(self, o):
        if not isinstance(o, Money): return NotImplemented
        return (self.cents, self.currency) == (o.cents, o.currency)
    def __hash__(self): return hash((self.cents, self.currency))
    def __lt__(self, o):
        self._same(o); return self.cents < o.cents
    def __str__(self):
        whole, rest = divmod(abs(self.cents), 100)
        return ("-" if self.cents < 0 else "") + "%d.%02d %s" % (whole, rest, self.currency)
    def __repr__(self): return f"Money({self.cents}, {self.currency!r})"
