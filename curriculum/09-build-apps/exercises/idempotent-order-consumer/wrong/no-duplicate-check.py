SIGNS = {"order.paid": 1, "order.refunded": -1}
MAX_ATTEMPTS = 3


def is_valid(message):
    if not isinstance(message, dict):
        return False
    event_id, amount = message.get("id"), message.get("amount_cents")
    return (
        isinstance(event_id, str)
        and event_id != ""
        and message.get("type") in SIGNS
        and type(message.get("order_id")) is int
        and type(amount) is int
        and amount > 0
    )


class OrderEventConsumer:
    def __init__(self, ledger):
        self.ledger = ledger
        self.applied = set()
        self.failures = {}

    def handle(self, message):
        if not is_valid(message):
            return "dead-letter"
        event_id = message["id"]
        amount = SIGNS[message["type"]] * message["amount_cents"]
        try:
            self.ledger.apply(message["order_id"], amount)
        except TimeoutError:
            self.failures[event_id] = self.failures.get(event_id, 0) + 1
            if self.failures[event_id] >= MAX_ATTEMPTS:
                return "dead-letter"
            return "retry"
        self.applied.add(event_id)
        return "ack"
