"""Same rules, written with structural pattern matching and a Counter."""

from collections import Counter


class OrderEventConsumer:
    ATTEMPTS = 3

    def __init__(self, ledger):
        self.ledger = ledger
        self.done: set[str] = set()
        self.failed: Counter[str] = Counter()

    @staticmethod
    def delta(message):
        """The signed amount a valid message applies, or None when it can never work."""
        match message:
            case {"id": str(event_id), "type": "order.paid" | "order.refunded" as kind,
                  "order_id": int(order_id), "amount_cents": int(amount)} if (
                event_id and amount > 0
                and not isinstance(order_id, bool) and not isinstance(amount, bool)
            ):
                return amount if kind == "order.paid" else -amount
        return None

    def handle(self, message):
        delta = self.delta(message)
        if delta is None:
            return "dead-letter"
        if message["id"] in self.done:
            return "ack"
        try:
            self.ledger.apply(message["order_id"], delta)
        except TimeoutError:
            self.failed[message["id"]] += 1
            return "dead-letter" if self.failed[message["id"]] >= self.ATTEMPTS else "retry"
        self.done.add(message["id"])
        return "ack"
