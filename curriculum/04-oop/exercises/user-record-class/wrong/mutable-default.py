class User:
    def __init__(self, name, email, roles=[]):
        self.name = name.strip()
        self.email = email.strip().lower()
        self.roles = roles

    def display_name(self):
        return f"{self.name} <{self.email}>"

    def has_role(self, role):
        return role in self.roles

    def grant(self, role):
        if role not in self.roles:
            self.roles.append(role)
