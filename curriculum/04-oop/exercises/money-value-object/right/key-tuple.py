import functools


@functools.total_ordering
class Money:
    def __init__(self, cents, currency="EUR"):
        if type(cents) is not int:
            raise TypeError("Money needs whole cents")
        self.cents = cents
        self.currency = currency

    def _other(self, other):
        if other.currency != self.currency:
            raise ValueError("different currencies")
        return other.cents

    def __add__(self, other):
        if isinstance(other, Money):
            return Money(self.cents + self._other(other), self.currency)
        return NotImplemented

    def __sub__(self, other):
        if isinstance(other, Money):
            return Money(self.cents - self._other(other), self.currency)
        return NotImplemented

    def __mul__(self, n):
        if type(n) is int:
            return Money(self.cents * n, self.currency)
        return NotImplemented

    def __rmul__(self, n):
        return self.__mul__(n)

    def __eq__(self, other):
        if isinstance(other, Money):
            return self.cents == other.cents and self.currency == other.currency
        return False

    def __hash__(self):
        return hash(("Money", self.cents, self.currency))

    def __lt__(self, other):
        if isinstance(other, Money):
            return self.cents < self._other(other)
        return NotImplemented

    def __str__(self):
        text = f"{abs(self.cents) // 100}.{abs(self.cents) % 100:02d} {self.currency}"
        return "-" + text if self.cents < 0 else text

    def __repr__(self):
        return "Money(%d, %r)" % (self.cents, self.currency)
