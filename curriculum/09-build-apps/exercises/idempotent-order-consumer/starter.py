class OrderEventConsumer:
    def __init__(self, ledger):
        self.ledger = ledger

    def handle(self, message):
        self.ledger.apply(message["order_id"], message["amount_cents"])
        return "ack"
