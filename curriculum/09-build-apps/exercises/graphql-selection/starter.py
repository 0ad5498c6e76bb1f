def execute(schema, root, query):
    return {"data": {}}
