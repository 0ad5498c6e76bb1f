SCALARS = ("Int", "Float", "String", "Boolean", "ID")


class _Bad(Exception):
    pass


def _read(query):
    """Yield the query's tokens: '{', '}' and names."""
    name = ""
    for char in query + " ":
        if char.isascii() and (char.isalnum() or char == "_"):
            name += char
            continue
        if name:
            if name[0].isdigit():
                raise _Bad()
            yield name
            name = ""
        if char in "{}":
            yield char
        elif char not in " \t\r\n,":
            raise _Bad()


class _Parser:
    def __init__(self, query):
        self.tokens = list(_read(query))
        self.at = 0

    def peek(self):
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self):
        token = self.peek()
        if token is None:
            raise _Bad()
        self.at += 1
        return token

    def selection(self):
        if self.take() != "{":
            raise _Bad()
        fields = []
        while self.peek() != "}":
            name = self.take()
            if name == "{":
                raise _Bad()
            fields.append((name, self.selection() if self.peek() == "{" else None))
        self.take()
        if not fields:
            raise _Bad()
        return fields


def _check(schema, owner, fields):
    problems = []
    for name, sub in fields:
        kind = schema[owner].get(name)
        if kind is None:
            problems.append(f"Cannot query field '{name}' on type '{owner}'.")
        elif kind.strip("[]") in SCALARS and sub is not None:
            problems.append(f"Field '{name}' of type '{kind}' cannot have a selection.")
        elif kind.strip("[]") not in SCALARS and sub is None:
            problems.append(f"Field '{name}' of type '{kind}' needs a selection.")
        elif sub is not None:
            problems += _check(schema, kind.strip("[]"), sub)
    return problems


def _shape(value, fields):
    if value is None:
        return None
    if isinstance(value, list):
        return [_shape(item, fields) for item in value]
    return {name: (value.get(name) if sub is None else _shape(value.get(name), sub)) for name, sub in fields}


def execute(schema, root, query):
    try:
        parser = _Parser(query)
        fields = parser.selection()
        if parser.peek() is not None:
            raise _Bad()
    except _Bad:
        return {"errors": [{"message": "Syntax error."}]}
    problems = _check(schema, "Query", fields)
    if problems:
        return {"errors": [{"message": text} for text in problems]}
    return {"data": _shape(root, fields)}
