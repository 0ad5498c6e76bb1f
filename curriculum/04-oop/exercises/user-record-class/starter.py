class User:
    def __init__(self, name, email, roles=None):
        # Your code here
        pass

    def display_name(self):
        pass

    def has_role(self, role):
        pass

    def grant(self, role):
        pass
