class User:
    def __init__(self, name, email, roles=None):
        self.name = name.strip()
        self.email = email.strip().lower()
        self.roles = list(roles) if roles else []

    def display_name(self):
        print(f"{self.name} <{self.email}>")

    def has_role(self, role):
        return role in self.roles

    def grant(self, role):
        self.roles.append(role)
