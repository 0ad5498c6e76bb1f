class OrderService:
    def __init__(self, repository, notifier):
        # Your code here
        pass

    def place(self, customer, total):
        pass

    def cancel(self, order_id):
        pass
