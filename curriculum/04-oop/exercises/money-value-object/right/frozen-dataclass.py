from dataclasses import dataclass
from functools import total_ordering


@total_ordering
@dataclass(frozen=True)
class Money:
    cents: int
    currency: str = "EUR"

    def __post_init__(self):
        if type(self.cents) is not int:
            raise TypeError("cents must be an int")

    def _check(self, other):
        if not isinstance(other, Money):
            return False
        if other.currency != self.currency:
            raise ValueError("different currencies")
        return True

    def __add__(self, other):
        if not self._check(other):
            return NotImplemented
        return Money(self.cents + other.cents, self.currency)

    def __sub__(self, other):
        if not self._check(other):
            return NotImplemented
        return Money(self.cents - other.cents, self.currency)

    def __mul__(self, factor):
        if type(factor) is not int:
            return NotImplemented
        return Money(self.cents * factor, self.currency)

    def __rmul__(self, factor):
        return self * factor if type(factor) is int else NotImplemented

    def __lt__(self, other):
        if not self._check(other):
            return NotImplemented
        return self.cents < other.cents

    def __str__(self):
        whole, rest = divmod(abs(self.cents), 100)
        return ("-" if self.cents < 0 else "") + f"{whole}.{rest:02d} {self.currency}"

    def __repr__(self):
        return f"Money({self.cents}, {self.currency!r})"
