# Stage only orders.py and commit it with the message: Fix order total rounding
# settings.py must stay modified (but uncommitted) when you are done.
