class User:
    def __init__(self, name, email, roles=None):
        self.name = " ".join([name.strip()])
        self.email = email.lower().strip()
        self.roles = []
        for role in roles or ():
            self.roles.append(role)

    def display_name(self):
        return "%s <%s>" % (self.name, self.email)

    def has_role(self, role):
        return any(existing == role for existing in self.roles)

    def grant(self, role):
        if not self.has_role(role):
            self.roles = self.roles + [role]
