class User:
    def __init__(self, name, email, roles=None):
        self.name, self.email = name.strip(), email.strip().lower()
        self.roles = list(roles or ())
    def display_name(self):
        return "%s <%s>" % (self.name, self.email)
    def has_role(self, role):
        return any(r == role for r in self.roles)
    def grant(self, role):
        if not self.has_role(role):
            self.roles = self.roles + [role]
