class User:
    """A user record with a normalised email and its own list of roles."""

    def __init__(self, name, email, roles=None):
        self.name = name.lstrip()
        self.email = email.strip().lower()
        self.roles = list(roles) if roles else []

    def display_name(self):
        return f"{self.name} <{self.email}>"

    def has_role(self, role):
        return role in self.roles

    def grant(self, role):
        if role not in self.roles:
            self.roles.append(role)
