from functools import total_ordering


@total_ordering
class Money:
    """An amount of money in whole cents of one currency."""

    def __init__(self, cents, currency="EUR"):
        if not isinstance(cents, int) or isinstance(cents, bool):
            raise TypeError("cents must be a whole number (an int)")
        self.cents = cents
        self.currency = currency

    def _same_currency(self, other):
        if other.currency != self.currency:
            raise ValueError(f"cannot combine {self.currency} and {other.currency}")

    def __add__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return Money(self.cents + other.cents, self.currency)

    def __radd__(self, other):
        if other == 0 and not isinstance(other, bool):
            return Money(self.cents, self.currency)
        return NotImplemented

    def __sub__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return Money(self.cents - other.cents, self.currency)

    def __mul__(self, factor):
        if not isinstance(factor, int) or isinstance(factor, bool):
            return NotImplemented
        return Money(self.cents * factor, self.currency)

    __rmul__ = __mul__

    def __eq__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        return (self.cents, self.currency) == (other.cents, other.currency)

    def __hash__(self):
        return hash((self.cents, self.currency))

    def __lt__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return self.cents < other.cents

    def __str__(self):
        sign = "-" if self.cents < 0 else ""
        units, cents = divmod(abs(self.cents), 100)
        return f"{sign}{units}.{cents:02d} {self.currency}"

    def __repr__(self):
        return f"Money({self.cents}, {self.currency!r})"
