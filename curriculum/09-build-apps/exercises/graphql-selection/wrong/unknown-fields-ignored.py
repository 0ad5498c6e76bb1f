import re

SCALARS = {"Int", "Float", "String", "Boolean", "ID"}
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class QuerySyntaxError(Exception):
    pass


def tokenize(query):
    """Braces and names; whitespace and commas only separate them."""
    tokens = re.findall(r"[{}]|[^\s,{}]+", query)
    for token in tokens:
        if token not in ("{", "}") and not NAME.fullmatch(token):
            raise QuerySyntaxError(token)
    return tokens


def parse_selection(tokens, position):
    """Parse '{ field field { ... } }' from tokens[position]; return (fields, next position)."""
    if position >= len(tokens) or tokens[position] != "{":
        raise QuerySyntaxError("expected {")
    position += 1
    fields = []
    while position < len(tokens) and tokens[position] != "}":
        name = tokens[position]
        if name == "{":
            raise QuerySyntaxError("a selection needs a field name")
        position += 1
        sub = None
        if position < len(tokens) and tokens[position] == "{":
            sub, position = parse_selection(tokens, position)
        fields.append((name, sub))
    if position >= len(tokens) or not fields:
        raise QuerySyntaxError("missing } or an empty selection")
    return fields, position + 1


def parse(query):
    tokens = tokenize(query)
    fields, position = parse_selection(tokens, 0)
    if position != len(tokens):
        raise QuerySyntaxError("text after the query")
    return fields


def named(type_name):
    """'[Order]' -> 'Order'."""
    return type_name.strip("[]")


def validate(schema, type_name, fields, errors):
    for name, sub in fields:
        if name not in schema[type_name]:
            continue
        field_type = schema[type_name][name]
        if named(field_type) in SCALARS:
            if sub is not None:
                errors.append(f"Field '{name}' of type '{field_type}' cannot have a selection.")
        elif sub is None:
            errors.append(f"Field '{name}' of type '{field_type}' needs a selection.")
        else:
            validate(schema, named(field_type), sub, errors)


def resolve(schema, type_name, value, fields):
    result = {}
    for name, sub in fields:
        field_value = value.get(name)
        if sub is None or field_value is None:
            result[name] = field_value
        elif isinstance(field_value, list):
            inner = named(schema[type_name][name])
            result[name] = [
                None if item is None else resolve(schema, inner, item, sub) for item in field_value
            ]
        else:
            result[name] = resolve(schema, named(schema[type_name][name]), field_value, sub)
    return result


def execute(schema, root, query):
    """Run a GraphQL query (field selections only) against root data of type Query."""
    try:
        fields = parse(query)
    except QuerySyntaxError:
        return {"errors": [{"message": "Syntax error."}]}
    errors = []
    validate(schema, "Query", fields, errors)
    if errors:
        return {"errors": [{"message": message} for message in errors]}
    return {"data": resolve(schema, "Query", root, fields)}
